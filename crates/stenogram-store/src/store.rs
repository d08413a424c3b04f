//! Opening a data directory and keeping its two halves in step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::index::{self, Fields};
use crate::pieces::{Part, Piece};
use crate::schema::{self, SCHEMA_VERSION};
use crate::StoreError;

/// Memory the index writer may use before flushing a segment.
const WRITER_HEAP: usize = 192 << 20;

/// An open data directory.
pub struct Store {
    pub(crate) dir: PathBuf,
    pub(crate) db: Connection,
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    pub(crate) writer: Option<IndexWriter<TantivyDocument>>,
    /// Documents re-indexed by [`Store::open_write`] because the index had
    /// another schema (so an explicit `reindex` right after need not redo it).
    pub(crate) rebuilt: Option<u64>,
    /// Subcorpus word totals, shared by the handles of one reader.
    pub(crate) totals: crate::counts::TotalsCache,
}

/// Counts that tell whether a store is whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Status {
    pub data: PathBuf,
    pub schema_version: i64,
    pub documents: u64,
    pub turns: u64,
    pub paragraphs: u64,
    pub mentions: u64,
    pub persons: u64,
    pub words: u64,
    /// Pieces in the index; equals `paragraphs` when the two agree.
    pub index_pieces: u64,
    /// Distinct document ids in the index.
    pub index_documents: u64,
    pub generation: i64,
    pub index_generation: i64,
    pub consistent: bool,
}

impl Store {
    /// The SQLite file of a data directory.
    pub fn sqlite_path(dir: &Path) -> PathBuf {
        dir.join("stenogram.sqlite")
    }

