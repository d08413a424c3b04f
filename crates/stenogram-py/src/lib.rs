//! stenogram-py: the Python extension module `stenogram._native` (pyo3,
//! abi3): the pure core on a text (parse, extract, claims), ingest, the
//! store's queries and the Arrow annotation behind `stenogram.spark`. Every
//! answer is the CLI's JSON (the same serde types from the same library
//! calls), serialised here and read by the Python package
//! (`python/stenogram`), which turns store rows into `pyarrow` tables. The
//! work runs with the interpreter released (`Python::detach`).

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

mod annotate;
mod store;
mod text;

create_exception!(
    stenogram,
    StenogramError,
    PyException,
    "An error of stenogram, with the message the command-line tool prints."
);
create_exception!(
    stenogram,
    UsageError,
    StenogramError,
    "A request that cannot be run as written (a bad query, filter, date or option): the CLI's exit status 2."
);

/// A store error as the Python exception of its kind.
pub(crate) fn store_error(e: stenogram_store::StoreError) -> PyErr {
    if e.is_usage() {
        UsageError::new_err(e.to_string())
    } else {
        StenogramError::new_err(e.to_string())
    }
}

/// A serialisation error (none is expected: every value is plain data).
pub(crate) fn json_error(e: serde_json::Error) -> PyErr {
    StenogramError::new_err(format!("cannot write JSON: {e}"))
}

#[pymodule]
#[pyo3(name = "_native")]
fn stenogram_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("StenogramError", py.get_type::<StenogramError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_CONTEXT", stenogram_store::DEFAULT_CONTEXT)?;
    m.add_function(wrap_pyfunction!(text::parse, m)?)?;
    m.add_function(wrap_pyfunction!(text::extract, m)?)?;
    m.add_function(wrap_pyfunction!(text::claims, m)?)?;
    m.add_function(wrap_pyfunction!(store::ingest, m)?)?;
    m.add_class::<store::Store>()?;
    annotate::register(m)?;
    Ok(())
}
