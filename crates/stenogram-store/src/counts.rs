//! Counts from the index, never from the text: how often a word or phrase
//! occurs in a subcorpus (postings with frequencies; a phrase is the same
//! postings intersected, counted at consecutive positions), and how many
//! words the subcorpus holds (a sum over the `words` column). Both are
//! grouped by year, month, document, speaker, role or part on request.
//!
//! A subcorpus is the index documents (pieces) a [`Filter`] selects, by the
//! same clauses as KWIC and search ([`Resolved::clauses`]); an empty part
//! list means every part (KWIC's rule; analyses fill in
//! [`crate::DEFAULT_PARTS`] themselves). Words are the index's tokens, so a
//! phrase never spans two pieces and a count here is KWIC's count:
//! case and the non-word characters between words are ignored, and
//! overlapping occurrences of a phrase ("very very" in "very very very")
//! count each.
//!
//! Every live piece of a document is in one segment (see
//! [`crate::index::add_document`]), so documents are counted per segment by
//! their `doc` ordinal and the segments' counts add up.
//!
//! Subcorpus totals are cached in memory per store (shared by the handles
//! of one reader, [`Store::another_reader`]), keyed by the filter as given,
//! the grouping, and the index snapshot the reader sees (its segments and
//! their deletes), so a new ingest is never answered from the cache.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::columnar::{Column, StrColumn};
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{BooleanQuery, EnableScoring, Query, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use crate::filter::{Filter, Resolved};
use crate::subcorpus::{SubcorpusInfo, DEFAULT_PARTS};
use crate::{Store, StoreError};

/// How to break a count down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Totals only.
    #[default]
    None,
    /// By the document's year (`2019`); undated documents have none.
    Year,
    /// By the document's month (`2019-05`); documents dated to the year
    /// only, or undated, have none.
    Month,
    /// By document id.
    Document,
    /// By speaker (person id); pieces that are not a person's speech have none.
    Person,
    /// By the speaker's role; pieces without one have none.
    Role,
    /// By part (lead, narration, label, speech, artefact).
    Part,
}

/// Occurrences of a word or phrase in a subcorpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HitCounts {
    /// Occurrences.
    pub total: u64,
    /// Documents with at least one.
    pub documents: u64,
    /// Pieces with at least one.
    pub pieces: u64,
    /// Occurrences per group (only groups with some), when grouped.
    pub groups: BTreeMap<String, u64>,
}

/// The size of a subcorpus in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubcorpusWords {
    /// The subcorpus (documents and pieces it holds).
    pub info: SubcorpusInfo,
    /// Its words.
    pub words: u64,
    /// Words per group, when grouped (groups with pieces, even of no words).
    pub groups: BTreeMap<String, u64>,
}

/// Cached subcorpus totals; see the module documentation.
#[derive(Clone, Default)]
pub(crate) struct TotalsCache(Arc<Mutex<HashMap<TotalsKey, Arc<SubcorpusWords>>>>);

/// The filter as JSON, the grouping, and the reader's index snapshot.
type TotalsKey = (String, Group, Vec<(tantivy::index::SegmentId, Option<u64>)>);

/// Documents read from the columns at a time.
const BATCH: usize = 256;

/// Entries kept before the cache starts afresh (a few kilobytes each).
const CACHED_TOTALS: usize = 256;

impl Filter {
    /// This filter, with [`DEFAULT_PARTS`] when it names no part: what the
    /// analyses read.
    pub fn or_default_parts(&self) -> Filter {
        let mut filter = self.clone();
        if filter.parts.is_empty() {
            filter.parts = DEFAULT_PARTS.iter().map(|s| s.to_string()).collect();
        }
        filter
    }
}

