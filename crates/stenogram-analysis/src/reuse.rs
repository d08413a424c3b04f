//! Recurring passages: the talking points and formulas a corpus repeats
//! across documents ("I would like to draw your attention to the fact
//! that", a condolence formula, the list of who attended a Security Council
//! meeting).
//!
//! # Method
//!
//! An exact shingle index, one pass over the text and a few over flat
//! arrays; no pairwise comparison of documents.
//!
//! 1. **Words.** Every piece (a lead or speech paragraph; the caller
//!    chooses) is cut into words with [`stenogram_core::words`] (maximal runs
//!    of alphanumeric characters, the search index's rule) and each word is
//!    hashed lower-cased, so case and punctuation never hide a repetition
//!    ("First of all, I" = "first of all I").
//! 2. **Shingles.** Every run of `ngram` consecutive words of a piece (a
//!    shingle; default 8) gets a 64-bit hash. Shingles never cross pieces.
//! 3. **Document frequency.** The (hash, document, position) triples are
//!    partitioned by the hash's top bits and each part sorted in cache; a
//!    run of equal hashes gives the number of *distinct* documents holding
//!    the shingle, and shingles of two documents or more get dense ids. A
//!    shingle is kept when at least `min_documents` documents hold it
//!    (repetition inside one document is not reuse) and no more than
//!    `max_document_share` of all documents (site boilerplate; the limit is
//!    never below `min_documents`).
//! 4. **Passages.** In each piece, consecutive kept shingles stay in one
//!    passage when the `ngram + 1` words they cover together recur in at
//!    least `min_documents` documents and in at least `cohesion` (default
//!    ½) of the documents holding the more frequent of the two. A passage
//!    is thus a run of text that recurs *as a whole* in roughly the same
//!    documents. Passages shorter than `min_words` are dropped.
//! 5. **Clusters.** Passages sharing a kept shingle are grouped with
//!    union-find; a group from fewer than `min_documents` documents (its
//!    partners fell short of `min_words`) is dropped. Word offsets become
//!    code point offsets in the document: `piece.start` plus the code
//!    points before the passage in the piece.
//!
//! # Why
//!
//! - **Exact and local.** Every shared run of `ngram` words is found, with
//!   its extent; MinHash/LSH estimates which *documents* are similar, with
//!   a false-negative rate, and still needs a second step to say where the
//!   shared passage is.
//! - **Linear.** One hash per word and per shingle, one radix partition,
//!   sorts of cache-sized parts, then scans of `u32` arrays: about 0.3 s
//!   for the 2.7 M words of the kremlin.ru archive. Memory peaks at about
//!   30 bytes per word (the triples), then 4 bytes per word (the ids).
//! - **Boilerplate by document frequency** needs no list of phrases and no
//!   tuning per site: the `df` idea behind stop words, at phrase level.
//! - **Cohesion, not plain overlap, decides a passage's extent.** Merging
//!   every overlapping kept shingle chains unrelated formulas: a passage
//!   "… the Government of the Russian Federation and the Government of the
//!   Republic of Korea" shares one shingle with a hundred other agreements
//!   and treaties, and union-find then made one cluster of 577 documents on
//!   the archive. Splitting wherever the set of documents changes at all
//!   (`cohesion` 1) cuts every attendee list and every formula with a
//!   variant into fragments. Asking that the junction recur in half the
//!   documents of either side keeps a talking point with its usual
//!   continuation together and cuts where a common phrase meets a rare one;
//!   a passage published twice in full still keeps a short formula it
//!   contains when that formula recurs in few other documents.
//!
//! 64-bit hashes make a collision between two different shingles unlikely
//! (about m²/2⁶⁵ for m distinct shingles: 10⁻⁷ for the archive's 2.2 M); a
//! collision could only add a spurious shingle to a cluster.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;
use stenogram_core::{words, CharCursor};

/// A piece of text to search: one paragraph (or any unit the caller picks)
/// of one document. Passages never span pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The document: an index into the caller's table of documents.
    pub doc: u32,
    /// Code point offset of the piece in its document.
    pub start: usize,
    pub text: &'a str,
    /// Who says it: a person id (`vladimir-putin`), `None` for leads and
    /// generic speakers.
    pub speaker: Option<&'a str>,
    /// The document's ISO date (`YYYY-MM-DD`), when known.
    pub date: Option<&'a str>,
}

