//! The tantivy index: one index document per [`Piece`], words as alphanumeric
//! runs lower-cased (no stemming, no stop words, no length limit), so a
//! term count here equals a count of the word form in the text.

use std::path::Path;

use tantivy::indexer::UserOperation;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

use crate::pieces::Piece;
use crate::StoreError;

/// The analyzer's name in the index settings.
pub const WORDS: &str = "words";

/// The fields of an index document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document id (exact).
    pub doc: Field,
    /// Document date as `YYYYMMDD` (`YYYYMM00`, `YYYY0000` for partial dates), 0 if none.
    pub date: Field,
    pub part: Field,
    /// Person id of speech pieces, "" otherwise.
    pub person: Field,
    /// Speaker name as shown, "" otherwise.
    pub name: Field,
    /// Speaker role, "" otherwise.
    pub role: Field,
    /// Turn index + 1, 0 outside turns.
    pub turn: Field,
    /// Code point range in the document text.
    pub start: Field,
    pub end: Field,
    /// The piece's text, analysed with [`WORDS`], stored.
    pub text: Field,
    /// The piece's words ([`stenogram_core::count_words`], as
    /// `paragraphs.words`): normalisers are sums over this column.
    pub words: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        doc: builder.add_text_field("doc", STRING | STORED | FAST),
        date: builder.add_u64_field("date", INDEXED | FAST),
        part: builder.add_text_field("part", STRING | FAST),
        person: builder.add_text_field("person", STRING | STORED | FAST),
        name: builder.add_text_field("name", STRING | STORED | FAST),
        role: builder.add_text_field("role", STRING | FAST),
        turn: builder.add_u64_field("turn", STORED | FAST),
        start: builder.add_u64_field("start", STORED | FAST),
        end: builder.add_u64_field("end", STORED | FAST),
        text: builder.add_text_field("text", text_options),
        words: builder.add_u64_field("words", FAST),
    };
    (builder.build(), fields)
}

/// The analyzer for [`WORDS`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Opens the index in `dir`, creating it when `create` is set and it is missing.
pub fn open(dir: &Path, create: bool) -> Result<(Index, Fields), StoreError> {
    let (schema, fields) = schema();
    let has_meta = dir.join("meta.json").is_file();
    let index = if has_meta {
        Index::open_in_dir(dir)?
    } else if create {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        Index::create_in_dir(dir, schema.clone())?
    } else {
        return Err(StoreError::Missing(
            dir.parent().unwrap_or(dir).to_path_buf(),
        ));
    };
    if index.schema() != schema {
        return Err(StoreError::Query(format!(
            "the index at {} was built by another version of stenogram; run `stenogram reindex` \
             (or any command that writes) to rebuild it from SQLite",
            dir.display()
        )));
    }
    index.tokenizers().register(WORDS, analyzer());
    Ok((index, fields))
}

/// Whether `dir` holds an index of another schema (one built by another
/// version), which must be rebuilt; false when it holds none.
pub fn outdated(dir: &Path) -> Result<bool, StoreError> {
    if !dir.join("meta.json").is_file() {
        return Ok(false);
    }
    Ok(Index::open_in_dir(dir)?.schema() != schema().0)
}

/// Replaces the index in `dir` by an empty one of this version's schema,
/// to be filled from SQLite. Refused (`Busy`) while another process holds
/// the old index's writer lock. The new index is made beside the old one
/// (`index.new`) and swapped in by renames; a crash at any point leaves
/// either the old index (redone on the next open) or none or an empty one
/// (rebuilt in full, as its committed generation is 0).
pub fn replace(dir: &Path) -> Result<(), StoreError> {
    let io = |path: &Path, e: std::io::Error| StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let old = Index::open_in_dir(dir)?;
    match old.writer_with_num_threads::<TantivyDocument>(1, 15_000_000) {
        // Nobody else writes: the lock is released at once (the swap below
        // takes microseconds).
        Ok(writer) => drop(writer),
        Err(tantivy::TantivyError::LockFailure(..)) => {
            return Err(StoreError::Busy(dir.parent().unwrap_or(dir).to_path_buf()))
        }
        Err(e) => return Err(e.into()),
    }
    drop(old);
    let fresh = dir.with_extension("new");
    let stale = dir.with_extension("old");
    remove_leftovers(dir)?;
    std::fs::create_dir_all(&fresh).map_err(|e| io(&fresh, e))?;
    Index::create_in_dir(&fresh, schema().0)?;
    std::fs::rename(dir, &stale).map_err(|e| io(dir, e))?;
    std::fs::rename(&fresh, dir).map_err(|e| io(&fresh, e))?;
    std::fs::remove_dir_all(&stale).map_err(|e| io(&stale, e))?;
    Ok(())
}