impl Store {
    /// Occurrences of `term` (a word or a phrase) in the pieces `filter`
    /// selects, from the index's postings and positions.
    pub fn hit_counts(
        &self,
        term: &str,
        filter: &Filter,
        group: Group,
    ) -> Result<HitCounts, StoreError> {
        let words = phrase_of(term)?;
        let resolved = self.resolve(filter)?;
        let searcher = self.reader.searcher();
        let weight = filter_weight(&searcher, &resolved, &self.fields)?;
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(self.fields.text, w))
            .collect();
        let text = self.fields.text;
        count_segments(
            &searcher,
            weight.as_deref(),
            group,
            |segment, keep, docs, add| {
                for_each_hit(segment, text, &terms, keep, &mut |doc, n| {
                    add(doc, docs.first(doc), u64::from(n));
                })
            },
        )
    }

    /// The words (and documents and pieces) of the subcorpus `filter`
    /// selects, from the index's `words` column; cached (see the module
    /// documentation).
    pub fn subcorpus_words(
        &self,
        filter: &Filter,
        group: Group,
    ) -> Result<Arc<SubcorpusWords>, StoreError> {
        let searcher = self.reader.searcher();
        let snapshot = searcher
            .generation()
            .segments()
            .iter()
            .map(|(id, deletes)| (*id, *deletes))
            .collect();
        let key = (
            serde_json::to_string(filter).unwrap_or_default(),
            group,
            snapshot,
        );
        if let Some(hit) = self.totals.0.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let resolved = self.resolve(filter)?;
        let weight = filter_weight(&searcher, &resolved, &self.fields)?;
        let counted = count_segments(
            &searcher,
            weight.as_deref(),
            group,
            |segment, keep, docs, add| {
                let words = segment.fast_fields().u64("words")?;
                let mut ords = [None; BATCH];
                let mut counts = [None; BATCH];
                keep.for_each_batch(segment, &mut |batch| {
                    let (ords, counts) = (&mut ords[..batch.len()], &mut counts[..batch.len()]);
                    ords.fill(None);
                    counts.fill(None);
                    docs.first_vals(batch, ords);
                    words.first_vals(batch, counts);
                    for ((&doc, &ord), &n) in batch.iter().zip(ords.iter()).zip(counts.iter()) {
                        add(doc, ord, n.unwrap_or(0));
                    }
                });
                Ok(())
            },
        )?;
        let answer = Arc::new(SubcorpusWords {
            info: SubcorpusInfo::new(filter, resolved, counted.documents, counted.pieces),
            words: counted.total,
            groups: counted.groups,
        });
        if let Ok(mut cache) = self.totals.0.lock() {
            if cache.len() >= CACHED_TOTALS {
                cache.clear();
            }
            cache.insert(key, answer.clone());
        }
        Ok(answer)
    }
}

