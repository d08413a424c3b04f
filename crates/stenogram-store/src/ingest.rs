//! Ingest: sources in, parsed and extracted documents stored and indexed.
//!
//! A reader thread decodes the inputs into batches; a preparer thread
//! hashes each batch, compares it with the store through its own read
//! connection (unchanged documents are skipped before any parsing), and
//! parses and extracts it on all cores; meanwhile the calling thread writes
//! the previous batch to SQLite in one transaction and to the index in one
//! commit, so preparing and writing overlap. See the crate docs for how
//! the two stay in step.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use stenogram_core::{Day, Document, Mention, MentionValue};
use stenogram_sources::{Raw, SourceError};

use crate::index;
use crate::pieces::{self, Piece};
use crate::schema;
use crate::{Store, StoreError};

/// Text an ingest adds to the index between its commits. A commit writes
/// the segments in memory and merges; fewer of them cost less, and after a
/// crash the next writer re-indexes at most this much from SQLite.
const INDEX_COMMIT_BYTES: usize = 256 << 20;

/// How ingest batches its work.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents per transaction and index commit.
    pub batch_documents: usize,
    /// Text bytes per transaction and index commit.
    pub batch_bytes: usize,
    /// How to read datasets (column mapping).
    pub read: stenogram_sources::ReadOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            batch_documents: 2_000,
            batch_bytes: 32 << 20,
            read: stenogram_sources::ReadOptions::default(),
        }
    }
}

/// Told how ingest advances; a terminal progress bar implements it.
pub trait IngestProgress: Sync {
    /// Bytes of input in all.
    fn total_bytes(&self, _bytes: u64) {}
    /// Bytes of input read so far.
    fn read_bytes(&self, _bytes: u64) {}
    /// Documents stored so far (added, replaced or unchanged).
    fn documents(&self, _count: u64) {}
}

impl IngestProgress for () {}

/// An input, or a document of one, that did not land.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Failure {
    /// The file, with the line for datasets (`data.jsonl, line 3`).
    pub path: String,
    pub error: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IngestSummary {
    pub added: u64,
    pub replaced: u64,
    pub unchanged: u64,
    pub failed: Vec<Failure>,
    /// Documents that landed with something to tell (a byte of a page
    /// replaced because it was not UTF-8, …).
    pub warnings: Vec<Failure>,
    /// Files in named folders that no reader takes, and documents without
    /// text (`data.jsonl, line 9: no text`): nothing to store, not an error.
    pub skipped: Vec<String>,
}

impl From<SourceError> for Failure {
    fn from(e: SourceError) -> Self {
        Failure {
            path: e.origin.to_string(),
            error: e.message,
        }
    }
}

enum Message {
    Batch(Vec<Raw>),
    Failed(SourceError),
}

/// A document ready to store.
pub(crate) struct Prepared {
    pub(crate) raw: Raw,
    pub(crate) hash: String,
    pub(crate) doc: Document,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) claims: Vec<stenogram_core::Claim>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) piece_words: Vec<usize>,
    pub(crate) turn_words: Vec<usize>,
    pub(crate) words: usize,
    pub(crate) chars: usize,
}

