//! Fetched pages: every version of every downloaded page, its bytes kept in
//! the data directory, and the fetcher's crawl state.

use std::io::Write;
use std::path::PathBuf;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Store, StoreError};

/// One stored version of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PageVersion {
    pub url: String,
    pub version: i64,
    pub event_id: Option<String>,
    pub fetched_at: String,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub sha256: String,
    pub bytes: u64,
    pub doc_id: Option<String>,
}

/// What storing a fetched page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSaved {
    /// The first version of this URL.
    New,
    /// Content differs from the last version: stored as a new version.
    Changed,
    /// Same content as the last version: nothing stored.
    Unchanged,
}

impl Store {
    /// Where the bytes of a page version live.
    pub fn page_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("pages").join(format!("{sha256}.html"))
    }

    /// The last stored version of `url`.
    pub fn last_page(&self, url: &str) -> Result<Option<PageVersion>, StoreError> {
        Ok(self
            .db
            .query_row(
                "SELECT url, version, event_id, fetched_at, status, etag, last_modified, sha256, bytes, doc_id
                 FROM pages WHERE url = ?1 ORDER BY version DESC LIMIT 1",
                [url],
                page_row,
            )
            .optional()?)
    }

    /// Every stored version of `url`, oldest first.
    pub fn page_versions(&self, url: &str) -> Result<Vec<PageVersion>, StoreError> {
        let mut stmt = self.db.prepare_cached(
            "SELECT url, version, event_id, fetched_at, status, etag, last_modified, sha256, bytes, doc_id
             FROM pages WHERE url = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([url], page_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a downloaded page: the bytes first (content-addressed, written
    /// to a temporary file and renamed, so never half-written), then the
    /// row. A page whose SHA-256 equals the last version's is not stored
    /// again.
    #[allow(clippy::too_many_arguments)]
    pub fn save_page(
        &self,
        url: &str,
        event_id: Option<&str>,
        fetched_at: &str,
        status: u16,
        etag: Option<&str>,
        last_modified: Option<&str>,
        sha256: &str,
        body: &[u8],
    ) -> Result<PageSaved, StoreError> {
        let last = self.last_page(url)?;
        if last.as_ref().is_some_and(|l| l.sha256 == sha256) {
            return Ok(PageSaved::Unchanged);
        }
        let path = self.page_path(sha256);
        if !path.is_file() {
            let io = |e: std::io::Error| StoreError::Io {
                path: path.clone(),
                message: e.to_string(),
            };
            std::fs::create_dir_all(path.parent().expect("pages/ has a parent")).map_err(io)?;
            let tmp = path.with_extension("html.tmp");
            let mut file = std::fs::File::create(&tmp).map_err(io)?;
            file.write_all(body).map_err(io)?;
            file.sync_all().map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
        }
        let version = last.as_ref().map_or(1, |l| l.version + 1);
        self.db.execute(
            "INSERT INTO pages (url, version, event_id, fetched_at, status, etag, last_modified, sha256, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                url,
                version,
                event_id,
                fetched_at,
                status,
                etag,
                last_modified,
                sha256,
                body.len() as i64
            ],
        )?;
        Ok(if last.is_some() {
            PageSaved::Changed
        } else {
            PageSaved::New
        })
    }

    /// Records which document a page version became.
    pub fn set_page_document(
        &self,
        url: &str,
        version: i64,
        doc_id: &str,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE pages SET doc_id = ?3 WHERE url = ?1 AND version = ?2",
            params![url, version, doc_id],
        )?;
        Ok(())
    }

    /// The newest version of every page not yet ingested (no `doc_id`), or
    /// whose newest version is not the one ingested.
    pub fn pages_to_ingest(&self) -> Result<Vec<PageVersion>, StoreError> {
        let mut stmt = self.db.prepare(
            "SELECT p.url, p.version, p.event_id, p.fetched_at, p.status, p.etag, p.last_modified, p.sha256, p.bytes, p.doc_id
             FROM pages p
             WHERE p.doc_id IS NULL
               AND p.version = (SELECT max(version) FROM pages q WHERE q.url = p.url)
             ORDER BY p.url",
        )?;
        let rows = stmt.query_map([], page_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn crawl_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .query_row("SELECT value FROM crawl_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_crawl_state(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO crawl_state (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

fn page_row(r: &rusqlite::Row) -> rusqlite::Result<PageVersion> {
    Ok(PageVersion {
        url: r.get(0)?,
        version: r.get(1)?,
        event_id: r.get(2)?,
        fetched_at: r.get(3)?,
        status: r.get::<_, i64>(4)? as u16,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        sha256: r.get(7)?,
        bytes: r.get::<_, i64>(8)? as u64,
        doc_id: r.get(9)?,
    })
}
