//! Ranked search: words, "phrases", AND/OR/NOT, filters; each hit with the
//! sentence it is in and exact offsets.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

use crate::filter::Filter;
use crate::kwic::SpeakerRef;
use crate::{Store, StoreError};

/// A search request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchOptions {
    pub query: String,
    #[serde(flatten)]
    pub filter: Filter,
    pub limit: usize,
    pub offset: usize,
}

/// One ranked hit: a piece of a document and the sentence that matched best.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchHit {
    pub doc: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub speaker: SpeakerRef,
    /// The hit (the longest run of query words in the sentence), code points into the document.
    pub start: usize,
    pub end: usize,
    /// The sentence with every query word marked `**like this**`.
    pub snippet: String,
    /// The sentence as written, and its place in the document.
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub score: f32,
}

/// A value of a facet and how many matching pieces have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Facet {
    /// A person id, a year (`YYYY`, `undated`) or a part.
    pub value: String,
    /// What to show: the speaker's name; the value otherwise.
    pub label: String,
    pub count: u64,
}

/// Counts of all matching pieces (not only the page) by speaker, year and
/// part, most frequent first (years in order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Facets {
    pub speakers: Vec<Facet>,
    pub years: Vec<Facet>,
    pub parts: Vec<Facet>,
}

impl Store {
    /// Runs a ranked search; returns one page of hits and the total number
    /// of matching pieces.
    pub fn search(&self, options: &SearchOptions) -> Result<(Vec<SearchHit>, u64), StoreError> {
        let (hits, total, _) = self.search_with_facets(options, false)?;
        Ok((hits, total))
    }

    /// Checks a search request without running it: the query parses and
    /// the filter resolves (what a streamed download must know before it
    /// answers 200).
    pub fn check_search(&self, options: &SearchOptions) -> Result<(), StoreError> {
        self.parse_query(&options.query)?;
        self.resolve(&options.filter)?;
        Ok(())
    }

    /// A search query as the index reads it: words, "phrases", AND/OR/NOT,
    /// all words required unless OR says otherwise.
    fn parse_query(&self, query: &str) -> Result<Box<dyn tantivy::query::Query>, StoreError> {
        check_words(query)?;
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.text]);
        parser.set_conjunction_by_default();
        Ok(parser.parse_query(query)?)
    }

    /// [`Store::search`], with the facet counts of every match when `facets` is set.
    pub fn search_with_facets(
        &self,
        options: &SearchOptions,
        facets: bool,
    ) -> Result<(Vec<SearchHit>, u64, Facets), StoreError> {
        let query = self.parse_query(&options.query)?;
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.text {
                if let Some(text) = term.value().as_str() {
                    terms.insert(text.to_owned());
                }
            }
        });
        let resolved = self.resolve(&options.filter)?;
        let query = resolved.apply(&self.fields, query);
        let searcher = self.reader.searcher();
        let top_docs = TopDocs::with_limit(options.limit.max(1)).and_offset(options.offset);
        // One pass over the matches: the page, the count and the facets.
        let (top, total, facets) = if facets {
            searcher.search(&query, &(top_docs, Count, FacetCollector))?
        } else {
            let (top, total) = searcher.search(&query, &(top_docs, Count))?;
            (top, total, Facets::default())
        };
        let mut meta = self
            .db
            .prepare_cached("SELECT date, title, url FROM documents WHERE id = ?1")?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top.into_iter().take(options.limit) {
            let stored: TantivyDocument = searcher.doc(address)?;
            let text_of = |field| {
                stored
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            let u64_of = |field| {
                stored
                    .get_first(field)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0) as usize
            };
            let doc = text_of(self.fields.doc);
            let piece_text = text_of(self.fields.text);
            let piece_start = u64_of(self.fields.start);
            let (date, title, url) = meta
                .query_row([&doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap_or((None, None, None));
            let best = best_sentence(&piece_text, &terms);
            let to_chars = |byte: usize| {
                piece_start + stenogram_core::count_chars(&piece_text.as_bytes()[..byte])
            };
            let person = text_of(self.fields.person);
            let name = text_of(self.fields.name);
            hits.push(SearchHit {
                doc,
                date,
                title,
                url,
                speaker: SpeakerRef {
                    person: Some(person).filter(|p| !p.is_empty()),
                    name: Some(name).filter(|n| !n.is_empty()),
                },
                start: to_chars(best.hit.0),
                end: to_chars(best.hit.1),
                snippet: best.snippet,
                sentence: piece_text[best.sentence.clone()].to_owned(),
                sentence_start: to_chars(best.sentence.start),
                sentence_end: to_chars(best.sentence.end),
                score,
            });
        }
        Ok((hits, total as u64, facets))
    }
}

