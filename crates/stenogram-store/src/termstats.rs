//! Term frequencies of subcorpora, and the words around a term, from the
//! index instead of the text: what keyness and collocates need.
//!
//! A subcorpus is the set of index documents (pieces) its filter selects,
//! with the default parts ([`crate::DEFAULT_PARTS`]) when it names none; per
//! segment, one byte per document says which of up to eight subcorpora it
//! belongs to (deleted documents belong to none). The count of a word in a
//! subcorpus is then the sum of its postings' frequencies over the selected
//! documents, for every term of the dictionary: one walk gives every
//! subcorpus's counts at once. Its cost is reading the postings (one entry
//! per distinct word of a piece, never the text) plus a step per term and
//! segment (so fewer segments walk faster), spread over the cores by
//! segment and by term range. Terms are bytes in the dictionary; only those
//! with a count are copied, once per segment, and merged in byte order.
//!
//! Collocates read the node's postings with positions (a phrase is
//! consecutive positions in one piece), then the stored text of the pieces
//! holding it (the index's document store), cut into words by the
//! analyzer's rule only as far as the last window reaches, so a position is
//! an index into the piece's words; only the words inside windows are
//! lower-cased and counted: cost proportional to the answer.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use rayon::prelude::*;
use tantivy::postings::{BlockSegmentPostings, Postings};
use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Query};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, TantivyDocument, Term, TERMINATED};

use crate::counts::phrase_of;
use crate::filter::Filter;
use crate::subcorpus::SubcorpusInfo;
use crate::{Store, StoreError};

/// Most subcorpora counted in one walk (bits of a byte).
const MAX_SUBCORPORA: usize = 8;

/// Terms per unit of parallel work within a segment.
const TERMS_PER_TASK: usize = 4096;

/// Counts of every word in each of several subcorpora, sorted by word.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    subcorpora: usize,
    /// The words, concatenated; word `i` ends at `ends[i]`.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// `subcorpora` counts per word.
    counts: Vec<u64>,
    /// Words of each subcorpus (the sum of its counts).
    words: Vec<u64>,
}

impl TermCounts {
    /// Distinct words with a count in some subcorpus.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Words (tokens) of each subcorpus.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Word `i` (in byte order).
    pub fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        // Terms of a text field are the analyzer's tokens: UTF-8.
        std::str::from_utf8(&self.bytes[start..self.ends[i]]).unwrap_or("\u{fffd}")
    }

    /// The counts of word `i`, one per subcorpus.
    pub fn counts(&self, i: usize) -> &[u64] {
        &self.counts[i * self.subcorpora..(i + 1) * self.subcorpora]
    }

    /// Every word with its counts, in byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u64])> + '_ {
        (0..self.len()).map(|i| (self.word(i), self.counts(i)))
    }

    /// The counts of `word` (lower-cased, as the index has it).
    pub fn get(&self, word: &str) -> Option<&[u64]> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid).as_bytes().cmp(word.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.counts(mid)),
            }
        }
        None
    }
}

/// The words around a node term in a subcorpus.
#[derive(Debug, Clone)]
pub struct Collocation {
    /// Occurrences of the node.
    pub node_frequency: u64,
    /// Word positions inside the windows (clipped at piece edges).
    pub window_positions: u64,
    /// Each word seen in a window, and how often.
    pub near: HashMap<String, u64>,
    /// Counts of every word in the subcorpus (one subcorpus).
    pub counts: TermCounts,
    pub subcorpus: SubcorpusInfo,
}

/// Per segment, the subcorpora each document belongs to (bit `j`: subcorpus `j`).
type Masks = Vec<Vec<u8>>;

/// The terms with a count in one range of one segment's dictionary.
#[derive(Default)]
struct Part {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    counts: Vec<u64>,
}

impl Part {
    /// Appends `next`, whose words all sort after this part's.
    fn append(&mut self, next: Part) {
        let shift = self.bytes.len();
        self.bytes.extend_from_slice(&next.bytes);
        self.ends.extend(next.ends.iter().map(|e| e + shift));
        self.counts.extend_from_slice(&next.counts);
    }