/// The index's words of `text` (the analyzer's tokens).
pub(crate) fn analysed(text: &str) -> Vec<String> {
    let mut analyzer = crate::index::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The index's words of a term to look for (KWIC, counts, collocates); an
/// error when it has none.
pub(crate) fn phrase_of(term: &str) -> Result<Vec<String>, StoreError> {
    let words = analysed(term);
    if words.is_empty() {
        return Err(StoreError::Query(format!(
            "{term:?} has no words to look for"
        )));
    }
    Ok(words)
}

/// An I/O error reading the index.
fn io(e: std::io::Error) -> StoreError {
    StoreError::Index(e.into())
}

/// Counts per piece over every segment (in parallel), tallied by document
/// and by `group`, and merged. `count` hands each selected piece's count,
/// with its document's ordinal in `docs`, to `add`.
fn count_segments<F>(
    searcher: &Searcher,
    weight: Option<&dyn Weight>,
    group: Group,
    count: F,
) -> Result<HitCounts, StoreError>
where
    F: Fn(
            &SegmentReader,
            &Selection,
            &Column<u64>,
            &mut dyn FnMut(DocId, Option<u64>, u64),
        ) -> Result<(), StoreError>
        + Sync,
{
    let parts = searcher
        .segment_readers()
        .par_iter()
        .map(|segment| {
            let keep = Selection::new(segment, weight)?;
            let keys = Keys::new(segment, group)?;
            let docs = doc_column(segment)?;
            let mut part = SegmentCounts::new(&docs);
            count(segment, &keep, docs.ords(), &mut |doc, ord, n| {
                part.add(&keys, doc, ord, n)
            })?;
            Ok((part.finish(), keys))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut out = HitCounts::default();
    for (part, keys) in parts {
        out.total += part.total;
        out.pieces += part.pieces;
        out.documents += part.documents;
        keys.merge_into(part.groups, &mut out.groups)?;
    }
    Ok(out)
}

/// What one segment contributes. Pieces come in index order, where a
/// document's pieces are next to each other, so they are tallied in runs
/// (one document, one group key) and each run is added to its group once.
struct SegmentCounts {
    total: u64,
    pieces: u64,
    documents: u64,
    /// A bit per `doc` ordinal: documents seen.
    seen: Vec<u64>,
    groups: HashMap<u64, u64>,
    /// The current run: its document's ordinal, its key and its sum.
    run: Option<(Option<u64>, Option<u64>, u64)>,
}

impl SegmentCounts {
    fn new(docs: &StrColumn) -> Self {
        SegmentCounts {
            total: 0,
            pieces: 0,
            documents: 0,
            seen: vec![0; docs.num_terms().div_ceil(64)],
            groups: HashMap::new(),
            run: None,
        }
    }

    /// Counts `n` for piece `doc` of the document with ordinal `ord`.
    fn add(&mut self, keys: &Keys, doc: DocId, ord: Option<u64>, n: u64) {
        self.total += n;
        self.pieces += 1;
        let same_doc = self.run.as_ref().is_some_and(|r| r.0 == ord);
        let key = if same_doc && keys.per_document() {
            self.run.as_ref().and_then(|r| r.1)
        } else {
            keys.key(doc)
        };
        if let Some(run) = self.run.as_mut().filter(|r| same_doc && r.1 == key) {
            run.2 += n;
            return;
        }
        if let Some(ord) = ord.filter(|_| !same_doc) {
            let (word, bit) = (ord as usize / 64, 1u64 << (ord % 64));
            if let Some(w) = self.seen.get_mut(word).filter(|w| **w & bit == 0) {
                *w |= bit;
                self.documents += 1;
            }
        }
        self.flush();
        self.run = Some((ord, key, n));
    }

    fn flush(&mut self) {
        if let Some((_, Some(key), sum)) = self.run.take() {
            *self.groups.entry(key).or_default() += sum;
        }
    }

    fn finish(mut self) -> Self {
        self.flush();
        self
    }
}

fn doc_column(segment: &SegmentReader) -> Result<StrColumn, StoreError> {
    segment.fast_fields().str("doc")?.ok_or_else(|| {
        StoreError::Query("the index has no doc column; run `stenogram reindex`".into())
    })
}

/// The filter's clauses as one weight; `None` when it restricts nothing.
fn filter_weight(
    searcher: &Searcher,
    resolved: &Resolved,
    fields: &crate::index::Fields,
) -> Result<Option<Box<dyn Weight>>, StoreError> {
    let clauses = resolved.clauses(fields);
    if clauses.is_empty() {
        return Ok(None);
    }
    let query = BooleanQuery::new(clauses);
    Ok(Some(
        query.weight(EnableScoring::disabled_from_searcher(searcher))?,
    ))
}

/// The live documents of a segment a filter selects.
enum Selection<'a> {
    /// Every live document.
    All(Option<&'a tantivy::fastfield::AliveBitSet>),
    /// One bit per document, set for the selected live ones.
    Marked(Vec<u64>),
}

impl<'a> Selection<'a> {
    fn new(segment: &'a SegmentReader, weight: Option<&dyn Weight>) -> Result<Self, StoreError> {
        let alive = segment.alive_bitset();
        let Some(weight) = weight else {
            return Ok(Selection::All(alive));
        };
        let mut bits = vec![0u64; (segment.max_doc() as usize).div_ceil(64)];
        weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
            for &doc in docs {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    bits[doc as usize / 64] |= 1 << (doc % 64);
                }
            }
        })?;
        Ok(Selection::Marked(bits))
    }

    fn contains(&self, doc: DocId) -> bool {
        match self {
            Selection::All(alive) => alive.is_none_or(|a| a.is_alive(doc)),
            Selection::Marked(bits) => bits[doc as usize / 64] & (1 << (doc % 64)) != 0,
        }
    }

    /// Calls `f` with the selected documents, in order, [`BATCH`] at a
    /// time (columns are read faster in batches).
    fn for_each_batch(&self, segment: &SegmentReader, f: &mut dyn FnMut(&[DocId])) {
        let mut batch = [0 as DocId; BATCH];
        let mut len = 0;
        let mut push = |doc: DocId, f: &mut dyn FnMut(&[DocId])| {
            batch[len] = doc;
            len += 1;
            if len == BATCH {
                f(&batch);
                len = 0;
            }
        };
        match self {
            Selection::All(_) => {
                for doc in 0..segment.max_doc() {
                    if self.contains(doc) {
                        push(doc, f);
                    }
                }
            }
            Selection::Marked(bits) => {
                for (i, &word) in bits.iter().enumerate() {
                    let mut word = word;
                    while word != 0 {
                        push(i as DocId * 64 + word.trailing_zeros(), f);
                        word &= word - 1;
                    }
                }
            }
        }
        if len > 0 {
            f(&batch[..len]);
        }
    }
}