impl Store {
    /// Ingests every document under `paths`. Failed inputs are listed in the
    /// summary; everything else lands. Errors are reserved for the store
    /// itself failing (disk full, locked, corrupt).
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        options: &IngestOptions,
        progress: &dyn IngestProgress,
    ) -> Result<IngestSummary, StoreError> {
        let found = stenogram_sources::discover(paths);
        let mut summary = IngestSummary {
            failed: found.errors.into_iter().map(Failure::from).collect(),
            skipped: found
                .skipped
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            ..IngestSummary::default()
        };
        progress.total_bytes(found.inputs.iter().map(|i| i.size).sum());
        let inputs = found.inputs;
        let (sender, receiver) = mpsc::sync_channel::<Message>(2);
        let batch_documents = options.batch_documents.max(1);
        let batch_bytes = options.batch_bytes.max(1);
        let read_options = &options.read;
        std::thread::scope(|scope| -> Result<(), StoreError> {
            scope.spawn(move || {
                let mut done = 0u64;
                let mut batch = Vec::new();
                let mut bytes = 0usize;
                for input in &inputs {
                    let mut open = true;
                    stenogram_sources::read(
                        input,
                        read_options,
                        &mut |read| progress.read_bytes(done + read.min(input.size)),
                        &mut |result| {
                            match result {
                                Ok(raw) => {
                                    bytes += raw.text.len();
                                    batch.push(raw);
                                    if batch.len() >= batch_documents || bytes >= batch_bytes {
                                        bytes = 0;
                                        open = sender
                                            .send(Message::Batch(std::mem::take(&mut batch)))
                                            .is_ok();
                                    }
                                }
                                Err(e) => open = sender.send(Message::Failed(e)).is_ok(),
                            }
                            open
                        },
                    );
                    if !open {
                        return;
                    }
                    done += input.size;
                    progress.read_bytes(done);
                }
                if !batch.is_empty() {
                    let _ = sender.send(Message::Batch(batch));
                }
            });
            // The preparer: hashes each batch, compares it with the store
            // (its own read connection; WAL lets it read while this thread
            // writes) and parses and extracts on all cores, while this
            // thread writes the previous batch: the two overlap.
            let (ready_sender, ready_receiver) = mpsc::sync_channel::<Staged>(1);
            let sqlite = Store::sqlite_path(&self.dir);
            let preparer = scope.spawn(move || -> Result<(), StoreError> {
                let lookup = rusqlite::Connection::open_with_flags(
                    &sqlite,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                lookup.busy_timeout(std::time::Duration::from_secs(10))?;
                for message in receiver {
                    let staged = match message {
                        Message::Failed(e) => Staged::failed(e.into()),
                        Message::Batch(batch) => stage_batch(&lookup, batch)?,
                    };
                    if ready_sender.send(staged).is_err() {
                        break;
                    }
                }
                Ok(())
            });
            let mut wrote = false;
            let mut stored = 0u64;
            // Text bytes added to the index since its last commit.
            let mut uncommitted = 0usize;
            for staged in ready_receiver {
                stored += staged.read;
                let ready = staged.merge_into(&mut summary);
                if !ready.is_empty() {
                    uncommitted += ready.iter().map(|p| p.raw.text.len()).sum::<usize>();
                    let commit = uncommitted >= INDEX_COMMIT_BYTES;
                    wrote |= self.write_batch(ready, commit)?;
                    if commit {
                        uncommitted = 0;
                    }
                }
                progress.documents(stored);
            }
            preparer.join().expect("the preparer does not panic")?;
            if uncommitted > 0 {
                self.commit_index()?;
            }
            if wrote {
                self.db
                    .execute_batch(&format!("BEGIN; {} COMMIT;", schema::REBUILD_PERSONS))?;
            }
            Ok(())
        })?;
        Ok(summary)
    }

    /// Ingests documents already read (fetched pages, …), in batches.
    pub fn ingest_documents(
        &mut self,
        raws: Vec<Raw>,
        options: &IngestOptions,
    ) -> Result<IngestSummary, StoreError> {
        let mut summary = IngestSummary::default();
        let mut wrote = false;
        let mut rest = raws.into_iter().peekable();
        while rest.peek().is_some() {
            let batch: Vec<Raw> = rest.by_ref().take(options.batch_documents.max(1)).collect();
            wrote |= self.ingest_batch(batch, &mut summary)?;
        }
        if wrote {
            self.db
                .execute_batch(&format!("BEGIN; {} COMMIT;", schema::REBUILD_PERSONS))?;
        }
        Ok(summary)
    }

    /// Stores one batch; returns whether anything was written.
    fn ingest_batch(
        &mut self,
        batch: Vec<Raw>,
        summary: &mut IngestSummary,
    ) -> Result<bool, StoreError> {
        let staged = stage_batch(&self.db, batch)?;
        let ready = staged.merge_into(summary);
        if ready.is_empty() {
            return Ok(false);
        }
        self.write_batch(ready, true)
    }

    /// Writes prepared documents: one SQLite transaction, and their pieces
    /// to the index. The index commits when `commit_index`; else a later
    /// batch's commit records them (or, after a crash, the next writer's
    /// catch-up: SQLite is the truth and the index's commit names the
    /// generation it holds).
    fn write_batch(
        &mut self,
        ready: Vec<Prepared>,
        commit_index: bool,
    ) -> Result<bool, StoreError> {
        let generation = self.generation()? + 1;
        // Which documents SQLite holds already: only those can be in the index.
        let mut known = Vec::with_capacity(ready.len());
        {
            let mut exists = self
                .db
                .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
            for p in &ready {
                known.push(exists.exists([&p.raw.id])?);
            }
        }
        let writer = self.writer.as_mut().expect("opened for writing");
        for (p, &indexed) in ready.iter().zip(&known) {
            let document = index::IndexDocument {
                id: &p.raw.id,
                date: p.raw.meta.date.as_deref(),
                text: &p.raw.text,
                pieces: &p.pieces,
                piece_words: &p.piece_words,
            };
            index::add_document(writer, &self.fields, &document, indexed)?;
        }
        let written = (|| -> Result<(), StoreError> {
            let tx = self.db.transaction()?;
            for (p, &known) in ready.iter().zip(&known) {
                write_document(&tx, p, known, generation)?;
            }
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'generation'",
                [generation.to_string()],
            )?;
            tx.execute(
                "UPDATE meta SET value = '1' WHERE key = 'persons_stale'",
                [],
            )?;
            tx.commit()?;
            Ok(())
        })();
        let writer = self.writer.as_mut().expect("opened for writing");
        if let Err(e) = written {
            writer.rollback()?;
            return Err(e);
        }
        if commit_index {
            index::commit(writer, generation)?;
            self.reader.reload()?;
        }
        Ok(true)
    }

    /// Commits what the index writer holds as the current generation.
    fn commit_index(&mut self) -> Result<(), StoreError> {
        let generation = self.generation()?;
        let writer = self.writer.as_mut().expect("opened for writing");
        index::commit(writer, generation)?;
        self.reader.reload()?;
        Ok(())
    }
}