    fn word(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
}

impl Store {
    /// Counts of every word in each of `subcorpora` (at most eight), from
    /// the index, with each one's description; a filter with no parts
    /// means [`crate::DEFAULT_PARTS`], as for [`Store::for_each_piece`].
    pub fn term_counts(
        &self,
        subcorpora: &[Filter],
    ) -> Result<(TermCounts, Vec<SubcorpusInfo>), StoreError> {
        if subcorpora.len() > MAX_SUBCORPORA {
            return Err(StoreError::Query(format!(
                "at most {MAX_SUBCORPORA} subcorpora are counted in one walk"
            )));
        }
        let searcher = self.reader.searcher();
        let mut masks = empty_masks(&searcher);
        let mut infos = Vec::with_capacity(subcorpora.len());
        for (j, filter) in subcorpora.iter().enumerate() {
            infos.push(self.select(&searcher, filter, j, &mut masks)?);
        }
        let counts = count_terms(&searcher, self.fields.text, &masks, subcorpora.len())?;
        Ok((counts, infos))
    }

    /// The words within `window` positions either side of each occurrence
    /// of `term` (a word or phrase, never across pieces) in the subcorpus
    /// `filter` selects, with the subcorpus's word counts.
    pub fn collocation(
        &self,
        term: &str,
        filter: &Filter,
        window: usize,
    ) -> Result<Collocation, StoreError> {
        let phrase = phrase_of(term)?;
        let searcher = self.reader.searcher();
        let mut masks = empty_masks(&searcher);
        let subcorpus = self.select(&searcher, filter, 0, &mut masks)?;
        let text = self.fields.text;
        let (counts, windows) = rayon::join(
            || count_terms(&searcher, text, &masks, 1),
            || {
                searcher
                    .segment_readers()
                    .par_iter()
                    .zip(masks.par_iter())
                    .map(|(segment, mask)| segment_windows(segment, mask, text, &phrase, window))
                    .collect::<Result<Vec<_>, StoreError>>()
            },
        );
        let mut out = Collocation {
            node_frequency: 0,
            window_positions: 0,
            near: HashMap::new(),
            counts: counts?,
            subcorpus,
        };
        for w in windows? {
            out.node_frequency += w.node_frequency;
            out.window_positions += w.window_positions;
            if out.near.is_empty() {
                out.near = w.near;
            } else {
                for (word, n) in w.near {
                    *out.near.entry(word).or_default() += n;
                }
            }
        }
        Ok(out)
    }

    /// Marks the documents `filter` selects with bit `bit` in `masks` and
    /// describes the subcorpus.
    fn select(
        &self,
        searcher: &Searcher,
        filter: &Filter,
        bit: usize,
        masks: &mut Masks,
    ) -> Result<SubcorpusInfo, StoreError> {
        let resolved = self.resolve(&filter.or_default_parts())?;
        let clauses = resolved.clauses(&self.fields);
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let flag = 1u8 << bit;
        let mut pieces = 0u64;
        // Documents: distinct `doc` ordinals per segment; with several
        // segments (ordinals are per segment), their names, sorted, merged.
        let segments = searcher.segment_readers();
        let mut names: Vec<Part> = Vec::with_capacity(segments.len());
        let mut distinct = 0u64;
        for (segment, mask) in segments.iter().zip(masks.iter_mut()) {
            let alive = segment.alive_bitset();
            let doc_col = segment.fast_fields().str("doc")?.ok_or_else(|| {
                StoreError::Query("the index has no doc column; run `stenogram reindex`".into())
            })?;
            let mut ords: Vec<u64> = Vec::new();
            let mut found: Vec<Option<u64>> = Vec::new();
            weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
                found.clear();
                found.resize(docs.len(), None);
                doc_col.ords().first_vals(docs, &mut found);
                for (&doc, ord) in docs.iter().zip(&found) {
                    if alive.is_some_and(|a| a.is_deleted(doc)) {
                        continue;
                    }
                    mask[doc as usize] |= flag;
                    pieces += 1;
                    if let Some(ord) = *ord {
                        if ords.last() != Some(&ord) {
                            ords.push(ord);
                        }
                    }
                }
            })?;
            ords.sort_unstable();
            ords.dedup();
            distinct += ords.len() as u64;
            if segments.len() > 1 {
                let mut part = Part::default();
                doc_col
                    .dictionary()
                    .sorted_ords_to_term_cb(ords.iter().copied(), |bytes| {
                        part.bytes.extend_from_slice(bytes);
                        part.ends.push(part.bytes.len());
                        Ok(())
                    })
                    .map_err(|e| StoreError::Query(format!("reading the index: {e}")))?;
                names.push(part);
            }
        }
        if segments.len() > 1 {
            // A document whose pieces went to two segments counts once.
            distinct = merge(names, 0).len() as u64;
        }
        Ok(SubcorpusInfo::new(filter, resolved, distinct, pieces))
    }
}