/// Calls `hit(doc, n)` for every selected piece of `segment` holding the
/// words `terms` in a row, `n` times (at least once).
fn for_each_hit(
    segment: &SegmentReader,
    field: Field,
    terms: &[Term],
    keep: &Selection,
    hit: &mut dyn FnMut(DocId, u32),
) -> Result<(), StoreError> {
    let inverted = segment.inverted_index(field)?;
    if terms.len() == 1 {
        let Some(mut postings) = inverted
            .read_postings(&terms[0], IndexRecordOption::WithFreqs)
            .map_err(io)?
        else {
            return Ok(());
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if keep.contains(doc) {
                hit(doc, postings.term_freq());
            }
            doc = postings.advance();
        }
        return Ok(());
    }
    let mut postings: Vec<SegmentPostings> = Vec::with_capacity(terms.len());
    for term in terms {
        match inverted
            .read_postings(term, IndexRecordOption::WithFreqsAndPositions)
            .map_err(io)?
        {
            Some(p) => postings.push(p),
            // A word the segment lacks: no phrase here.
            None => return Ok(()),
        }
    }
    // The rarest word leads; the others catch up with it.
    let lead = (0..postings.len())
        .min_by_key(|&i| postings[i].doc_freq())
        .unwrap_or(0);
    let mut starts: Vec<u32> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    let mut candidate = postings[lead].doc();
    'docs: while candidate != TERMINATED {
        for i in 0..postings.len() {
            let p = &mut postings[i];
            let at = if p.doc() < candidate {
                p.seek(candidate)
            } else {
                p.doc()
            };
            if at > candidate {
                candidate = postings[lead].seek(at);
                continue 'docs;
            }
        }
        if keep.contains(candidate) {
            // Positions where word 0 starts a run of all the words.
            postings[0].positions(&mut starts);
            for (i, p) in postings.iter_mut().enumerate().skip(1) {
                if starts.is_empty() {
                    break;
                }
                p.positions_with_offset(0, &mut positions);
                let offset = i as u32;
                let mut j = 0;
                starts.retain(|&s| {
                    while j < positions.len() && positions[j] < s + offset {
                        j += 1;
                    }
                    j < positions.len() && positions[j] == s + offset
                });
            }
            if !starts.is_empty() {
                hit(candidate, starts.len() as u32);
            }
        }
        candidate = postings[lead].advance();
    }
    Ok(())
}

/// A segment's group key of each document.
enum Keys {
    None,
    Year(Column<u64>),
    Month(Column<u64>),
    /// A string column, the ordinal of "" (no value) if any, and whether
    /// it is the document id.
    Str(StrColumn, Option<u64>, bool),
}