/// Counts matches by the person, part and date columns of the index.
struct FacetCollector;

/// Per-segment counts, keyed by column ordinal (dates by year).
struct SegmentFacets {
    person: tantivy::columnar::StrColumn,
    name: tantivy::columnar::StrColumn,
    part: tantivy::columnar::StrColumn,
    date: tantivy::columnar::Column<u64>,
    /// Per person ordinal: matches and the ordinal of a name seen with it.
    persons: Vec<(u64, Option<u64>)>,
    parts: Vec<u64>,
    years: std::collections::BTreeMap<u64, u64>,
    /// Counts of the most recent year, kept out of the map until it changes
    /// (matches come in document order, which is mostly date order).
    year: (u64, u64),
}

/// (speaker id → (name, count)), (part → count), (year → count).
type FacetFruit = (
    std::collections::HashMap<String, (String, u64)>,
    std::collections::HashMap<String, u64>,
    std::collections::BTreeMap<u64, u64>,
);

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = reader.fast_fields();
        let missing = |name: &str| {
            tantivy::TantivyError::SchemaError(format!("the index has no {name} column"))
        };
        let person = fast.str("person")?.ok_or_else(|| missing("person"))?;
        let part = fast.str("part")?.ok_or_else(|| missing("part"))?;
        let persons = vec![(0, None); person.num_terms()];
        let parts = vec![0; part.num_terms()];
        Ok(SegmentFacets {
            person,
            name: fast.str("name")?.ok_or_else(|| missing("name"))?,
            part,
            date: fast.u64("date")?,
            persons,
            parts,
            years: Default::default(),
            year: (u64::MAX, 0),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<Facets> {
        let mut persons: std::collections::HashMap<String, (String, u64)> = Default::default();
        let mut parts: std::collections::HashMap<String, u64> = Default::default();
        let mut years: std::collections::BTreeMap<u64, u64> = Default::default();
        for (p, q, y) in fruits {
            for (id, (name, count)) in p {
                let entry = persons.entry(id).or_insert_with(|| (name, 0));
                entry.1 += count;
            }
            for (part, count) in q {
                *parts.entry(part).or_default() += count;
            }
            for (year, count) in y {
                *years.entry(year).or_default() += count;
            }
        }
        let ranked = |mut v: Vec<Facet>| {
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v
        };
        Ok(Facets {
            speakers: ranked(
                persons
                    .into_iter()
                    .map(|(value, (label, count))| Facet {
                        value,
                        label,
                        count,
                    })
                    .collect(),
            ),
            years: years
                .into_iter()
                .map(|(year, count)| {
                    let value = if year == 0 {
                        "undated".to_owned()
                    } else {
                        year.to_string()
                    };
                    Facet {
                        label: value.clone(),
                        value,
                        count,
                    }
                })
                .collect(),
            parts: ranked(
                parts
                    .into_iter()
                    .map(|(value, count)| Facet {
                        label: value.clone(),
                        value,
                        count,
                    })
                    .collect(),
            ),
        })
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(person) = self.person.term_ords(doc).next() {
            if let Some(entry) = self.persons.get_mut(person as usize) {
                entry.0 += 1;
                if entry.1.is_none() {
                    entry.1 = self.name.term_ords(doc).next();
                }
            }
        }
        if let Some(part) = self.part.term_ords(doc).next() {
            if let Some(count) = self.parts.get_mut(part as usize) {
                *count += 1;
            }
        }
        let year = self.date.first(doc).unwrap_or(0) / 10_000;
        if year == self.year.0 {
            self.year.1 += 1;
        } else {
            if self.year.1 > 0 {
                *self.years.entry(self.year.0).or_default() += self.year.1;
            }
            self.year = (year, 1);
        }
    }

    fn harvest(mut self) -> FacetFruit {
        if self.year.1 > 0 {
            *self.years.entry(self.year.0).or_default() += self.year.1;
        }
        let text = |column: &tantivy::columnar::StrColumn, ord: u64| {
            let mut s = String::new();
            match column.ord_to_str(ord, &mut s) {
                Ok(true) => s,
                _ => String::new(),
            }
        };
        let mut persons = std::collections::HashMap::new();
        for (ord, (count, name)) in self.persons.iter().enumerate() {
            if *count == 0 {
                continue;
            }
            let id = text(&self.person, ord as u64);
            if id.is_empty() {
                continue;
            }
            let name = name.map(|n| text(&self.name, n)).unwrap_or_default();
            persons.insert(id, (name, *count));
        }
        let parts = self
            .parts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(ord, count)| (text(&self.part, ord as u64), *count))
            .collect();
        (persons, parts, self.years)
    }
}

