//! Complete results as streamed downloads: `…/kwic.csv`, `…/kwic.ndjson`
//! and the same for search, claims and conflicts. No cap: rows are written
//! as the query produces them, through a bounded channel, so memory stays
//! flat whatever the size; a client that goes away stops the query.
//!
//! CSV has the CLI's columns (the same [`CsvRecord`]); cells beginning with
//! `=`, `+`, `-` or `@` get a leading `'` so a spreadsheet does not run
//! them as formulas. The query and corpus version are in the headers
//! `X-Stenogram-Query` and `X-Stenogram-Version`; NDJSON also states them
//! on its first line.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stenogram_store::{ClaimRow, Conflict, CsvRecord, KwicHit, SearchHit, SearchOptions, Store};
use tokio::sync::mpsc;

use crate::api::{claim_filter, kwic_options, search_options, stamp};
use crate::error::ApiError;
use crate::params::Params;
use crate::state::{Cost, SharedState};

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

/// Escapes a cell a spreadsheet would read as a formula.
pub fn escape_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes rows into chunks and sends them; false once the client is gone.
struct Sink {
    format: Format,
    buffer: Vec<u8>,
    tx: mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    open: bool,
}

impl Sink {
    fn row<T: CsvRecord + Serialize>(&mut self, row: &T) -> bool {
        match self.format {
            Format::Ndjson => {
                if serde_json::to_writer(&mut self.buffer, row).is_err() {
                    return false;
                }
                self.buffer.push(b'\n');
            }
            Format::Csv => {
                let cells: Vec<String> = row
                    .record()
                    .iter()
                    .map(|c| escape_cell(c).into_owned())
                    .collect();
                self.csv(&cells);
            }
        }
        self.flush_if_full()
    }

    fn csv<S: AsRef<[u8]>>(&mut self, cells: &[S]) {
        let mut writer = csv::Writer::from_writer(&mut self.buffer);
        let _ = writer.write_record(cells);
        let _ = writer.flush();
    }

    fn flush_if_full(&mut self) -> bool {
        if self.buffer.len() >= CHUNK {
            return self.flush();
        }
        self.open
    }

    fn flush(&mut self) -> bool {
        if !self.buffer.is_empty() && self.open {
            let chunk = std::mem::take(&mut self.buffer);
            self.open = self.tx.blocking_send(Ok(chunk)).is_ok();
        }
        self.open
    }
}

/// What a download streams.
#[derive(Clone, Copy)]
enum Table {
    Kwic,
    Search,
    Claims,
    Conflicts,
}

/// `GET /api/v1/{table}.{csv|ndjson}`.
pub async fn download(
    State(state): State<SharedState>,
    file: &'static str,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((name, extension)) = file.rsplit_once('.') else {
        return crate::api::not_found().await;
    };
    let table = match name {
        "kwic" => Table::Kwic,
        "search" => Table::Search,
        "claims" => Table::Claims,
        "conflicts" => Table::Conflicts,
        _ => return crate::api::not_found().await,
    };
    let format = match extension {
        "csv" => Format::Csv,
        "ndjson" | "jsonl" => Format::Ndjson,
        _ => return crate::api::not_found().await,
    };
    let params = Params::parse(query.as_deref());
    match start(state, table, format, params, name).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn start(
    state: SharedState,
    table: Table,
    format: Format,
    params: Params,
    name: &str,
) -> Result<Response, ApiError> {
    // Check the parameters before anything is sent: a bad one is a 400.
    enum Check {
        Kwic(stenogram_store::KwicOptions),
        Search(SearchOptions),
        Filter(stenogram_store::Filter),
    }
    enum Job {
        Kwic(stenogram_store::KwicOptions),
        Search(SearchOptions),
        Claims(stenogram_store::ClaimFilter),
        Conflicts(stenogram_store::ClaimFilter),
    }
    let job = match table {
        Table::Kwic => Job::Kwic(kwic_options(&params)?),
        Table::Search => Job::Search(search_options(&params)?),
        Table::Claims => Job::Claims(claim_filter(&params)?),
        Table::Conflicts => Job::Conflicts(claim_filter(&params)?),
    };
    // Check the request against the store (the query parses, the term has
    // words, speakers and dates resolve) and take the version, within the
    // time limit: once the 200 is sent, an error can only cut the body.
    let check = match &job {
        Job::Kwic(o) => Check::Kwic(o.clone()),
        Job::Search(o) => Check::Search(o.clone()),
        Job::Claims(f) | Job::Conflicts(f) => Check::Filter(f.filter.clone()),
    };
    let (_, version) = state
        .run(Cost::Light, move |store| {
            match &check {
                Check::Kwic(o) => store.check_kwic(o)?,
                Check::Search(o) => store.check_search(o)?,
                Check::Filter(f) => store.check_filter(f)?,
            }
            Ok(())
        })
        .await?;
    let permit = state.admit(Cost::Heavy).await?;
    let (tx, rx) = mpsc::channel(8);
    let query_json = params.to_json();
    let mut sink = Sink {
        format,
        buffer: Vec::with_capacity(CHUNK + 4096),
        tx,
        open: true,
    };
    if format == Format::Ndjson {
        let head = serde_json::json!({"query": query_json, "version": version});
        let _ = serde_json::to_writer(&mut sink.buffer, &head);
        sink.buffer.push(b'\n');
    } else {
        let header: &[&str] = match table {
            Table::Kwic => KwicHit::header(),
            Table::Search => SearchHit::header(),
            Table::Claims => ClaimRow::header(),
            Table::Conflicts => Conflict::header(),
        };
        sink.csv(header);
    }
    state.run_streaming(permit, move |store: &Store| {
        let result: Result<(), stenogram_store::StoreError> = (|| {
            match job {
                Job::Kwic(options) => {
                    store.kwic(&options, &mut |hit| sink.row(hit))?;
                }
                Job::Search(mut options) => {
                    // Every hit, a block at a time, in rank order.
                    options.offset = 0;
                    options.limit = 2000;
                    loop {
                        let (hits, total) = store.search(&options)?;
                        for hit in &hits {
                            if !sink.row(hit) {
                                return Ok(());
                            }
                        }
                        options.offset += hits.len();
                        if hits.is_empty() || options.offset as u64 >= total {
                            break;
                        }
                    }
                }
                Job::Claims(filter) => {
                    for row in store.claims(&filter)? {
                        if !sink.row(&row) {
                            break;
                        }
                    }
                }
                Job::Conflicts(filter) => {
                    for row in store.conflicts(&filter)? {
                        if !sink.row(&row) {
                            break;
                        }
                    }
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            // Headers are gone: end the body with an error so the client
            // sees a broken transfer, not a short but complete file.
            let _ = sink.flush();
            let _ = sink
                .tx
                .blocking_send(Err(std::io::Error::other(e.to_string())));
            return;
        }
        sink.flush();
    });
    let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(match format {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }),
    );
    let filename = format!(
        "stenogram-{name}-{}.{}",
        version.tag(),
        if format == Format::Csv {
            "csv"
        } else {
            "ndjson"
        }
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&params.without(&[])) {
        headers.insert("x-stenogram-query", v);
    }
    stamp(&mut response, &version);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_escaped() {
        assert_eq!(escape_cell("=1+1"), "'=1+1");
        assert_eq!(escape_cell("-5 percent"), "'-5 percent");
        assert_eq!(escape_cell("@user"), "'@user");
        assert_eq!(escape_cell("+7"), "'+7");
        assert_eq!(escape_cell("Russia"), "Russia");
        assert_eq!(escape_cell(""), "");
    }
}