/// An I/O error reading the index.
/// A mask of no subcorpus for every piece of every segment.
fn empty_masks(searcher: &Searcher) -> Masks {
    searcher
        .segment_readers()
        .iter()
        .map(|s| vec![0u8; s.max_doc() as usize])
        .collect()
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Index(e.into())
}

/// Walks every term's postings in every segment, in parallel, and merges
/// the counts of the `subcorpora` marked in `masks`.
fn count_terms(
    searcher: &Searcher,
    text: tantivy::schema::Field,
    masks: &Masks,
    subcorpora: usize,
) -> Result<TermCounts, StoreError> {
    // Units of work: a range of term ordinals of one segment.
    let mut tasks = Vec::new();
    for (s, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(text)?;
        let terms = inverted.terms().num_terms();
        let mut bounds: Vec<Option<Vec<u8>>> = vec![None];
        let mut ord = TERMS_PER_TASK;
        while ord < terms {
            let mut bytes = Vec::new();
            inverted
                .terms()
                .ord_to_term(ord as u64, &mut bytes)
                .map_err(io)?;
            bounds.push(Some(bytes));
            ord += TERMS_PER_TASK;
        }
        bounds.push(None);
        for pair in bounds.windows(2) {
            tasks.push((s, inverted.clone(), pair[0].clone(), pair[1].clone()));
        }
    }
    let parts = tasks
        .into_par_iter()
        .map(|(s, inverted, lo, hi)| {
            let part = count_range(
                &inverted,
                &masks[s],
                subcorpora,
                lo.as_deref(),
                hi.as_deref(),
            );
            part.map(|p| (s, p))
        })
        .collect::<Result<Vec<(usize, Part)>, StoreError>>()?;
    // A segment's ranges follow each other: one sorted list per segment.
    let mut segments: Vec<Part> = Vec::new();
    let mut last = usize::MAX;
    for (s, part) in parts {
        match segments.last_mut() {
            Some(list) if s == last => list.append(part),
            _ => segments.push(part),
        }
        last = s;
    }
    Ok(merge(segments, subcorpora))
}