/// Removes what a [`replace`] cut short left beside the index (call with
/// the index's writer lock held).
pub fn remove_leftovers(dir: &Path) -> Result<(), StoreError> {
    for leftover in [dir.with_extension("new"), dir.with_extension("old")] {
        if leftover.exists() {
            std::fs::remove_dir_all(&leftover).map_err(|e| StoreError::Io {
                path: leftover.clone(),
                message: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// The `date` field's number for an ISO date (or partial date).
pub fn date_key(date: Option<&str>) -> u64 {
    let Some(date) = date else { return 0 };
    let mut parts = date.split('-').map(|p| p.parse::<u64>().unwrap_or(0));
    let year = parts.next().unwrap_or(0);
    let month = parts.next().unwrap_or(0);
    let day = parts.next().unwrap_or(0);
    year * 10_000 + month * 100 + day
}

/// Adds a document's pieces to the index (after deleting any earlier
/// version), as one batch: tantivy puts a batch in one segment, and merges
/// keep segments whole, so every live piece of a document is in one
/// segment and per-segment counts of distinct documents add up.
/// A document as the index takes it: its pieces and their word counts
/// ([`stenogram_core::count_words`]).
pub struct IndexDocument<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub text: &'a str,
    pub pieces: &'a [Piece],
    pub piece_words: &'a [usize],
}

/// Adds a document's pieces. `indexed`: whether the index may already hold
/// pieces of this document (they are deleted first). The index never holds
/// a document SQLite does not, so a document new to SQLite needs no delete,
/// which spares the commit looking its id up in every segment.
pub fn add_document(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    document: &IndexDocument,
    indexed: bool,
) -> Result<(), StoreError> {
    let IndexDocument {
        id: doc_id,
        date,
        text,
        pieces,
        piece_words,
    } = *document;
    let mut batch = Vec::with_capacity(pieces.len() + 1);
    if indexed {
        batch.push(UserOperation::Delete(Term::from_field_text(
            fields.doc, doc_id,
        )));
    }
    let date = date_key(date);
    let ranges = crate::pieces::byte_ranges(text, pieces);
    for ((piece, range), &words) in pieces.iter().zip(ranges).zip(piece_words) {
        let words = words as u64;
        batch.push(UserOperation::Add(doc!(
            fields.doc => doc_id,
            fields.date => date,
            fields.part => piece.part.as_str(),
            fields.person => piece.person.as_deref().unwrap_or(""),
            fields.name => piece.name.as_deref().unwrap_or(""),
            fields.role => piece.role.as_deref().unwrap_or(""),
            fields.turn => piece.turn.map_or(0, |t| t as u64 + 1),
            fields.start => piece.start as u64,
            fields.end => piece.end as u64,
            fields.text => &text[range],
            fields.words => words,
        )));
    }
    writer.run(batch)?;
    Ok(())
}

/// The generation the index's last commit recorded (0 for a new index).
pub fn committed_generation(index: &Index) -> Result<i64, StoreError> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0))
}

/// Commits the writer, recording `generation`.
pub fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    generation: i64,
) -> Result<(), StoreError> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&generation.to_string());
    prepared.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_sortable_numbers() {
        assert_eq!(date_key(Some("2019-05-09")), 20190509);
        assert_eq!(date_key(Some("2019-05")), 20190500);
        assert_eq!(date_key(Some("2019")), 20190000);
        assert_eq!(date_key(None), 0);
    }

    #[test]
    fn the_analyzer_keeps_word_forms() {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream("Russia’s GDP, COVID-19 and Málaga");
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        assert_eq!(
            tokens,
            ["russia", "s", "gdp", "covid", "19", "and", "málaga"]
        );
    }
}
