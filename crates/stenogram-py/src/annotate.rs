//! The Spark plumbing: documents annotated Arrow in, Arrow out (IPC stream
//! bytes, so pyarrow and this crate's Arrow need not share a library), and
//! the annotated schema that `mapInArrow` is given before any data.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use stenogram_export::{AnnotateColumns, ExportError};

use crate::{StenogramError, UsageError};

fn export_error(e: ExportError) -> PyErr {
    if e.is_usage() {
        UsageError::new_err(e.to_string())
    } else {
        StenogramError::new_err(e.to_string())
    }
}

/// Annotates the documents of an Arrow IPC stream (`text`, `id`, optional
/// `date`, `title`, `url` columns): an IPC stream of one batch, one row per
/// input row, in the annotated schema.
#[pyfunction]
#[pyo3(signature = (input, text="text", id="id", date=None))]
fn annotate_ipc<'py>(
    py: Python<'py>,
    input: &[u8],
    text: &str,
    id: &str,
    date: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let columns = AnnotateColumns {
        text: text.to_owned(),
        id: id.to_owned(),
        date: date.map(str::to_owned),
    };
    let out = py
        .detach(|| stenogram_export::annotate_ipc(input, &columns))
        .map_err(export_error)?;
    Ok(PyBytes::new(py, &out))
}

/// The annotated schema as the bytes of an empty IPC stream.
#[pyfunction]
fn annotated_schema_ipc(py: Python<'_>) -> Bound<'_, PyBytes> {
    PyBytes::new(py, &stenogram_export::annotated_schema_ipc())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(annotate_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(annotated_schema_ipc, m)?)?;
    Ok(())
}
