//! The analyses as complete answers: each report holds the rows and the
//! subcorpus description that make its figures reproducible. The CLI and
//! the HTTP API present these same values.

use serde::Serialize;
use stenogram_store::{Filter, Store, StoreError, SubcorpusInfo};

use crate::measures::{self, CollocateRow, CollocationInfo, KeyRow, Period, TrendRow};
use crate::reuse::{find_reuse, Piece, ReuseOptions};

/// A subcorpus description with its word count.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Subcorpus {
    #[serde(flatten)]
    pub info: SubcorpusInfo,
    pub words: u64,
}

/// Term frequencies per period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrendsReport {
    pub subcorpus: Subcorpus,
    pub by: Period,
    pub rows: Vec<TrendRow>,
}

/// Runs [`measures::trends`]; the subcorpus words are those of dated documents.
pub fn trends(
    store: &Store,
    terms: &[String],
    filter: &Filter,
    by: Period,
) -> Result<TrendsReport, StoreError> {
    let (rows, info) = measures::trends(store, terms, filter, by)?;
    let mut seen = std::collections::BTreeMap::new();
    for r in &rows {
        seen.insert(r.period.clone(), r.words);
    }
    Ok(TrendsReport {
        subcorpus: Subcorpus {
            info,
            words: seen.values().sum(),
        },
        by,
        rows,
    })
}

/// What keyness compares and how it filters.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeynessOptions {
    /// A subcorpus spec (`speaker=putin,from=2014`) or `@name`.
    pub target: String,
    /// The same; `None` for the rest of the store.
    pub reference: Option<String>,
    /// Take the target's words out of the reference (for a reference that
    /// contains the target: "everyone else's speech" is `part=speech`
    /// minus the target).
    pub exclude_target: bool,
    pub min_freq: u64,
    pub stopwords: bool,
    pub negative: bool,
    pub limit: usize,
}

/// Keywords of a target against a reference.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeynessReport {
    pub target: Subcorpus,
    pub reference: Subcorpus,
    /// True when the reference is the rest (of the store, or of the given
    /// reference) after taking the target out.
    pub reference_is_rest: bool,
    /// Keywords before the limit.
    pub total: usize,
    pub rows: Vec<KeyRow>,
}

/// Keywords of the target against the reference, both counted from the
/// index in one walk ([`Store::term_counts`]). A reference that is "the
/// rest" is counted whole, then the target's counts are taken out of each
/// word's (never below zero) and out of its words.
pub fn keyness(store: &Store, options: &KeynessOptions) -> Result<KeynessReport, StoreError> {
    let target_filter = store.subcorpus(&options.target)?;
    let (reference_filter, rest) = match &options.reference {
        Some(spec) => (store.subcorpus(spec)?, options.exclude_target),
        None => (Filter::default(), true),
    };
    let (counts, mut infos) = store.term_counts(&[target_filter, reference_filter])?;
    let reference_info = infos.pop().expect("two subcorpora");
    let target_info = infos.pop().expect("two subcorpora");
    let (target_words, whole_words) = (counts.words()[0], counts.words()[1]);
    let reference_words = if rest {
        whole_words.saturating_sub(target_words)
    } else {
        whole_words
    };
    let table = counts.iter().map(|(word, c)| {
        let reference = if rest {
            c[1].saturating_sub(c[0])
        } else {
            c[1]
        };
        (word, c[0], reference)
    });
    let mut rows = measures::keywords(
        table,
        target_words,
        reference_words,
        options.min_freq,
        options.stopwords,
        options.negative,
    );
    let total = rows.len();
    rows.truncate(options.limit);
    Ok(KeynessReport {
        target: Subcorpus {
            info: target_info,
            words: target_words,
        },
        reference: Subcorpus {
            info: reference_info,
            words: reference_words,
        },
        reference_is_rest: rest,
        total,
        rows,
    })
}

/// How collocates are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum CollocateSort {
    #[default]
    Ll,
    Mi,
    T,
}