impl Keys {
    fn new(segment: &SegmentReader, group: Group) -> Result<Keys, StoreError> {
        let fast = segment.fast_fields();
        let name = match group {
            Group::None => return Ok(Keys::None),
            Group::Year => return Ok(Keys::Year(fast.u64("date")?)),
            Group::Month => return Ok(Keys::Month(fast.u64("date")?)),
            Group::Document => "doc",
            Group::Person => "person",
            Group::Role => "role",
            Group::Part => "part",
        };
        let column = fast.str(name)?.ok_or_else(|| {
            StoreError::Query(format!(
                "the index has no {name} column; run `stenogram reindex`"
            ))
        })?;
        let empty = column
            .dictionary()
            .term_ord(b"")
            .map_err(|e| StoreError::Query(format!("reading the index: {e}")))?;
        Ok(Keys::Str(column, empty, group == Group::Document))
    }

    /// Whether a document's pieces all have the same key.
    fn per_document(&self) -> bool {
        match self {
            Keys::None | Keys::Year(_) | Keys::Month(_) => true,
            Keys::Str(_, _, per_document) => *per_document,
        }
    }

    fn key(&self, doc: DocId) -> Option<u64> {
        match self {
            Keys::None => None,
            Keys::Year(dates) => Some(dates.first(doc)? / 10_000).filter(|&y| y > 0),
            Keys::Month(dates) => {
                let date = dates.first(doc)?;
                let (year, month) = (date / 10_000, date / 100 % 100);
                (year > 0 && month > 0).then_some(year * 100 + month)
            }
            Keys::Str(column, empty, _) => column.ords().first(doc).filter(|o| Some(*o) != *empty),
        }
    }