/// A query must have a word to look for (`*`, every piece, aside).
fn check_words(query: &str) -> Result<(), StoreError> {
    if query.trim().is_empty() {
        return Err(StoreError::Query("the query is empty".into()));
    }
    if query.trim() != "*" && stenogram_core::words(query).next().is_none() {
        return Err(StoreError::Query(format!(
            "{query:?} has no words to look for"
        )));
    }
    Ok(())
}

/// The sentence of a piece that holds the most query words.
struct Best {
    sentence: std::ops::Range<usize>,
    /// Byte range of the longest run of query words in it.
    hit: (usize, usize),
    snippet: String,
}

fn best_sentence(text: &str, terms: &HashSet<String>) -> Best {
    // Runs of consecutive query words: (start, end, words).
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut last_was_term = false;
    for range in stenogram_core::words(text) {
        let is_term = terms.contains(&text[range.clone()].to_lowercase());
        if is_term {
            match runs.last_mut() {
                Some(run) if last_was_term => {
                    run.1 = range.end;
                    run.2 += 1;
                }
                _ => runs.push((range.start, range.end, 1)),
            }
        }
        last_was_term = is_term;
    }
    let sentences = {
        let found = stenogram_core::sentences(text);
        if found.is_empty() {
            std::iter::once(0..text.len()).collect()
        } else {
            found
        }
    };
    let words_in = |s: &std::ops::Range<usize>| -> usize {
        runs.iter()
            .filter(|r| r.0 >= s.start && r.1 <= s.end)
            .map(|r| r.2)
            .sum()
    };
    let sentence = sentences
        .iter()
        .max_by(|a, b| words_in(a).cmp(&words_in(b)).then(b.start.cmp(&a.start)))
        .cloned()
        .unwrap_or(0..text.len());
    let inside: Vec<&(usize, usize, usize)> = runs
        .iter()
        .filter(|r| r.0 >= sentence.start && r.1 <= sentence.end)
        .collect();
    let hit = inside
        .iter()
        .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))
        .map_or((sentence.start, sentence.end), |r| (r.0, r.1));
    let mut snippet = String::with_capacity(sentence.len() + 4 * inside.len());
    let mut at = sentence.start;
    for run in &inside {
        snippet.push_str(&text[at..run.0]);
        snippet.push_str("**");
        snippet.push_str(&text[run.0..run.1]);
        snippet.push_str("**");
        at = run.1;
    }
    snippet.push_str(&text[at..sentence.end]);
    Best {
        sentence,
        hit,
        snippet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_with_most_query_words_wins() {
        let terms: HashSet<String> = ["union", "state"].iter().map(|s| s.to_string()).collect();
        let text = "We spoke of the union. The Union State is our common home. State matters.";
        let best = best_sentence(text, &terms);
        assert_eq!(
            &text[best.sentence.clone()],
            "The Union State is our common home."
        );
        assert_eq!(&text[best.hit.0..best.hit.1], "Union State");
        assert_eq!(best.snippet, "The **Union State** is our common home.");
    }

    #[test]
    fn no_query_word_gives_the_first_sentence() {
        let best = best_sentence("One. Two.", &HashSet::new());
        assert_eq!(best.snippet, "One.");
        assert_eq!(best.hit, (0, 4));
    }
}
