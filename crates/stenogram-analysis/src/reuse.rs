//! Recurring passages: the talking points a corpus repeats ("special, allied
//! and truly fraternal relations", "as you know, we have a saying …") found
//! across documents.
//!
//! # Method
//!
//! An exact shingle index, in one pass over the text and a few over flat
//! arrays:
//!
//! 1. **Words.** Every piece (a lead or speech paragraph; the caller chooses)
//!    is cut into words with [`stenogram_core::words`] (maximal runs of
//!    alphanumeric characters, the search index's rule) and each word is
//!    hashed lower-cased, so case and punctuation never hide a repetition
//!    ("Special, allied" = "special allied").
//! 2. **Shingles.** Every run of `ngram` consecutive words of a piece (a
//!    shingle; default 8) gets a 64-bit hash and, through one hash table, a
//!    dense id. Shingles never cross pieces.
//! 3. **Document frequency.** Pieces are visited grouped by document, so
//!    the number of *distinct* documents holding each shingle is one counter
//!    and a "last document seen" per id. A shingle is kept when at least
//!    `min_documents` documents hold it (repetition inside one document is
//!    not reuse) and no more than `max_document_share` of all documents
//!    (boilerplate of the site, e.g. "the President of Russia signed the
//!    Federal Law …", is dropped; the limit is never below `min_documents`).
//! 4. **Passages.** In each piece, kept shingles whose words overlap merge
//!    into maximal passages; a passage shorter than `min_words` words is
//!    dropped.
//! 5. **Clusters.** Passages sharing a kept shingle are joined with
//!    union-find; a cluster whose passages come from fewer than
//!    `min_documents` documents (its partners fell short of `min_words`) is
//!    dropped. Offsets are turned into code points of the document
//!    (`piece.start` + code points before the passage in the piece).
//!
//! # Why this method
//!
//! - **Exact.** A shared run of `ngram` words is found every time, with its
//!   exact extent; MinHash/LSH would add a false-negative rate and a second
//!   verification step, and it answers "are these documents similar", not
//!   "where is the shared passage".
//! - **Fast and small.** Linear in the number of words: one hash per word,
//!   one table lookup per shingle, then scans of `u32` arrays. Memory is a
//!   `u32` per shingle plus the table of distinct shingles (about 40 bytes
//!   per word of the corpus in all). No pairwise document comparison.
//! - **Boilerplate by document frequency** needs no list of phrases and no
//!   tuning per site; it is the same `df` idea as stop words, at phrase level.
//! - **Union-find on shared shingles** groups a formula with its variants:
//!   two speeches that extend the same phrase differently still share the
//!   shingles of the phrase. The price is chaining: a long passage (a whole
//!   statement published twice) joins every talking point it contains into
//!   its cluster. Such clusters are visible by their long representative.
//!
//! 64-bit hashes make a collision between two different shingles unlikely
//! (about 2⁻⁶⁵·m² for m distinct shingles: 10⁻⁷ for this archive); a collision
//! could only add a spurious shingle to a cluster, never lose a passage.

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
}

impl Default for ReuseOptions {
    fn default() -> Self {
        Self {
            ngram: 8,
            min_words: 10,
            min_documents: 2,
            max_document_share: 0.05,
        }
    }
}