/// The counts of the terms in `[lo, hi)` of one segment's dictionary.
fn count_range(
    inverted: &tantivy::InvertedIndexReader,
    mask: &[u8],
    subcorpora: usize,
    lo: Option<&[u8]>,
    hi: Option<&[u8]>,
) -> Result<Part, StoreError> {
    let mut range = inverted.terms().range();
    if let Some(lo) = lo {
        range = range.ge(lo);
    }
    if let Some(hi) = hi {
        range = range.lt(hi);
    }
    let mut stream = range.into_stream().map_err(io)?;
    let mut part = Part::default();
    let mut postings: Option<BlockSegmentPostings> = None;
    while stream.advance() {
        let info = stream.value();
        let block = match &mut postings {
            Some(block) => {
                inverted
                    .reset_block_postings_from_terminfo(info, block)
                    .map_err(io)?;
                block
            }
            None => postings.insert(
                inverted
                    .read_block_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                    .map_err(io)?,
            ),
        };
        let mut acc = [0u64; MAX_SUBCORPORA];
        loop {
            let docs = block.docs();
            if docs.is_empty() {
                break;
            }
            for (&doc, &freq) in docs.iter().zip(block.freqs()) {
                let m = mask.get(doc as usize).copied().unwrap_or(0);
                if m != 0 {
                    for (j, a) in acc.iter_mut().enumerate().take(subcorpora) {
                        if m & (1 << j) != 0 {
                            *a += u64::from(freq);
                        }
                    }
                }
            }
            block.advance();
        }
        if acc[..subcorpora].iter().any(|&n| n > 0) {
            part.bytes.extend_from_slice(stream.key());
            part.ends.push(part.bytes.len());
            part.counts.extend_from_slice(&acc[..subcorpora]);
        }
    }
    Ok(part)
}

/// Merges sorted parts (from one or more segments) into one table, adding
/// the counts of a word found in several (with no counts, `subcorpora` 0:
/// the distinct words).
fn merge(parts: Vec<Part>, subcorpora: usize) -> TermCounts {
    let mut out = TermCounts {
        subcorpora,
        words: vec![0; subcorpora],
        ..TermCounts::default()
    };
    let mut heap: BinaryHeap<Reverse<(&[u8], usize, usize)>> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.ends.is_empty())
        .map(|(k, p)| Reverse((p.word(0), k, 0)))
        .collect();
    // Where the last word written starts in `out.bytes`.
    let mut last_start = 0;
    while let Some(Reverse((word, k, i))) = heap.pop() {
        let counts = &parts[k].counts[i * subcorpora..(i + 1) * subcorpora];
        if !out.ends.is_empty() && &out.bytes[last_start..] == word {
            let at = out.counts.len() - subcorpora;
            for (c, n) in out.counts[at..].iter_mut().zip(counts) {
                *c += n;
            }
        } else {
            last_start = out.bytes.len();
            out.bytes.extend_from_slice(word);
            out.ends.push(out.bytes.len());
            out.counts.extend_from_slice(counts);
        }
        for (w, n) in out.words.iter_mut().zip(counts) {
            *w += n;
        }
        if i + 1 < parts[k].ends.len() {
            heap.push(Reverse((parts[k].word(i + 1), k, i + 1)));
        }
    }
    out
}

/// The windows of one segment.
#[derive(Default)]
struct Windows {
    node_frequency: u64,
    window_positions: u64,
    near: HashMap<String, u64>,
}