    /// Adds a segment's counts by key to `out`, by name.
    fn merge_into(
        &self,
        counts: HashMap<u64, u64>,
        out: &mut BTreeMap<String, u64>,
    ) -> Result<(), StoreError> {
        match self {
            Keys::None => {}
            Keys::Year(_) => {
                for (year, n) in counts {
                    *out.entry(format!("{year:04}")).or_default() += n;
                }
            }
            Keys::Month(_) => {
                for (key, n) in counts {
                    *out.entry(format!("{:04}-{:02}", key / 100, key % 100))
                        .or_default() += n;
                }
            }
            Keys::Str(column, _, _) => {
                let names = crate::kwic::resolve_ords(column, counts.keys().map(|&k| Some(k)))?;
                for (ord, n) in counts {
                    if let Some(name) = names.get(&ord) {
                        *out.entry(name.clone()).or_default() += n;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_the_index_words() {
        assert_eq!(analysed("Union  State!"), ["union", "state"]);
        assert_eq!(analysed("COVID-19"), ["covid", "19"]);
        assert!(analysed(" – ").is_empty());
    }

    #[test]
    fn default_parts_only_when_none_are_named() {
        let filter = Filter::default().or_default_parts();
        assert_eq!(filter.parts, DEFAULT_PARTS);
        let named = Filter {
            parts: vec!["label".into()],
            ..Filter::default()
        };
        assert_eq!(named.or_default_parts().parts, ["label"]);
    }
}

/// Counts checked against the concordance (which reads the text) and the
/// subcorpus stream, on the test fixtures.
#[cfg(test)]
mod store_tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::{IngestOptions, KwicOptions, KwicSort};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    fn loaded(extra: &[PathBuf]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_write(dir.path()).unwrap();
        let mut paths = vec![fixtures().join("small"), fixtures().join("dataset.jsonl")];
        paths.extend_from_slice(extra);
        let summary = store
            .ingest(&paths, &IngestOptions::default(), &())
            .unwrap();
        assert!(summary.failed.is_empty(), "{summary:?}");
        (dir, store)
    }

    /// A JSON Lines file of `(id, date, text)` records in `dir`.
    fn dataset(dir: &Path, name: &str, docs: &[(&str, &str, &str)]) -> PathBuf {
        let path = dir.join(name);
        let lines: Vec<String> = docs
            .iter()
            .map(|(id, date, text)| {
                serde_json::json!({"id": id, "date": date, "text": text}).to_string()
            })
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        path
    }

    /// The concordance's totals and its hits per year, person and document.
    struct Listed {
        total: u64,
        documents: u64,
        years: BTreeMap<String, u64>,
        persons: BTreeMap<String, u64>,
        docs: BTreeMap<String, u64>,
    }

    fn listed(store: &Store, term: &str, filter: &Filter) -> Listed {
        let mut out = Listed {
            total: 0,
            documents: 0,
            years: BTreeMap::new(),
            persons: BTreeMap::new(),
            docs: BTreeMap::new(),
        };
        let options = KwicOptions {
            term: term.into(),
            filter: filter.clone(),
            context: 0,
            sort: KwicSort::Date,
        };
        let totals = store
            .kwic(&options, &mut |hit| {
                if let Some(year) = hit.date.as_deref().and_then(|d| d.get(..4)) {
                    *out.years.entry(year.to_owned()).or_default() += 1;
                }
                if let Some(person) = &hit.speaker.person {
                    *out.persons.entry(person.clone()).or_default() += 1;
                }
                *out.docs.entry(hit.doc.clone()).or_default() += 1;
                true
            })
            .unwrap();
        out.total = totals.total;
        out.documents = totals.documents;
        out
    }

    fn filters() -> Vec<Filter> {
        let speech = Filter {
            parts: vec!["speech".into()],
            ..Filter::default()
        };
        vec![
            Filter::default(),
            Filter::default().or_default_parts(),
            speech.clone(),
            Filter {
                speakers: vec!["Putin".into()],
                ..speech.clone()
            },
            Filter {
                roles: vec!["president".into()],
                ..Filter::default()
            },
            Filter {
                from: Some("2016".into()),
                ..Filter::default()
            },
            Filter {
                from: Some("2015-01".into()),
                to: Some("2015-12-31".into()),
                ..Filter::default()
            },
            Filter {
                parts: vec!["label".into(), "lead".into()],
                ..Filter::default()
            },
        ]
    }

    #[test]
    fn counts_from_the_index_are_the_concordance_counts() {
        let (_dir, store) = loaded(&[]);
        for term in [
            "Russia",
            "russia",
            "Union State",
            "the Union State matters",
            "President of Russia",
            "the",
            "matters",
            "State Union",
            "nowhere-to-be-found",
        ] {
            for filter in filters() {
                let want = listed(&store, term, &filter);
                let case = format!("{term:?} with {filter:?}");
                let got = store.hit_counts(term, &filter, Group::None).unwrap();
                assert_eq!(got.total, want.total, "{case}");
                assert_eq!(got.documents, want.documents, "{case}");
                assert!(got.groups.is_empty(), "{case}");
                let years = store.hit_counts(term, &filter, Group::Year).unwrap();
                assert_eq!(years.groups, want.years, "{case}");
                let persons = store.hit_counts(term, &filter, Group::Person).unwrap();
                assert_eq!(persons.groups, want.persons, "{case}");
                let docs = store.hit_counts(term, &filter, Group::Document).unwrap();
                assert_eq!(docs.groups, want.docs, "{case}");
                assert_eq!(docs.documents, docs.groups.len() as u64, "{case}");
            }
        }
        let some = store
            .hit_counts("Union State", &Filter::default(), Group::None)
            .unwrap();
        assert!(some.total >= 3, "{some:?}");
        assert!(store
            .hit_counts(" – ", &Filter::default(), Group::None)
            .unwrap_err()
            .is_usage());
        let nobody = Filter {
            speakers: vec!["Nobody Atall".into()],
            ..Filter::default()
        };
        assert!(store
            .hit_counts("Russia", &nobody, Group::None)
            .unwrap_err()
            .is_usage());
    }

    #[test]
    fn subcorpus_words_are_the_words_of_its_pieces() {
        let (_dir, store) = loaded(&[]);
        for filter in filters() {
            // The stream takes the default parts for none, as the analyses do.
            let filter = filter.or_default_parts();
            let mut words = 0u64;
            let mut years: BTreeMap<String, u64> = BTreeMap::new();
            let info = store
                .for_each_piece(&filter, &mut |piece| {
                    let n = stenogram_core::count_words(&piece.text) as u64;
                    words += n;
                    if let Some(year) = piece.date.as_deref().and_then(|d| d.get(..4)) {
                        *years.entry(year.to_owned()).or_default() += n;
                    }
                })
                .unwrap();
            let got = store.subcorpus_words(&filter, Group::None).unwrap();
            assert_eq!(got.words, words, "{filter:?}");
            assert_eq!(got.info.documents, info.documents, "{filter:?}");
            assert_eq!(got.info.pieces, info.pieces, "{filter:?}");
            assert_eq!(got.info.parts, info.parts, "{filter:?}");
            assert_eq!(got.info.persons, info.persons, "{filter:?}");
            let by_year = store.subcorpus_words(&filter, Group::Year).unwrap();
            assert_eq!(by_year.groups, years, "{filter:?}");
            assert_eq!(by_year.words, words, "{filter:?}");
        }
        // Every part: the store's words.
        let all = store
            .subcorpus_words(&Filter::default(), Group::Part)
            .unwrap();
        let status = store.status().unwrap();
        assert_eq!(all.words, status.words);
        assert_eq!(all.info.pieces, status.paragraphs);
        assert_eq!(all.info.documents, status.documents);
        assert_eq!(all.groups.values().sum::<u64>(), status.words);
        assert!(all.groups.contains_key("label"), "{:?}", all.groups);
    }

    #[test]
    fn overlapping_phrases_and_replaced_documents() {
        let input = tempfile::tempdir().unwrap();
        let first = dataset(
            input.path(),
            "very.jsonl",
            &[
                ("v1", "2020-01-02", "It is very very very good. Very, very!"),
                ("v2", "2021-03-04", "Very good indeed; very very."),
            ],
        );
        let (_dir, mut store) = loaded(&[first]);
        let very = |store: &Store| {
            let counts = store
                .hit_counts("very very", &Filter::default(), Group::Year)
                .unwrap();
            let want = listed(store, "very very", &Filter::default());
            assert_eq!(counts.total, want.total);
            assert_eq!(counts.groups, want.years);
            counts
        };
        let counts = very(&store);
        assert_eq!(counts.total, 4);
        assert_eq!(counts.documents, 2);
        assert_eq!(counts.groups["2020"], 3);
        // Replace v1: its old pieces are deleted, not counted.
        let second = dataset(
            input.path(),
            "very2.jsonl",
            &[("v1", "2020-01-02", "Not very good.")],
        );
        let before = store
            .subcorpus_words(&Filter::default(), Group::None)
            .unwrap();
        let summary = store
            .ingest(&[second], &IngestOptions::default(), &())
            .unwrap();
        assert_eq!(summary.replaced, 1, "{summary:?}");
        let counts = very(&store);
        assert_eq!(counts.total, 1);
        assert_eq!(counts.documents, 1);
        let after = store
            .subcorpus_words(&Filter::default(), Group::None)
            .unwrap();
        assert_eq!(after.words, before.words - 8 + 3);
        assert_eq!(after.info.documents, before.info.documents);
        assert_eq!(after.words, store.status().unwrap().words);
    }

    #[test]
    fn subcorpus_totals_are_cached_until_the_index_changes() {
        let (_dir, mut store) = loaded(&[]);
        let filter = Filter::default().or_default_parts();
        let first = store.subcorpus_words(&filter, Group::Year).unwrap();
        let again = store.subcorpus_words(&filter, Group::Year).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let other = store.another_reader().unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &other.subcorpus_words(&filter, Group::Year).unwrap()
        ));
        let by_month = store.subcorpus_words(&filter, Group::Month).unwrap();
        assert!(!Arc::ptr_eq(&first, &by_month));
        let input = tempfile::tempdir().unwrap();
        let more = dataset(
            input.path(),
            "more.jsonl",
            &[("m1", "2015-06-01", "Three more words.")],
        );
        store
            .ingest(&[more], &IngestOptions::default(), &())
            .unwrap();
        let fresh = store.subcorpus_words(&filter, Group::Year).unwrap();
        assert_eq!(fresh.words, first.words + 3);
        assert_eq!(fresh.groups["2015"], first.groups["2015"] + 3);
    }

    /// The index schema before per-piece word counts.
    fn schema_without_words() -> tantivy::schema::Schema {
        use tantivy::schema::*;
        let mut builder = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(crate::index::WORDS)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        builder.add_text_field("doc", STRING | STORED | FAST);
        builder.add_u64_field("date", INDEXED | FAST);
        builder.add_text_field("part", STRING | FAST);
        builder.add_text_field("person", STRING | STORED | FAST);
        builder.add_text_field("name", STRING | STORED | FAST);
        builder.add_text_field("role", STRING | FAST);
        builder.add_u64_field("turn", STORED | FAST);
        builder.add_u64_field("start", STORED | FAST);
        builder.add_u64_field("end", STORED | FAST);
        builder.add_text_field("text", text);
        builder.build()
    }

    #[test]
    fn an_index_without_word_counts_is_rebuilt_by_the_next_writer() {
        let (dir, store) = loaded(&[]);
        let filter = Filter::default().or_default_parts();
        let words = store.subcorpus_words(&filter, Group::Year).unwrap();
        let russia = store.hit_counts("Russia", &filter, Group::Year).unwrap();
        let generation = store.generation().unwrap();
        let documents = store.status().unwrap().documents;
        drop(store);
        // The previous version's index, committed at the store's generation
        // (so nothing but its schema says it is stale).
        let index_dir = dir.path().join("index");
        std::fs::remove_dir_all(&index_dir).unwrap();
        std::fs::create_dir_all(&index_dir).unwrap();
        let old = tantivy::Index::create_in_dir(&index_dir, schema_without_words()).unwrap();
        let mut writer = old
            .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
            .unwrap();
        crate::index::commit(&mut writer, generation).unwrap();
        drop(writer);
        drop(old);

        let refused = Store::open_read(dir.path())
            .err()
            .expect("read-only refuses");
        assert!(
            refused.to_string().contains("stenogram reindex"),
            "{refused}"
        );

        let mut store = Store::open_write(dir.path()).unwrap();
        let status = store.status().unwrap();
        assert!(status.consistent, "{status:?}");
        assert_eq!(status.index_documents, documents);
        assert!(!dir.path().join("index.new").exists());
        assert!(!dir.path().join("index.old").exists());
        let again = store.subcorpus_words(&filter, Group::Year).unwrap();
        assert_eq!(again.words, words.words);
        assert_eq!(again.groups, words.groups);
        assert_eq!(
            store.hit_counts("Russia", &filter, Group::Year).unwrap(),
            russia
        );
        // `reindex` right after opening does not do it twice.
        assert_eq!(store.reindex().unwrap(), documents);
        drop(store);
        let reader = Store::open_read(dir.path()).unwrap();
        assert_eq!(
            reader.hit_counts("Russia", &filter, Group::Year).unwrap(),
            russia
        );
        drop(reader);

        // A swap cut short between its two renames: no index, the old one
        // and the new one beside it. The next writer rebuilds and tidies up.
        std::fs::rename(&index_dir, dir.path().join("index.old")).unwrap();
        std::fs::create_dir_all(dir.path().join("index.new")).unwrap();
        let store = Store::open_write(dir.path()).unwrap();
        assert!(store.status().unwrap().consistent);
        assert!(!dir.path().join("index.new").exists());
        assert!(!dir.path().join("index.old").exists());
        assert_eq!(
            store.hit_counts("Russia", &filter, Group::Year).unwrap(),
            russia
        );
    }
}