/// How [`find_reuse`] decides what a recurring passage is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReuseOptions {
    /// Words per shingle (default 8); at least 1. The shortest repetition
    /// that can be found.
    pub ngram: usize,
    /// The shortest passage reported, in words (default 10); never below
    /// `ngram`.
    pub min_words: usize,
    /// Distinct documents a shingle (and a cluster) must appear in
    /// (default 2); never below 2.
    pub min_documents: usize,
    /// Shingles in more than this share of all documents are boilerplate
    /// and ignored (default 0.05); the limit is never below `min_documents`
    /// documents, so small corpora keep their repetitions.
    pub max_document_share: f64,
    /// When two consecutive shingles of a piece belong to one passage: the
    /// `ngram + 1` words they cover must recur in at least `min_documents`
    /// documents and in at least this share of the documents holding the
    /// more frequent of the two (default 0.5). 0 joins every recurring
    /// junction; 1 keeps only runs of text shared by exactly the same
    /// documents.
    pub cohesion: f64,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        Self {
            ngram: 8,
            min_words: 10,
            min_documents: 2,
            max_document_share: 0.05,
            cohesion: 0.5,
        }
    }
}

/// One occurrence of a recurring passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Passage {
    /// The document (as [`Piece::doc`]).
    pub doc: u32,
    /// Index of the piece in the slice given to [`find_reuse`].
    pub piece: usize,
    /// Code point offsets in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets in the piece's text, end exclusive: `&piece.text[byte_start..byte_end]`.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Number of words.
    pub words: usize,
    pub speaker: Option<String>,
    pub date: Option<String>,
}

/// A group of passages that share text: one talking point and its variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cluster {
    /// Every occurrence, by date (undated last), then document and offset.
    pub passages: Vec<Passage>,
    /// Number of distinct documents among `passages`.
    pub documents: usize,
    /// Distinct speakers (person ids), most passages first, then by id.
    pub speakers: Vec<String>,
    /// Earliest and latest date among the passages.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Index in `passages` of the representative passage: the wording that
    /// recurs most often (words compared lower-cased), the longest on a tie,
    /// then the earliest.
    pub representative: usize,
    /// The representative passage's text, as written.
    pub text: String,
}

/// Finds passages that recur across documents and groups them into
/// clusters, sorted by distinct documents (most first), then passages, then
/// earliest date and text.
pub fn find_reuse(pieces: &[Piece<'_>], options: &ReuseOptions) -> Vec<Cluster> {
    let n = options.ngram.max(1);
    let min_words = options.min_words.max(n);
    let min_documents = options.min_documents.max(2);
    let cohesion = if options.cohesion.is_nan() {
        0.0
    } else {
        options.cohesion.clamp(0.0, 1.0)
    };

    // Pieces grouped by document (stable: pieces of a document keep their order).
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&p| pieces[p].doc);
    let documents = count_documents(pieces, &order);
    let limit =
        ((options.max_document_share * documents as f64).floor() as usize).max(min_documents);

    // 1–3. Shingle ids of every piece and their document frequencies.
    let index = ShingleIndex::build(pieces, &order, n);
    let keep: Vec<bool> = index
        .df
        .iter()
        .map(|&d| (min_documents..=limit).contains(&(d as usize)))
        .collect();

    // 4. Passages: runs of kept shingles whose every join recurs.
    let joins = count_joins(pieces, &order, &index, &keep);
    let joined = |a: u32, b: u32| {
        let together = joins.get(&join_key(a, b)).map_or(0, |&(_, df)| df) as usize;
        let apart = index.df[a as usize].max(index.df[b as usize]) as f64;
        together >= min_documents && together as f64 >= cohesion * apart
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    for (slot, &p) in order.iter().enumerate() {
        let offset = index.offsets[slot];
        let ids = &index.ids[offset..index.offsets[slot + 1]];
        let mut close = |run: Option<(usize, usize)>| {
            if let Some((first, last)) = run {
                if last + n - first >= min_words {
                    candidates.push(Candidate {
                        piece: p,
                        first,
                        end: last + n,
                        shingles: offset,
                    });
                }
            }
        };
        let mut run: Option<(usize, usize)> = None;
        for (i, &id) in ids.iter().enumerate() {
            if id == SINGLE || !keep[id as usize] {
                close(run.take());
                continue;
            }
            run = match run {
                Some((first, last)) if joined(ids[last], id) => Some((first, i)),
                other => {
                    close(other);
                    Some((i, i))
                }
            };
        }
        close(run);
    }
    drop(joins);

    // 5. Union-find over passages sharing a shingle.
    let mut sets = UnionFind::new(candidates.len());
    let mut holder = vec![u32::MAX; keep.len()];
    for (c, candidate) in candidates.iter().enumerate() {
        for &id in &index.ids[candidate.shingle_range(n)] {
            match holder[id as usize] {
                u32::MAX => holder[id as usize] = c as u32,
                other => sets.union(other as usize, c),
            }
        }
    }
    drop(holder);

    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for c in 0..candidates.len() {
        members.entry(sets.find(c)).or_default().push(c);
    }
    let groups: Vec<Vec<usize>> = members
        .into_values()
        .filter(|group| {
            distinct_documents(group.iter().map(|&c| pieces[candidates[c].piece].doc))
                >= min_documents
        })
        .collect();

    let mut located = locate(pieces, &candidates, &groups);
    let mut clusters: Vec<Cluster> = groups
        .into_iter()
        .map(|group| {
            let passages = group
                .into_iter()
                .map(|c| {
                    let wording = &index.ids[candidates[c].shingle_range(n)];
                    (wording, located[c].take().expect("located"))
                })
                .collect();
            build_cluster(passages, pieces)
        })
        .collect();
    clusters.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(b.passages.len().cmp(&a.passages.len()))
            .then_with(|| date_order(&a.first, &b.first))
            .then_with(|| a.text.cmp(&b.text))
            .then_with(|| a.passages[0].doc.cmp(&b.passages[0].doc))
            .then_with(|| a.passages[0].start.cmp(&b.passages[0].start))
    });
    clusters
}