    /// Opens (creating if needed) a data directory for writing, taking the
    /// index writer's lock and bringing the index up to the SQLite state.
    pub fn open_write(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        // The index first: wherever SQLite exists, so does an index (maybe
        // empty). One of another schema (an older version's) is replaced by
        // an empty one, filled from SQLite below: SQLite is the truth.
        let index_dir = dir.join("index");
        let outdated = index::outdated(&index_dir)?;
        if outdated {
            index::replace(&index_dir)?;
        }
        let (index, fields) = index::open(&index_dir, true)?;
        let writer = match index.writer_with_num_threads(1, WRITER_HEAP) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(StoreError::Busy(dir.to_path_buf()))
            }
            Err(e) => return Err(e.into()),
        };
        index::remove_leftovers(&index_dir)?;
        let mut db = Connection::open(Self::sqlite_path(dir))?;
        check_database(dir, &db)?;
        db.busy_timeout(std::time::Duration::from_secs(10))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.pragma_update(None, "cache_size", -65536)?;
        let tx = db.transaction()?;
        tx.execute_batch(schema::CREATE)?;
        let version: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match version {
            None => {
                tx.execute_batch(&format!(
                    "INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'), ('generation', '0'), ('persons_stale', '0')"
                ))?;
            }
            Some(v) => {
                check_version(dir, &v)?;
                let found = v.parse::<i64>().unwrap_or(0);
                if found < 3 {
                    // Claims came with version 3: recompute on the next ingest.
                    tx.execute("UPDATE documents SET hash = ''", [])?;
                }
                if found == 3 {
                    // Version 4's claim columns, then every claim again
                    // from the stored documents: the attachment changed.
                    for column in schema::CLAIM_COLUMNS_V4 {
                        tx.execute_batch(&format!("ALTER TABLE claims ADD COLUMN {column}"))?;
                    }
                    crate::rebuild::rebuild_figures(&tx)?;
                }
                // Older versions only lack tables, which CREATE just added.
                tx.execute(
                    "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
                    [SCHEMA_VERSION.to_string()],
                )?;
            }
        }
        tx.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            db,
            index,
            fields,
            reader,
            writer: Some(writer),
            rebuilt: None,
            totals: Default::default(),
        };
        if outdated {
            let generation = store.generation()?;
            store.rebuilt = Some(store.reindex_since(None, generation)?);
        }
        store.catch_up()?;
        Ok(store)
    }

    /// Opens an existing data directory for reading. Never waits for a
    /// writer: it sees the last committed state.
    pub fn open_read(dir: &Path) -> Result<Store, StoreError> {
        let path = Self::sqlite_path(dir);
        if !path.is_file() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let db = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        check_database(dir, &db)?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: Option<String> = db
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .or_else(|e| match e {
                // A store being created: no tables yet.
                rusqlite::Error::SqliteFailure(..) => Ok(None),
                e => Err(e),
            })?;
        let Some(version) = version else {
            return Err(StoreError::Missing(dir.to_path_buf()));
        };
        check_version(dir, &version)?;
        if version.parse::<i64>().unwrap_or(0) < SCHEMA_VERSION {
            // An older store: a writer migrates it (once, in one
            // transaction), then it is read as usual.
            drop(db);
            drop(Store::open_write(dir)?);
            return Store::open_read(dir);
        }
        let (index, fields) = index::open(&dir.join("index"), false)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Store {
            dir: dir.to_path_buf(),
            db,
            index,
            fields,
            reader,
            writer: None,
            rebuilt: None,
            totals: Default::default(),
        })
    }

    /// Another read-only handle on the same store: its own SQLite
    /// connection, the same index reader (shared segments, caches and
    /// reloads), for a pool of readers that serve requests at once.
    pub fn another_reader(&self) -> Result<Store, StoreError> {
        let db = Connection::open_with_flags(
            Self::sqlite_path(&self.dir),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Store {
            dir: self.dir.clone(),
            db,
            index: self.index.clone(),
            fields: self.fields,
            reader: self.reader.clone(),
            writer: None,
            rebuilt: None,
            totals: self.totals.clone(),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn generation(&self) -> Result<i64, StoreError> {
        let value: String =
            self.db
                .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                    r.get(0)
                })?;
        Ok(value.parse().unwrap_or(0))
    }

    /// Re-indexes every document SQLite holds that the index has not
    /// committed, then refreshes stale person tables. Runs on every
    /// [`Store::open_write`].
    fn catch_up(&mut self) -> Result<(), StoreError> {
        let generation = self.generation()?;
        let indexed = index::committed_generation(&self.index)?;
        if indexed > generation {
            // The index is ahead of SQLite (a restored database): rebuild it.
            self.reindex_since(None, generation)?;
        } else if indexed < generation {
            self.reindex_since(Some(indexed), generation)?;
        }
        let stale: String = self.db.query_row(
            "SELECT value FROM meta WHERE key = 'persons_stale'",
            [],
            |r| r.get(0),
        )?;
        if stale != "0" {
            self.db.execute_batch(schema::REBUILD_PERSONS)?;
        }
        Ok(())
    }

    /// Rebuilds the whole index from SQLite (unless opening the store just
    /// did, replacing an index of another version).
    pub fn reindex(&mut self) -> Result<u64, StoreError> {
        if let Some(count) = self.rebuilt.take() {
            return Ok(count);
        }
        let generation = self.generation()?;
        self.reindex_since(None, generation)
    }

    /// Re-indexes documents written after generation `since` (all when `None`).
    fn reindex_since(&mut self, since: Option<i64>, generation: i64) -> Result<u64, StoreError> {
        let writer = self.writer.as_mut().expect("opened for writing");
        if since.is_none() {
            writer.delete_all_documents()?;
        }
        let mut docs = self
            .db
            .prepare("SELECT id, date, text FROM documents WHERE generation > ?1 ORDER BY id")?;
        let mut paragraphs = self.db.prepare(
            "SELECT p.part, p.turn_idx, p.start, p.end, t.person_id, t.name, t.label, t.role, p.words
             FROM paragraphs p LEFT JOIN turns t ON t.doc_id = p.doc_id AND t.idx = p.turn_idx
             WHERE p.doc_id = ?1 ORDER BY p.idx",
        )?;
        let mut rows = docs.query([since.unwrap_or(-1)])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let date: Option<String> = row.get(1)?;
            let text: String = row.get(2)?;
            let pieces = paragraphs
                .query_map([&id], |r| {
                    let part = Part::parse(&r.get::<_, String>(0)?).unwrap_or(Part::Lead);
                    let speech = part == Part::Speech;
                    let arc = |s: Option<String>| s.map(Arc::<str>::from);
                    let name: Option<String> = r.get(5)?;
                    let label: Option<String> = r.get(6)?;
                    let words = r.get::<_, i64>(8)? as usize;
                    Ok((
                        Piece {
                            part,
                            turn: r.get::<_, Option<i64>>(1)?.map(|t| t as usize),
                            start: r.get::<_, i64>(2)? as usize,
                            end: r.get::<_, i64>(3)? as usize,
                            person: if speech { arc(r.get(4)?) } else { None },
                            name: if speech { arc(name.or(label)) } else { None },
                            role: if speech { arc(r.get(7)?) } else { None },
                        },
                        words,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let (pieces, piece_words): (Vec<Piece>, Vec<usize>) = pieces.into_iter().unzip();
            let document = index::IndexDocument {
                id: &id,
                date: date.as_deref(),
                text: &text,
                pieces: &pieces,
                piece_words: &piece_words,
            };
            index::add_document(writer, &self.fields, &document, true)?;
            count += 1;
        }
        index::commit(writer, generation)?;
        self.reader.reload()?;
        Ok(count)
    }

    /// Counts of both halves and whether they agree.
    pub fn status(&self) -> Result<Status, StoreError> {
        self.reader.reload()?;
        let count = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.db.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let searcher = self.reader.searcher();
        let index_pieces = searcher.num_docs();
        let mut ids = std::collections::HashSet::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str("doc")? else {
                continue;
            };
            let alive = segment.alive_bitset();
            let ords = (0..segment.max_doc())
                .filter(|&doc| alive.is_none_or(|a| a.is_alive(doc)))
                .flat_map(|doc| column.term_ords(doc))
                .map(Some);
            ids.extend(crate::kwic::resolve_ords(&column, ords)?.into_values());
        }
        let documents = count("SELECT count(*) FROM documents")?;
        let paragraphs = count("SELECT count(*) FROM paragraphs")?;
        let generation = self.generation()?;
        let index_generation = index::committed_generation(&self.index)?;
        Ok(Status {
            data: self.dir.clone(),
            schema_version: SCHEMA_VERSION,
            documents,
            turns: count("SELECT count(*) FROM turns")?,
            paragraphs,
            mentions: count("SELECT count(*) FROM mentions")?,
            persons: count("SELECT count(*) FROM persons")?,
            words: count("SELECT coalesce(sum(words), 0) FROM documents")?,
            index_pieces,
            index_documents: ids.len() as u64,
            generation,
            index_generation,
            consistent: index_pieces == paragraphs
                && ids.len() as u64 == documents
                && index_generation == generation,
        })
    }
}

/// A file where the store's SQLite database should be that is no SQLite
/// database (damaged, truncated, or another file) is named, not reported
/// as a bare SQLite error or as a missing store.
fn check_database(dir: &Path, db: &Connection) -> Result<(), StoreError> {
    match db.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            Err(StoreError::Io {
                path: Store::sqlite_path(dir),
                message: "not a stenogram store: the file is no SQLite database, or a damaged one"
                    .to_owned(),
            })
        }
        _ => Ok(()),
    }
}

fn check_version(dir: &Path, value: &str) -> Result<(), StoreError> {
    let found: i64 = value.parse().unwrap_or(-1);
    if !schema::READABLE_VERSIONS.contains(&found) {
        return Err(StoreError::SchemaVersion {
            path: Store::sqlite_path(dir),
            found,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(())
}