/// Finds the node in the selected documents of one segment, then reads and
/// tokenises the pieces holding it.
fn segment_windows(
    segment: &SegmentReader,
    mask: &[u8],
    text: tantivy::schema::Field,
    phrase: &[String],
    window: usize,
) -> Result<Windows, StoreError> {
    let mut out = Windows::default();
    let inverted = segment.inverted_index(text)?;
    let mut postings = Vec::with_capacity(phrase.len());
    for word in phrase {
        let term = Term::from_field_text(text, word);
        match inverted
            .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
            .map_err(io)?
        {
            Some(p) => postings.push(p),
            None => return Ok(out),
        }
    }
    // (piece, the positions where the node starts)
    let mut hits: Vec<(DocId, Vec<u32>)> = Vec::new();
    let mut positions: Vec<Vec<u32>> = vec![Vec::new(); phrase.len()];
    let (first, rest) = postings.split_first_mut().expect("a phrase has words");
    let mut doc = first.doc();
    'docs: while doc != TERMINATED {
        if mask.get(doc as usize).copied().unwrap_or(0) != 0 {
            for p in rest.iter_mut() {
                if p.doc() < doc {
                    p.seek(doc);
                }
                if p.doc() != doc {
                    doc = first.advance();
                    continue 'docs;
                }
            }
            first.positions(&mut positions[0]);
            for (p, out) in rest.iter_mut().zip(positions[1..].iter_mut()) {
                p.positions(out);
            }
            let starts: Vec<u32> = positions[0]
                .iter()
                .copied()
                .filter(|&at| {
                    positions[1..]
                        .iter()
                        .enumerate()
                        .all(|(i, next)| next.binary_search(&(at + i as u32 + 1)).is_ok())
                })
                .collect();
            if !starts.is_empty() {
                hits.push((doc, starts));
            }
        }
        doc = first.advance();
    }
    if hits.is_empty() {
        return Ok(out);
    }
    let store = segment.get_store_reader(16).map_err(io)?;
    // Byte ranges of the piece's words, as far as the last window reaches;
    // only the words inside windows are lower-cased.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut lower = String::new();
    for (doc, starts) in hits {
        let stored: TantivyDocument = store.get(doc)?;
        let piece = stored
            .get_first(text)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let last = starts.last().map_or(0, |&at| at as usize);
        ranges.clear();
        // Fewer than asked for only when the piece ends first, so `len`
        // clips a window exactly as the piece's whole word count would.
        ranges.extend(stenogram_core::words(piece).take(last + phrase.len() + window));
        let len = ranges.len();
        for at in starts {
            let at = at as usize;
            out.node_frequency += 1;
            let left = at.saturating_sub(window)..at.min(len);
            let right = (at + phrase.len()).min(len)..(at + phrase.len() + window).min(len);
            out.window_positions += (left.len() + right.len()) as u64;
            for i in left.chain(right) {
                lower_into(&piece[ranges[i].clone()], &mut lower);
                match out.near.get_mut(lower.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        out.near.insert(lower.clone(), 1);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `word` lower-cased into `out` as the index's analyzer does it (tantivy's
/// `LowerCaser`: ASCII at once, else character by character, so a final
/// capital sigma becomes σ, not ς as `str::to_lowercase` would have it).
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(words: &[(&str, u64)]) -> Part {
        let mut p = Part::default();
        for (w, n) in words {
            p.bytes.extend_from_slice(str::as_bytes(w));
            p.ends.push(p.bytes.len());
            p.counts.push(*n);
        }
        p
    }

    #[test]
    fn parts_merge_in_byte_order_adding_shared_words() {
        let merged = merge(
            vec![
                part(&[("a", 1), ("c", 2)]),
                part(&[]),
                part(&[("b", 5), ("c", 3), ("é", 1)]),
            ],
            1,
        );
        let rows: Vec<(&str, u64)> = merged.iter().map(|(w, c)| (w, c[0])).collect();
        assert_eq!(rows, [("a", 1), ("b", 5), ("c", 5), ("é", 1)]);
        assert_eq!(merged.words(), [12]);
        assert_eq!(merged.get("c"), Some(&[5u64][..]));
        assert_eq!(merged.get("d"), None);
        let names = |words: &[&str]| {
            let mut p = part(&[]);
            for w in words {
                p.bytes.extend_from_slice(str::as_bytes(w));
                p.ends.push(p.bytes.len());
            }
            p
        };
        let distinct = merge(vec![names(&["1", "2"]), names(&["2", "3"]), names(&[])], 0);
        assert_eq!(distinct.len(), 3);
        assert_eq!(distinct.word(2), "3");
    }

    #[test]
    fn windows_read_the_index_words() {
        // The word ranges and lower-casing of the windows are the analyzer's
        // tokens, so positions from the postings index them.
        let text = "Union-State’s ΟΔΥΣΣΕΥΣ, İstanbul STRAẞE ǅemal x²: 10,5 naïve\u{a0}Ǆ";
        let mut lower = String::new();
        let ours: Vec<String> = stenogram_core::words(text)
            .map(|r| {
                lower_into(&text[r], &mut lower);
                lower.clone()
            })
            .collect();
        assert_eq!(ours, crate::counts::analysed(text));
        assert_eq!(ours[3], "οδυσσευσ");
    }
}