/// Collocates of a node.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CollocatesReport {
    pub subcorpus: Subcorpus,
    pub node: CollocationInfo,
    pub sort: CollocateSort,
    /// Collocates before the limit.
    pub total: usize,
    pub rows: Vec<CollocateRow>,
}

pub fn collocates(
    store: &Store,
    term: &str,
    filter: &Filter,
    window: usize,
    min_freq: u64,
    sort: CollocateSort,
    limit: usize,
) -> Result<CollocatesReport, StoreError> {
    let (mut rows, node, info) = measures::collocates(store, term, filter, window, min_freq)?;
    match sort {
        CollocateSort::Ll => {}
        CollocateSort::Mi => rows.sort_by(|a, b| b.mi.total_cmp(&a.mi)),
        CollocateSort::T => rows.sort_by(|a, b| b.t.total_cmp(&a.t)),
    }
    let total = rows.len();
    rows.truncate(limit);
    Ok(CollocatesReport {
        subcorpus: Subcorpus {
            words: node.corpus_words,
            info,
        },
        node,
        sort,
        total,
        rows,
    })
}

/// One occurrence of a recurring passage, by document id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReusePassage {
    pub doc: String,
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
    pub words: usize,
}

/// A recurring passage and where it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReuseCluster {
    pub text: String,
    pub documents: usize,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub speakers: Vec<String>,
    pub passages: Vec<ReusePassage>,
}

/// The settings a reuse run used, and what it found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReuseSettings {
    pub ngram: usize,
    pub min_words: usize,
    pub min_documents: usize,
    pub max_document_share: f64,
    pub cohesion: f64,
    pub clusters: usize,
}

/// Recurring passages of a subcorpus.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReuseReport {
    pub subcorpus: SubcorpusInfo,
    pub settings: ReuseSettings,
    pub clusters: Vec<ReuseCluster>,
}

/// Finds recurring passages in the subcorpus (speech when the filter names
/// no part: news leads repeat attendee lists, which are not talking points);
/// all clusters, best first.
pub fn reuse(
    store: &Store,
    filter: &Filter,
    options: &ReuseOptions,
) -> Result<ReuseReport, StoreError> {
    let mut filter = filter.clone();
    if filter.parts.is_empty() {
        filter.parts = vec!["speech".to_owned()];
    }
    let mut docs: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut owned = Vec::new();
    let info = store.for_each_piece(&filter, &mut |piece| {
        let doc = *index.entry(piece.doc.clone()).or_insert_with(|| {
            docs.push(piece.doc.clone());
            (docs.len() - 1) as u32
        });
        owned.push((doc, piece.clone()));
    })?;
    let pieces: Vec<Piece> = owned
        .iter()
        .map(|(doc, p)| Piece {
            doc: *doc,
            start: p.start,
            text: &p.text,
            speaker: p.person.as_deref(),
            date: p.date.as_deref(),
        })
        .collect();
    let found = find_reuse(&pieces, options);
    let clusters: Vec<ReuseCluster> = found
        .into_iter()
        .map(|cluster| ReuseCluster {
            count: cluster.passages.len(),
            passages: cluster
                .passages
                .iter()
                .map(|p| ReusePassage {
                    doc: docs[p.doc as usize].clone(),
                    date: p.date.clone(),
                    speaker: p.speaker.clone(),
                    start: p.start,
                    end: p.end,
                    words: p.words,
                })
                .collect(),
            text: cluster.text,
            documents: cluster.documents,
            first: cluster.first,
            last: cluster.last,
            speakers: cluster.speakers,
        })
        .collect();
    Ok(ReuseReport {
        subcorpus: info,
        settings: ReuseSettings {
            ngram: options.ngram,
            min_words: options.min_words,
            min_documents: options.min_documents,
            max_document_share: options.max_document_share,
            cohesion: options.cohesion,
            clusters: clusters.len(),
        },
        clusters,
    })
}