/// One occurrence of a recurring passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// recurs most often (words compared lower-cased), the shortest on a tie,
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

    // Pieces grouped by document (stable: pieces of a document keep their order).
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&p| pieces[p].doc);
    let documents = count_documents(pieces, &order);
    let limit =
        ((options.max_document_share * documents as f64).floor() as usize).max(min_documents);

    // 1–2. Shingle hashes of every piece, flat, in `order`.
    let shingles = hash_shingles(pieces, &order, n);

    // 2–3. Dense ids and document frequency.
    let mut table: HashMap<u64, u32, BuildHasherDefault<Prehashed>> =
        HashMap::with_capacity_and_hasher(shingles.hashes.len(), Default::default());
    let mut last_doc: Vec<u32> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let mut fingerprint: Vec<u64> = Vec::new();
    let mut ids: Vec<u32> = Vec::with_capacity(shingles.hashes.len());
    for (slot, &p) in order.iter().enumerate() {
        let doc = pieces[p].doc;
        let doc_hash = finish(u64::from(doc) ^ K);
        for &hash in &shingles.hashes[shingles.offsets[slot]..shingles.offsets[slot + 1]] {
            let next = df.len() as u32;
            let id = *table.entry(hash).or_insert(next);
            if id == next {
                df.push(1);
                last_doc.push(doc);
                fingerprint.push(doc_hash);
            } else if last_doc[id as usize] != doc {
                last_doc[id as usize] = doc;
                df[id as usize] += 1;
                fingerprint[id as usize] ^= doc_hash;
            }
            ids.push(id);
        }
    }
    drop(table);
    drop(last_doc);
    let keep: Vec<bool> = df
        .iter()
        .map(|&d| (min_documents..=limit).contains(&(d as usize)))
        .collect();
    drop(df);

    // 4. Passages: maximal runs of overlapping kept shingles, in words.
    let mut candidates: Vec<Candidate> = Vec::new();
    for (slot, &p) in order.iter().enumerate() {
        let range = shingles.offsets[slot]..shingles.offsets[slot + 1];
        let piece_ids = &ids[range.clone()];
        let mut open: Option<(usize, usize)> = None;
        let mut close = |run: (usize, usize)| {
            if run.1 - run.0 >= min_words {
                candidates.push(Candidate {
                    piece: p,
                    first: run.0,
                    end: run.1,
                    shingles: range.start,
                });
            }
        };
        for (i, &id) in piece_ids.iter().enumerate() {
            if !keep[id as usize] {
                continue;
            }
            open = match open {
                Some((start, end)) if i + n == end + 1 && fingerprint[id as usize] == fingerprint[piece_ids[i - 1] as usize] => Some((start, i + n)),
                Some(run) => {
                    close(run);
                    Some((i, i + n))
                }
                None => Some((i, i + n)),
            };
        }
        if let Some(run) = open {
            close(run);
        }
    }

    // 5. Union-find over passages sharing a kept shingle.
    let mut sets = UnionFind::new(candidates.len());
    let mut holder = vec![u32::MAX; keep.len()];
    for (c, candidate) in candidates.iter().enumerate() {
        for &id in
            &ids[candidate.shingles + candidate.first..candidate.shingles + candidate.end + 1 - n]
        {
            if !keep[id as usize] {
                continue;
            }
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
    let mut groups: Vec<Vec<usize>> = members
        .into_values()
        .filter(|group| {
            distinct_documents(group.iter().map(|&c| pieces[candidates[c].piece].doc))
                >= min_documents
        })
        .collect();

    // Offsets of the surviving passages, piece by piece.
    let mut wanted: Vec<usize> = groups.iter().flatten().copied().collect();
    wanted.sort_unstable();
    let mut located: HashMap<usize, Passage> = HashMap::with_capacity(wanted.len());
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < wanted.len() {
        let p = candidates[wanted[at]].piece;
        let piece = &pieces[p];
        bounds.clear();
        bounds.extend(words(piece.text).map(|w| (w.start, w.end)));
        let mut cursor = CharCursor::new(piece.text);
        while at < wanted.len() && candidates[wanted[at]].piece == p {
            let candidate = &candidates[wanted[at]];
            let byte_start = bounds[candidate.first].0;
            let byte_end = bounds[candidate.end - 1].1;
            let start = piece.start + cursor.at(byte_start);
            let end = piece.start + cursor.at(byte_end);
            located.insert(
                wanted[at],
                Passage {
                    doc: piece.doc,
                    piece: p,
                    start,
                    end,
                    byte_start,
                    byte_end,
                    words: candidate.end - candidate.first,
                    speaker: piece.speaker.map(str::to_owned),
                    date: piece.date.map(str::to_owned),
                },
            );
            at += 1;
        }
    }

    let mut clusters: Vec<Cluster> = groups
        .iter_mut()
        .map(|group| {
            let wording: HashMap<usize, u64> = group
                .iter()
                .map(|&c| {
                    let candidate = &candidates[c];
                    let span = &ids[candidate.shingles + candidate.first
                        ..candidate.shingles + candidate.end + 1 - n];
                    (c, wording_key(span))
                })
                .collect();
            let passages: Vec<(usize, Passage)> = group
                .iter()
                .map(|&c| (c, located.remove(&c).expect("located")))
                .collect();
            build_cluster(passages, &wording, pieces)
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

fn build_cluster(
    mut passages: Vec<(usize, Passage)>,
    wording: &HashMap<usize, u64>,
    pieces: &[Piece<'_>],
) -> Cluster {
    passages.sort_by(|(_, a), (_, b)| {
        date_order(&a.date, &b.date)
            .then(a.doc.cmp(&b.doc))
            .then(a.start.cmp(&b.start))
    });
    let documents = distinct_documents(passages.iter().map(|(_, p)| p.doc));

    // The wording that recurs most, then the shortest, then the earliest.
    let mut frequency: HashMap<u64, usize> = HashMap::new();
    for (c, _) in &passages {
        *frequency.entry(wording[c]).or_default() += 1;
    }
    let representative = (0..passages.len())
        .min_by_key(|&i| {
            let (c, passage) = &passages[i];
            (std::cmp::Reverse(frequency[&wording[c]]), passage.words, i)
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

/// The word sequence of a passage, as a hash of its shingle ids (equal ids
/// mean equal lower-cased words).
fn wording_key(ids: &[u32]) -> u64 {
    let mut h = ids.len() as u64;
    for &id in ids {
        h = mix(h, u64::from(id));
    }
    finish(h)
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

/// Shingle hashes of the pieces in `order`, flat: those of `order[slot]`
/// are `hashes[offsets[slot]..offsets[slot + 1]]`, one per word that starts
/// a run of `n` words.
struct Shingles {
    hashes: Vec<u64>,
    offsets: Vec<usize>,
}

fn hash_shingles(pieces: &[Piece<'_>], order: &[usize], n: usize) -> Shingles {
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
    Shingles { hashes, offsets }
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

/// A hasher for keys that are already good hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
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