/// A passage before offsets: words `first..end` of piece `piece`, whose
/// shingle ids start at `shingles` in the flat id array.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    piece: usize,
    first: usize,
    end: usize,
    shingles: usize,
}

impl Candidate {
    /// Where the passage's shingle ids are in [`ShingleIndex::ids`].
    fn shingle_range(&self, n: usize) -> std::ops::Range<usize> {
        self.shingles + self.first..self.shingles + self.end + 1 - n
    }
}

/// The passages of `groups` with their offsets, by candidate index.
fn locate(
    pieces: &[Piece<'_>],
    candidates: &[Candidate],
    groups: &[Vec<usize>],
) -> Vec<Option<Passage>> {
    let mut located = vec![None; candidates.len()];
    let mut wanted: Vec<usize> = groups.iter().flatten().copied().collect();
    // Candidates were made piece by piece, in order of their words.
    wanted.sort_unstable();
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for run in wanted.chunk_by(|&a, &b| candidates[a].piece == candidates[b].piece) {
        let p = candidates[run[0]].piece;
        let piece = &pieces[p];
        bounds.clear();
        bounds.extend(words(piece.text).map(|w| (w.start, w.end)));
        // The passages of a piece may overlap, but their starts and their
        // ends both increase.
        let mut starts = CharCursor::new(piece.text);
        let mut ends = CharCursor::new(piece.text);
        for &c in run {
            let candidate = &candidates[c];
            let byte_start = bounds[candidate.first].0;
            let byte_end = bounds[candidate.end - 1].1;
            located[c] = Some(Passage {
                doc: piece.doc,
                piece: p,
                start: piece.start + starts.at(byte_start),
                end: piece.start + ends.at(byte_end),
                byte_start,
                byte_end,
                words: candidate.end - candidate.first,
                speaker: piece.speaker.map(str::to_owned),
                date: piece.date.map(str::to_owned),
            });
        }
    }
    located
}

/// A cluster from its passages, each with its wording (shingle ids).
fn build_cluster(mut passages: Vec<(&[u32], Passage)>, pieces: &[Piece<'_>]) -> Cluster {
    passages.sort_by(|(_, a), (_, b)| {
        date_order(&a.date, &b.date)
            .then(a.doc.cmp(&b.doc))
            .then(a.start.cmp(&b.start))
    });
    let documents = distinct_documents(passages.iter().map(|(_, p)| p.doc));

    // The wording that recurs most, then the longest, then the earliest.
    let mut frequency: HashMap<&[u32], usize> = HashMap::new();
    for &(wording, _) in &passages {
        *frequency.entry(wording).or_default() += 1;
    }
    let representative = (0..passages.len())
        .min_by_key(|&i| {
            let (wording, passage) = &passages[i];
            (
                std::cmp::Reverse(frequency[wording]),
                std::cmp::Reverse(passage.words),
                i,
            )
        })
        .expect("a cluster has passages");

    let mut speakers: HashMap<&str, usize> = HashMap::new();
    for (_, passage) in &passages {
        if let Some(speaker) = &passage.speaker {
            *speakers.entry(speaker.as_str()).or_default() += 1;
        }
    }
    let mut speakers: Vec<(&str, usize)> = speakers.into_iter().collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let speakers = speakers.into_iter().map(|(s, _)| s.to_owned()).collect();

    let first = passages.iter().filter_map(|(_, p)| p.date.clone()).min();
    let last = passages.iter().filter_map(|(_, p)| p.date.clone()).max();
    let chosen = &passages[representative].1;
    let text = pieces[chosen.piece].text[chosen.byte_start..chosen.byte_end].to_owned();
    Cluster {
        passages: passages.into_iter().map(|(_, p)| p).collect(),
        documents,
        speakers,
        first,
        last,
        representative,
        text,
    }
}

/// Dates in order, `None` last.
fn date_order(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn distinct_documents(docs: impl Iterator<Item = u32>) -> usize {
    let mut docs: Vec<u32> = docs.collect();
    docs.sort_unstable();
    docs.dedup();
    docs.len()
}

fn count_documents(pieces: &[Piece<'_>], order: &[usize]) -> usize {
    let mut count = 0;
    let mut last = None;
    for &p in order {
        if last != Some(pieces[p].doc) {
            last = Some(pieces[p].doc);
            count += 1;
        }
    }
    count
}

/// The id of a shingle that no two documents share.
const SINGLE: u32 = u32::MAX;

/// The shingles of the pieces in `order`, flat: those of `order[slot]`
/// are `ids[offsets[slot]..offsets[slot + 1]]`, one per word that starts a
/// run of `n` words. Shingles shared by two documents or more have dense
/// ids, and `df[id]` is the number of distinct documents holding them; the
/// others are [`SINGLE`].
struct ShingleIndex {
    offsets: Vec<usize>,
    ids: Vec<u32>,
    df: Vec<u32>,
}

impl ShingleIndex {
    fn build(pieces: &[Piece<'_>], order: &[usize], n: usize) -> Self {
        let (hashes, offsets) = hash_shingles(pieces, order, n);
        assert!(
            u32::try_from(hashes.len()).is_ok_and(|len| len < SINGLE),
            "find_reuse takes fewer than 2^32 shingles per call"
        );
        // Partition (hash, document, position) by the hash's top bits, so
        // each part sorts in cache: a radix pass instead of a hash table of
        // every shingle, whose random accesses would dominate the run time.
        let bits = (hashes.len() / 4096).max(1).ilog2().min(16);
        let part = |hash: u64| hash.checked_shr(64 - bits).unwrap_or(0) as usize;
        let mut starts = vec![0usize; (1 << bits) + 1];
        for &hash in &hashes {
            starts[part(hash) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut entries = vec![(0u64, 0u32, 0u32); hashes.len()];
        let mut fill = starts.clone();
        for (slot, &p) in order.iter().enumerate() {
            let doc = pieces[p].doc;
            let range = offsets[slot]..offsets[slot + 1];
            for (position, &hash) in range.clone().zip(&hashes[range]) {
                let at = &mut fill[part(hash)];
                entries[*at] = (hash, doc, position as u32);
                *at += 1;
            }
        }
        drop(hashes);

        let mut ids = vec![SINGLE; entries.len()];
        let mut df = Vec::new();
        for bounds in starts.windows(2) {
            let entries = &mut entries[bounds[0]..bounds[1]];
            entries.sort_unstable();
            for run in entries.chunk_by(|a, b| a.0 == b.0) {
                let documents = 1 + run.windows(2).filter(|w| w[0].1 != w[1].1).count();
                if documents < 2 {
                    continue;
                }
                let id = df.len() as u32;
                df.push(documents as u32);
                for &(_, _, position) in run {
                    ids[position as usize] = id;
                }
            }
        }
        Self { offsets, ids, df }
    }
}

/// Shingle hashes of the pieces in `order`, flat, and where each piece's
/// start (`offsets[slot]..offsets[slot + 1]`). Large inputs are hashed on
/// all cores, in contiguous runs of pieces, so the result is the same.
fn hash_shingles(pieces: &[Piece<'_>], order: &[usize], n: usize) -> (Vec<u64>, Vec<usize>) {
    const CHUNK_BYTES: usize = 1 << 20;
    let bytes: usize = pieces.iter().map(|p| p.text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(bytes / CHUNK_BYTES)
        .max(1);
    if threads == 1 {
        return hash_run(pieces, order, n);
    }
    // Runs of about equal text.
    let mut runs = Vec::with_capacity(threads);
    let (mut from, mut size) = (0, 0);
    for (slot, &p) in order.iter().enumerate() {
        size += pieces[p].text.len();
        if size * threads >= bytes * (runs.len() + 1) {
            runs.push(&order[from..=slot]);
            from = slot + 1;
        }
    }
    runs.push(&order[from..]);
    let parts: Vec<(Vec<u64>, Vec<usize>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(move || hash_run(pieces, run, n)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("hashing does not panic"))
            .collect()
    });
    let mut hashes = Vec::with_capacity(parts.iter().map(|(h, _)| h.len()).sum());
    let mut offsets = Vec::with_capacity(order.len() + 1);
    offsets.push(0);
    for (part, part_offsets) in parts {
        let base = hashes.len();
        offsets.extend(part_offsets[1..].iter().map(|o| base + o));
        hashes.extend(part);
    }
    (hashes, offsets)
}

/// [`hash_shingles`] on one thread.
fn hash_run(pieces: &[Piece<'_>], order: &[usize], n: usize) -> (Vec<u64>, Vec<usize>) {
    let mut hashes = Vec::new();
    let mut offsets = Vec::with_capacity(order.len() + 1);
    offsets.push(0);
    let mut window: Vec<u64> = Vec::new();
    for &p in order {
        window.clear();
        window.extend(words(pieces[p].text).map(|w| word_hash(&pieces[p].text[w])));
        if window.len() >= n {
            hashes.extend(window.windows(n).map(shingle_hash));
        }
        offsets.push(hashes.len());
    }
    (hashes, offsets)
}

/// The key of two consecutive shingles (the `n + 1` words they cover).
fn join_key(a: u32, b: u32) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

/// For every pair of consecutive kept shingles: the last document seen and
/// the number of distinct documents where they occur joined.
fn count_joins(
    pieces: &[Piece<'_>],
    order: &[usize],
    index: &ShingleIndex,
    keep: &[bool],
) -> HashMap<u64, (u32, u32), BuildHasherDefault<Mixed>> {
    let mut joins: HashMap<u64, (u32, u32), BuildHasherDefault<Mixed>> = HashMap::default();
    for (slot, &p) in order.iter().enumerate() {
        let doc = pieces[p].doc;
        let ids = &index.ids[index.offsets[slot]..index.offsets[slot + 1]];
        for pair in ids.windows(2) {
            if pair.iter().all(|&id| id != SINGLE && keep[id as usize]) {
                let entry = joins.entry(join_key(pair[0], pair[1])).or_insert((doc, 0));
                if entry.1 == 0 || entry.0 != doc {
                    *entry = (doc, entry.1 + 1);
                }
            }
        }
    }
    joins
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Hash of a word, lower-cased.
fn word_hash(word: &str) -> u64 {
    let mut h = 0;
    if word.is_ascii() {
        for &b in word.as_bytes() {
            h = mix(h, u64::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            h = mix(h, u64::from(u32::from(c)));
        }
    }
    finish(h)
}

/// Hash of a run of word hashes, order-sensitive.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h = words.len() as u64;
    for &w in words {
        h = (h ^ w).wrapping_mul(K).rotate_left(31);
    }
    finish(h)
}

/// A hasher for `u64` keys: the MurmurHash3 finaliser.
#[derive(Default)]
struct Mixed(u64);

impl Hasher for Mixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = finish(value);
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grand = self.parent[self.parent[x] as usize];
            self.parent[x] = grand;
            x = grand as usize;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words no other document has: `d3w0 d3w1 …`.
    fn filler(doc: usize, tag: &str, count: usize) -> String {
        (0..count)
            .map(|i| format!("d{doc}{tag}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn piece(doc: u32, start: usize, text: &str) -> Piece<'_> {
        Piece {
            doc,
            start,
            text,
            speaker: None,
            date: None,
        }
    }

    /// Options without the boilerplate limit, for corpora of a few documents.
    fn small() -> ReuseOptions {
        ReuseOptions {
            max_document_share: 1.0,
            ..ReuseOptions::default()
        }
    }

    fn passage_texts(cluster: &Cluster, pieces: &[Piece<'_>]) -> Vec<String> {
        cluster
            .passages
            .iter()
            .map(|p| pieces[p.piece].text[p.byte_start..p.byte_end].to_string())
            .collect()
    }

    const PHRASE: &str =
        "our relations are special, allied and truly fraternal as they have always been";

    const VARIANT: &str =
        "Our relations are special – allied and truly fraternal, as they have always been";

    #[test]
    fn a_phrase_shared_by_three_documents_is_one_cluster_with_exact_offsets() {
        let texts_by_doc: Vec<String> = (0..3)
            .map(|d| {
                // Case and punctuation do not hide a repetition.
                let variant = if d == 1 { VARIANT } else { PHRASE };
                format!("{}. {variant}; {}.", filler(d, "a", 5), filler(d, "b", 4))
            })
            .collect();
        let speakers = [
            Some("vladimir-putin"),
            Some("alexander-lukashenko"),
            Some("vladimir-putin"),
        ];
        let dates = [Some("2019-05-01"), Some("2017-01-02"), None];
        let pieces: Vec<Piece<'_>> = (0..3)
            .map(|d| Piece {
                doc: d as u32,
                start: 100 * d + 7,
                text: &texts_by_doc[d],
                speaker: speakers[d],
                date: dates[d],
            })
            .collect();
        let clusters = find_reuse(&pieces, &small());
        assert_eq!(clusters.len(), 1);
        let cluster = &clusters[0];
        assert_eq!(cluster.documents, 3);
        assert_eq!(cluster.passages.len(), 3);
        // By date, undated last.
        let docs: Vec<u32> = cluster.passages.iter().map(|p| p.doc).collect();
        assert_eq!(docs, [1, 0, 2]);
        for passage in &cluster.passages {
            let d = passage.doc as usize;
            let text = &texts_by_doc[d];
            let shown = &text[passage.byte_start..passage.byte_end];
            assert!(
                shown.ends_with("always been") && shown.to_lowercase().starts_with("our relations")
            );
            let chars_before = text[..passage.byte_start].chars().count();
            assert_eq!(passage.start, 100 * d + 7 + chars_before);
            assert_eq!(passage.end - passage.start, shown.chars().count());
            assert_eq!(passage.words, 13);
            assert_eq!(passage.speaker.as_deref(), speakers[d]);
            assert_eq!(passage.date.as_deref(), dates[d]);
        }
        // Filler is ASCII: "d0a0 d0a1 d0a2 d0a3 d0a4. " is 26 bytes.
        assert_eq!(cluster.passages[1].start, 7 + 26);
        assert_eq!(cluster.speakers, ["vladimir-putin", "alexander-lukashenko"]);
        assert_eq!(cluster.first.as_deref(), Some("2017-01-02"));
        assert_eq!(cluster.last.as_deref(), Some("2019-05-01"));
        // The three have the same words: the earliest, as written, represents them.
        assert_eq!(cluster.representative, 0);
        assert_eq!(cluster.text, VARIANT);

        // The order of the pieces does not matter.
        let mut reversed = pieces.clone();
        reversed.reverse();
        let again = find_reuse(&reversed, &small());
        assert_eq!(again.len(), 1);
        assert_eq!(
            passage_texts(&again[0], &reversed),
            passage_texts(cluster, &pieces)
        );
        assert_eq!(again[0].text, cluster.text);
        let starts = |c: &Cluster| {
            c.passages
                .iter()
                .map(|p| (p.doc, p.start, p.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(starts(&again[0]), starts(cluster));
    }

    #[test]
    fn reuse_inside_one_document_is_ignored() {
        let twice = format!("{} {PHRASE} {}", filler(0, "a", 3), filler(0, "b", 3));
        let again = format!("{} {PHRASE}", filler(0, "c", 2));
        let other = filler(1, "a", 30);
        let pieces = [
            piece(0, 0, &twice),
            piece(0, 500, &again),
            piece(1, 0, &other),
        ];
        assert!(find_reuse(&pieces, &small()).is_empty());

        // Once another document has it, every occurrence counts.
        let other = format!("{} {PHRASE}", filler(1, "a", 2));
        let pieces = [
            piece(0, 0, &twice),
            piece(0, 500, &again),
            piece(1, 0, &other),
        ];
        let clusters = find_reuse(&pieces, &small());
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].passages.len(), 3);
        assert_eq!(clusters[0].documents, 2);
    }

    #[test]
    fn boilerplate_in_every_document_is_dropped() {
        let boilerplate =
            "The Kremlin press service reports that the meeting took place in Moscow today";
        let talking_point =
            "we will never abandon our compatriots who live abroad in difficult times";
        let texts: Vec<(u32, String)> = (0..100)
            .flat_map(|d| {
                let mut texts = vec![(
                    d as u32,
                    format!("{} {boilerplate}. {}", filler(d, "a", 3), filler(d, "b", 3)),
                )];
                if d < 3 {
                    texts.push((d as u32, format!("{}: {talking_point}!", filler(d, "c", 2))));
                }
                texts
            })
            .collect();
        let pieces: Vec<Piece<'_>> = texts.iter().map(|(d, t)| piece(*d, 0, t)).collect();
        // 100 documents: more than 5 is boilerplate.
        let clusters = find_reuse(&pieces, &ReuseOptions::default());
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].text, talking_point);
        assert_eq!(clusters[0].documents, 3);

        // Without the limit, the boilerplate is the first cluster.
        let clusters = find_reuse(&pieces, &small());
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].text, boilerplate);
        assert_eq!(clusters[0].documents, 100);
        assert_eq!(clusters[1].text, talking_point);
    }

    #[test]
    fn passages_shorter_than_min_words_are_dropped() {
        let nine = "the situation in the region remains complicated and tense";
        let texts: Vec<String> = (0..3)
            .map(|d| format!("{} {nine} {}", filler(d, "a", 4), filler(d, "b", 4)))
            .collect();
        let pieces: Vec<Piece<'_>> = (0..3).map(|d| piece(d as u32, 0, &texts[d])).collect();
        assert!(find_reuse(&pieces, &small()).is_empty());
        let nine_words = ReuseOptions {
            min_words: 9,
            ..small()
        };
        let clusters = find_reuse(&pieces, &nine_words);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].text, nine);
        assert_eq!(clusters[0].passages[0].words, 9);
        // Shorter than a shingle: never found.
        let seven = "the situation in the region remains complicated";
        let texts: Vec<String> = (0..3)
            .map(|d| format!("{} {seven} {}", filler(d, "a", 4), filler(d, "b", 4)))
            .collect();
        let pieces: Vec<Piece<'_>> = (0..3).map(|d| piece(d as u32, 0, &texts[d])).collect();
        assert!(find_reuse(&pieces, &nine_words).is_empty());
    }

    #[test]
    fn offsets_are_code_points_in_non_ascii_text() {
        // No-break spaces, curly quotes, Cyrillic, a dash and an astral
        // character before and inside the passage; upper case outside ASCII.
        let pieces_text = [
            "Москва,\u{a0}«Кремль» 😀 — We value our special\u{a0}allied and “truly fraternal” relations with ÜBERALL Belarus, as always”",
            "Сочи: ‘x’ we value our special allied and truly fraternal relations with überall Belarus as always. Конец",
        ];
        let headings = ["Заголовок\u{a0}один\n", "Title\n"];
        let documents: Vec<String> = (0..2)
            .map(|d| format!("{}{}", headings[d], pieces_text[d]))
            .collect();
        let pieces: Vec<Piece<'_>> = (0..2)
            .map(|d| piece(d as u32, headings[d].chars().count(), pieces_text[d]))
            .collect();
        let clusters = find_reuse(&pieces, &small());
        assert_eq!(clusters.len(), 1);
        let expected = [
            "We value our special\u{a0}allied and “truly fraternal” relations with ÜBERALL Belarus, as always",
            "we value our special allied and truly fraternal relations with überall Belarus as always",
        ];
        for passage in &clusters[0].passages {
            let d = passage.doc as usize;
            let by_chars: String = documents[d]
                .chars()
                .skip(passage.start)
                .take(passage.end - passage.start)
                .collect();
            assert_eq!(by_chars, expected[d]);
            assert_eq!(
                &pieces_text[d][passage.byte_start..passage.byte_end],
                expected[d]
            );
            assert_eq!(passage.words, 14);
        }
        // "Заголовок один\n" is 15 code points, "Москва, «Кремль» 😀 — " 21 (the
        // emoji is one code point, four bytes).
        assert_eq!(clusters[0].passages[0].start, 15 + 21);
    }

    #[test]
    fn cohesion_cuts_a_passage_where_few_documents_continue_it() {
        let extra = "the new resettlement programme covers housing schools and medical care";
        let point = "we will never abandon our compatriots who live abroad in difficult times";
        let texts: Vec<String> = (0..6)
            .map(|d| {
                if d < 2 {
                    // A statement published twice, with the talking point in it.
                    format!(
                        "{} {extra} {point} {}",
                        filler(d, "a", 3),
                        filler(d, "b", 3)
                    )
                } else {
                    format!("{} {point} {}", filler(d, "a", 3), filler(d, "b", 3))
                }
            })
            .collect();
        let pieces: Vec<Piece<'_>> = (0..6).map(|d| piece(d as u32, 0, &texts[d])).collect();

        let clusters = find_reuse(&pieces, &small());
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].documents, 6);
        assert!(passage_texts(&clusters[0], &pieces)
            .iter()
            .all(|t| t == point));
        assert_eq!(clusters[1].documents, 2);
        // The statement's own part runs into the point by `ngram - 1` words.
        assert_eq!(
            clusters[1].text,
            format!("{extra} we will never abandon our compatriots who")
        );

        // Joining every recurring junction keeps the statement whole.
        let loose = ReuseOptions {
            cohesion: 0.0,
            ..small()
        };
        let clusters = find_reuse(&pieces, &loose);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].documents, 6);
        assert_eq!(clusters[0].text, point);
        let long = format!("{extra} {point}");
        assert_eq!(
            passage_texts(&clusters[0], &pieces)
                .iter()
                .filter(|t| **t == long)
                .count(),
            2
        );
    }

    #[test]
    fn a_large_corpus_is_hashed_in_parallel_and_partitioned() {
        // 2.5 MB in 1,200 documents: hashed on several threads (where the
        // machine has them) and partitioned by hash before sorting.
        let texts: Vec<String> = (0..1200)
            .map(|d| {
                if d % 500 == 5 {
                    format!("{} {PHRASE} {}", filler(d, "a", 120), filler(d, "b", 120))
                } else {
                    filler(d, "a", 250)
                }
            })
            .collect();
        let pieces: Vec<Piece<'_>> = texts
            .iter()
            .enumerate()
            .map(|(d, t)| piece(d as u32, 0, t))
            .collect();
        assert!(texts.iter().map(String::len).sum::<usize>() > 2 << 20);
        let clusters = find_reuse(&pieces, &ReuseOptions::default());
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].text, PHRASE);
        let found: Vec<(u32, usize)> = clusters[0]
            .passages
            .iter()
            .map(|p| (p.doc, p.start))
            .collect();
        let at = |d: usize| filler(d, "a", 120).len() + 1;
        assert_eq!(found, [(5, at(5)), (505, at(505)), (1005, at(1005))]);
    }

    #[test]
    fn nothing_to_find() {
        assert!(find_reuse(&[], &ReuseOptions::default()).is_empty());
        let pieces = [
            piece(0, 0, "Short."),
            piece(1, 0, "Short."),
            piece(2, 0, ""),
        ];
        assert!(find_reuse(&pieces, &small()).is_empty());
        // Degenerate options are clamped, not trusted.
        let odd = ReuseOptions {
            ngram: 0,
            min_words: 0,
            min_documents: 0,
            max_document_share: f64::NAN,
            cohesion: f64::NAN,
        };
        let clusters = find_reuse(&pieces, &odd);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].text, "Short");
    }
}
