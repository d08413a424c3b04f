//! The tantivy index: one index document per [`Piece`], words as alphanumeric
//! runs lower-cased (no stemming, no stop words, no length limit), so a
//! term count here equals a count of the word form in the text.

use std::path::Path;

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
            "the index at {} was built by another version; run `stenogram reindex`",
            dir.display()
        )));
    }
    index.tokenizers().register(WORDS, analyzer());
    Ok((index, fields))
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

/// Adds a document's pieces to the index (after deleting any earlier version).
pub fn add_document(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    doc_id: &str,
    date: Option<&str>,
    text: &str,
    pieces: &[Piece],
) -> Result<(), StoreError> {
    writer.delete_term(Term::from_field_text(fields.doc, doc_id));
    let date = date_key(date);
    let ranges = crate::pieces::byte_ranges(text, pieces);
    for (piece, range) in pieces.iter().zip(ranges) {
        writer.add_document(doc!(
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
        ))?;
    }
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