/// A batch made ready to write, and what was found on the way.
struct Staged {
    /// Documents read (for progress).
    read: u64,
    ready: Vec<Prepared>,
    summary: IngestSummary,
}

impl Staged {
    fn failed(failure: Failure) -> Self {
        Staged {
            read: 0,
            ready: Vec::new(),
            summary: IngestSummary {
                failed: vec![failure],
                ..IngestSummary::default()
            },
        }
    }

    /// Adds this batch's counts to `summary`, returning the documents to write.
    fn merge_into(self, summary: &mut IngestSummary) -> Vec<Prepared> {
        let s = self.summary;
        summary.added += s.added;
        summary.replaced += s.replaced;
        summary.unchanged += s.unchanged;
        summary.failed.extend(s.failed);
        summary.warnings.extend(s.warnings);
        summary.skipped.extend(s.skipped);
        self.ready
    }
}

/// Screens, hashes and compares a batch with the store through `db` (the
/// store's connection or a reader of it), then parses and extracts what
/// changed on all cores: pure work, no write.
fn stage_batch(db: &rusqlite::Connection, mut batch: Vec<Raw>) -> Result<Staged, StoreError> {
    let mut summary = IngestSummary::default();
    let read = batch.len() as u64;
    screen(&mut batch, &mut summary);
    // Hash, and keep only the last version of an id within the batch.
    let hashed: Vec<(Raw, String)> = batch
        .into_par_iter()
        .map(|raw| {
            let hash = content_hash(&raw);
            (raw, hash)
        })
        .collect();
    let mut last: HashMap<String, usize> = HashMap::new();
    for (i, (raw, _)) in hashed.iter().enumerate() {
        last.insert(raw.id.clone(), i);
    }
    let mut work = Vec::new();
    {
        let mut lookup = db.prepare_cached("SELECT hash FROM documents WHERE id = ?1")?;
        for (i, (raw, hash)) in hashed.into_iter().enumerate() {
            if last[&raw.id] != i {
                // A later line of this batch carries the same id.
                summary.replaced += 1;
                continue;
            }
            let stored: Option<String> = lookup.query_row([&raw.id], |r| r.get(0)).optional()?;
            match stored {
                Some(old) if old == hash => summary.unchanged += 1,
                Some(_) => work.push((raw, hash, true)),
                None => work.push((raw, hash, false)),
            }
        }
    }
    let prepared: Vec<(Result<Prepared, Failure>, bool)> = work
        .into_par_iter()
        .map(|(raw, hash, replacing)| (prepare(raw, hash), replacing))
        .collect();
    let mut ready = Vec::with_capacity(prepared.len());
    for (result, replacing) in prepared {
        match result {
            Ok(p) => {
                if replacing {
                    summary.replaced += 1;
                } else {
                    summary.added += 1;
                }
                ready.push(p);
            }
            Err(failure) => summary.failed.push(failure),
        }
    }
    Ok(Staged {
        read,
        ready,
        summary,
    })
}

/// Moves warnings into the summary and drops blank documents (listed as
/// skipped: nothing to store, not an error).
fn screen(batch: &mut Vec<Raw>, summary: &mut IngestSummary) {
    batch.retain(|raw| {
        for warning in &raw.warnings {
            summary.warnings.push(Failure {
                path: raw.origin.to_string(),
                error: warning.clone(),
            });
        }
        let blank = raw.text.trim().is_empty();
        if blank {
            summary.skipped.push(format!("{}: no text", raw.origin));
        }
        !blank
    });
}

/// SHA-256 over everything that makes a version: id, metadata and text.
pub(crate) fn content_hash(raw: &Raw) -> String {
    let mut hasher = Sha256::new();
    hasher.update(raw.id.as_bytes());
    hasher.update([0]);
    hasher.update(serde_json::to_vec(&raw.meta).unwrap_or_default());
    hasher.update([0]);
    hasher.update(raw.text.as_bytes());
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses and extracts one document: pure work, run on all cores.
pub(crate) fn prepare(raw: Raw, hash: String) -> Result<Prepared, Failure> {
    let fail = |e: String| Failure {
        path: raw.origin.to_string(),
        error: e,
    };
    let doc = stenogram_sources::parse_raw(&raw).map_err(|e| fail(e.to_string()))?;
    let reference = raw.meta.date.as_deref().and_then(Day::parse_iso);
    let mentions = stenogram_core::extract(&raw.text, reference);
    let claims = stenogram_core::claims(&doc, &raw.text, &mentions);
    let pieces = pieces::pieces(&doc);
    let ranges = pieces::byte_ranges(&raw.text, &pieces);
    let piece_words: Vec<usize> = ranges
        .iter()
        .map(|r| stenogram_core::count_words(&raw.text[r.clone()]))
        .collect();
    let mut turn_words = vec![0; doc.turns.len()];
    for (piece, words) in pieces.iter().zip(&piece_words) {
        if let (pieces::Part::Speech, Some(turn)) = (piece.part, piece.turn) {
            turn_words[turn] += words;
        }
    }
    Ok(Prepared {
        words: piece_words.iter().sum(),
        chars: stenogram_core::count_chars(raw.text.as_bytes()),
        raw,
        hash,
        doc,
        mentions,
        claims,
        pieces,
        piece_words,
        turn_words,
    })
}

/// Writes a document's mentions and claims (the caller has deleted the old ones).
pub(crate) fn insert_figures(
    tx: &Transaction,
    id: &str,
    doc: &Document,
    mentions: &[Mention],
    claims: &[stenogram_core::Claim],
) -> Result<(), StoreError> {
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (doc_id, idx, turn_idx, kind, start, end, text, value, high, unit, qualifier, qualifier_start, qualifier_end, bound, offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (idx, m) in mentions.iter().enumerate() {
        let turn_idx = turn_of(doc, m.start);
        mention.execute(params![
            id,
            idx as i64,
            turn_idx.map(|t| t as i64),
            enum_str(&m.kind),
            m.start as i64,
            m.end as i64,
            m.text,
            value_sql(&m.value),
            value_sql(&m.high),
            m.unit,
            m.qualifier,
            m.qualifier_start.map(|v| v as i64),
            m.qualifier_end.map(|v| v as i64),
            enum_str(&m.bound),
            m.offset
        ])?;
    }
    let mut claim = tx.prepare_cached(
        "INSERT INTO claims (doc_id, idx, turn_idx, person_id, name, indicator, indicator_text, indicator_start, indicator_end,
           scope, period, value, high, unit, qualifier, bound, change, direction, source, start, end, sentence_start, sentence_end, forecast, detail,
           canonical, kind, unit_family, partial, converted, converted_unit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,
           ?26, ?27, ?28, ?29, ?30, ?31)",
    )?;
    for (idx, c) in claims.iter().enumerate() {
        claim.execute(params![
            id,
            idx as i64,
            c.turn.map(|t| t as i64),
            c.person,
            c.name,
            c.indicator,
            c.indicator_text,
            c.indicator_start as i64,
            c.indicator_end as i64,
            c.scope.join("+"),
            c.period,
            c.value,
            c.high,
            c.unit,
            c.qualifier,
            enum_str(&c.bound),
            c.change,
            c.direction,
            c.source,
            c.start as i64,
            c.end as i64,
            c.sentence_start as i64,
            c.sentence_end as i64,
            c.forecast,
            c.detail,
            c.canonical,
            c.kind.as_str(),
            c.unit_family,
            c.partial,
            c.converted,
            c.converted_unit
        ])?;
    }
    Ok(())
}

/// The turn holding code point `at`, if any.
pub(crate) fn turn_of(doc: &Document, at: usize) -> Option<usize> {
    doc.turns
        .partition_point(|t| t.start <= at)
        .checked_sub(1)
        .filter(|&i| at < doc.turns[i].end)
}

pub(crate) fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn value_sql(value: &Option<MentionValue>) -> rusqlite::types::Value {
    match value {
        None => rusqlite::types::Value::Null,
        Some(MentionValue::Number(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            rusqlite::types::Value::Integer(*n as i64)
        }
        Some(MentionValue::Number(n)) => rusqlite::types::Value::Real(*n),
        Some(MentionValue::Text(t)) => rusqlite::types::Value::Text(t.clone()),
    }
}

/// Writes one document's rows; `known`: SQLite holds an earlier version,
/// whose rows go first.
fn write_document(
    tx: &Transaction,
    p: &Prepared,
    known: bool,
    generation: i64,
) -> Result<(), StoreError> {
    let id = &p.raw.id;
    if known {
        for table in schema::PER_DOCUMENT {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc_id = ?1"))?
                .execute([id])?;
        }
    }
    let metadata = serde_json::to_string(&p.raw.meta.extra).unwrap_or_else(|_| "{}".into());
    tx.prepare_cached(
        "INSERT INTO documents (id, title, date, place, url, text, chars, words, metadata, hash, generation, added_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, date = excluded.date, place = excluded.place,
           url = excluded.url, text = excluded.text, chars = excluded.chars, words = excluded.words,
           metadata = excluded.metadata, hash = excluded.hash, generation = excluded.generation,
           updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        p.raw.meta.title,
        p.raw.meta.date,
        p.doc.place,
        p.raw.meta.url,
        p.raw.text,
        p.chars as i64,
        p.words as i64,
        metadata,
        p.hash,
        generation
    ])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO sources (doc_id, path, locator, hash, bytes, read_at)
         VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    )?
    .execute(params![
        id,
        p.raw.origin.path.display().to_string(),
        p.raw.origin.locator,
        p.hash,
        p.raw.text.len() as i64
    ])?;
    let mut turn = tx.prepare_cached(
        "INSERT INTO turns (doc_id, idx, start, end, label_start, label_end, label, person_id, name, role, note, generic, words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut addressee = tx.prepare_cached(
        "INSERT OR IGNORE INTO addressees (doc_id, turn_idx, start, end, text, person_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (idx, t) in p.doc.turns.iter().enumerate() {
        let s = &t.speaker;
        turn.execute(params![
            id,
            idx as i64,
            t.start as i64,
            t.end as i64,
            t.label_span.start as i64,
            t.label_span.end as i64,
            &*s.label,
            s.person.as_deref(),
            s.name.as_deref(),
            s.role.as_deref(),
            s.note.as_deref(),
            s.generic,
            p.turn_words[idx] as i64
        ])?;
        for v in &t.vocatives {
            addressee.execute(params![
                id,
                idx as i64,
                v.start as i64,
                v.end as i64,
                v.text,
                v.person
            ])?;
        }
    }
    let mut paragraph = tx.prepare_cached(
        "INSERT INTO paragraphs (doc_id, idx, part, turn_idx, start, end, words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (idx, (piece, words)) in p.pieces.iter().zip(&p.piece_words).enumerate() {
        paragraph.execute(params![
            id,
            idx as i64,
            piece.part.as_str(),
            piece.turn.map(|t| t as i64),
            piece.start as i64,
            piece.end as i64,
            *words as i64
        ])?;
    }
    insert_figures(tx, id, &p.doc, &p.mentions, &p.claims)?;
    let mut omission = tx.prepare_cached(
        "INSERT OR IGNORE INTO omissions (doc_id, start, end) VALUES (?1, ?2, ?3)",
    )?;
    for o in &p.doc.omissions {
        omission.execute(params![id, o.start as i64, o.end as i64])?;
    }
    let mut artefact = tx.prepare_cached(
        "INSERT OR IGNORE INTO artefacts (doc_id, kind, start, end) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for a in &p.doc.artefacts {
        artefact.execute(params![id, enum_str(&a.kind), a.start as i64, a.end as i64])?;
    }
    Ok(())
}
