//! The API's routes as one table, from which both the router and the
//! OpenAPI 3 document are made, so every route is documented and every
//! documented route exists. Response schemas come from the row types
//! themselves (schemars), not from hand-written JSON.

use axum::extract::{RawQuery, State};
use axum::routing::{get, MethodRouter};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::{json, Value};
use stenogram_analysis::reports::{CollocatesReport, KeynessReport, ReuseReport, TrendsReport};
use stenogram_store::{ClaimRow, Conflict, SpeakerRow};

use crate::api::{
    self, DocumentResponse, KwicPage, Page, Report, SearchPage, SpeakerDetail, StatusResponse,
};
use crate::download;
use crate::state::SharedState;

/// Where a parameter goes and what it holds.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Integer,
    Number,
    Boolean,
    /// Repeatable text (`speaker=a&speaker=b`).
    List,
}

/// One parameter of an operation.
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
    /// Allowed values, when closed.
    pub choices: &'static [&'static str],
    /// In the path rather than the query.
    pub in_path: bool,
}

const fn q(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        required: false,
        description,
        choices: &[],
        in_path: false,
    }
}

const fn required(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Text,
        required: true,
        description,
        choices: &[],
        in_path: false,
    }
}

const fn path(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Text,
        required: true,
        description,
        choices: &[],
        in_path: true,
    }
}

const fn choice(
    name: &'static str,
    choices: &'static [&'static str],
    description: &'static str,
) -> Param {
    Param {
        name,
        kind: Kind::Text,
        required: false,
        description,
        choices,
        in_path: false,
    }
}

const FILTER: [Param; 6] = [
    q(
        "speaker",
        Kind::List,
        "Only speech by this person: an id (vladimir-putin) or a name (Putin). Repeatable.",
    ),
    q(
        "role",
        Kind::List,
        "Only speech in this role (case-insensitive part of it). Repeatable.",
    ),
    q(
        "from",
        Kind::Text,
        "From this date on: YYYY, YYYY-MM or YYYY-MM-DD, inclusive.",
    ),
    q(
        "to",
        Kind::Text,
        "Up to this date: YYYY, YYYY-MM or YYYY-MM-DD, inclusive.",
    ),
    q(
        "part",
        Kind::List,
        "Only these parts: lead, narration, label, speech, artefact. Repeatable.",
    ),
    q(
        "tag",
        Kind::List,
        "Only documents with this tag (analyses). Repeatable.",
    ),
];
const PAGE: [Param; 2] = [
    q("limit", Kind::Integer, "Rows per page (at most 1000)."),
    q("offset", Kind::Integer, "Rows to skip."),
];
const CLAIMS: [Param; 2] = [
    q(
        "indicator",
        Kind::List,
        "Indicator id (trade, gdp, inflation …). Repeatable.",
    ),
    q(
        "scope",
        Kind::List,
        "Countries the scope must include: Belarus, or Belarus+Russia.",
    ),
];

/// How to describe a response body.
pub enum Body {
    Json(fn(&mut SchemaGenerator) -> Schema),
    Csv,
    Ndjson,
}

/// One GET operation of the API.
pub struct Operation {
    pub path: &'static str,
    pub id: &'static str,
    pub summary: &'static str,
    pub params: Vec<&'static Param>,
    pub body: Body,
    pub handler: MethodRouter<SharedState>,
}

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

fn with<'a>(lists: &[&'a [Param]], extra: &[&'a Param]) -> Vec<&'a Param> {
    let mut params: Vec<&Param> = extra.to_vec();
    for list in lists {
        params.extend(list.iter());
    }
    params
}

static Q_SEARCH: Param = required("q", "Words, \"phrases\", AND/OR/NOT.");
static Q_TERM: Param = required("q", "A word or phrase.");
static Q_TERMS: Param = Param {
    name: "q",
    kind: Kind::List,
    required: true,
    description: "Words or phrases to count. Repeatable (at most 8).",
    choices: &[],
    in_path: false,
};
static CONTEXT: Param = q(
    "context",
    Kind::Integer,
    "Characters of context each side (at most 500).",
);
static KWIC_SORT: Param = choice("sort", &["date", "left", "right"], "Order of the hits.");
static DOC_ID: Param = path("id", "The document id.");
static PERSON_ID: Param = path("id", "The person id (vladimir-putin).");
static INDICATOR: Param = Param {
    name: "indicator",
    kind: Kind::Text,
    required: true,
    description: "One indicator id (trade, gdp …).",
    choices: &[],
    in_path: false,
};
static SCOPE: Param = q("scope", Kind::List, "Countries the scope must include.");
static BY: Param = choice("by", &["year", "month"], "Period of the series.");
static TARGET: Param = required("target", "Target subcorpus: speaker=putin,from=2014,to=2016 (keys speaker, role, from, to, part, tag) or @name.");
static REFERENCE: Param = q(
    "reference",
    Kind::Text,
    "Reference subcorpus, the same way; default: the rest of the store.",
);
static MIN_FREQ: Param = q(
    "min_freq",
    Kind::Integer,
    "Only words at least this frequent.",
);
static STOPWORDS: Param = q(
    "stopwords",
    Kind::Boolean,
    "Leave out English function words.",
);
static NEGATIVE: Param = q(
    "negative",
    Kind::Boolean,
    "Words the target uses less than the reference.",
);
static LIMIT: Param = q("limit", Kind::Integer, "Rows (at most 1000).");
static WINDOW: Param = q("window", Kind::Integer, "Words either side (at most 50).");
static COLL_SORT: Param = choice(
    "sort",
    &["ll", "mi", "t"],
    "Rank by log-likelihood, MI or t-score.",
);
static NGRAM: Param = q("ngram", Kind::Integer, "Words per shingle.");
static MIN_WORDS: Param = q("min_words", Kind::Integer, "Shortest passage in words.");
static MIN_DOCS: Param = q(
    "min_documents",
    Kind::Integer,
    "Documents a passage must recur in.",
);
static MAX_SHARE: Param = q(
    "max_share",
    Kind::Number,
    "Word runs in more than this share of documents are boilerplate (0..1).",
);

static FILTER_S: [Param; 6] = FILTER;
static PAGE_S: [Param; 2] = PAGE;
static CLAIMS_S: [Param; 2] = CLAIMS;

/// Every route of the API.
pub fn operations() -> Vec<Operation> {
    let download_ops = [
        (
            "/api/v1/search.csv",
            "searchCsv",
            "Every search hit as CSV (no cap).",
            Body::Csv,
            "search.csv",
        ),
        (
            "/api/v1/search.ndjson",
            "searchNdjson",
            "Every search hit as NDJSON (first line: query and version).",
            Body::Ndjson,
            "search.ndjson",
        ),
        (
            "/api/v1/kwic.csv",
            "kwicCsv",
            "The complete concordance as CSV (no cap).",
            Body::Csv,
            "kwic.csv",
        ),
        (
            "/api/v1/kwic.ndjson",
            "kwicNdjson",
            "The complete concordance as NDJSON.",
            Body::Ndjson,
            "kwic.ndjson",
        ),
        (
            "/api/v1/claims.csv",
            "claimsCsv",
            "Every matching claim as CSV.",
            Body::Csv,
            "claims.csv",
        ),
        (
            "/api/v1/claims.ndjson",
            "claimsNdjson",
            "Every matching claim as NDJSON.",
            Body::Ndjson,
            "claims.ndjson",
        ),
        (
            "/api/v1/conflicts.csv",
            "conflictsCsv",
            "Every conflict as CSV.",
            Body::Csv,
            "conflicts.csv",
        ),
        (
            "/api/v1/conflicts.ndjson",
            "conflictsNdjson",
            "Every conflict as NDJSON.",
            Body::Ndjson,
            "conflicts.ndjson",
        ),
    ];
    let mut ops = vec![
        Operation {
            path: "/api/v1/status",
            id: "status",
            summary: "Counts of the store, its version and documents per year.",
            params: vec![],
            body: Body::Json(schema::<StatusResponse>),
            handler: get(api::status),
        },
        Operation {
            path: "/api/v1/search",
            id: "search",
            summary: "Ranked search with facets (speaker, year, part) over all hits.",
            params: with(&[&FILTER_S, &PAGE_S], &[&Q_SEARCH]),
            body: Body::Json(schema::<SearchPage>),
            handler: get(api::search),
        },
        Operation {
            path: "/api/v1/kwic",
            id: "kwic",
            summary: "A page of the concordance of a word or phrase, with the exact total.",
            params: with(&[&FILTER_S, &PAGE_S], &[&Q_TERM, &CONTEXT, &KWIC_SORT]),
            body: Body::Json(schema::<KwicPage>),
            handler: get(api::kwic),
        },
        Operation {
            path: "/api/v1/documents/{id}",
            id: "document",
            summary: "A document: text, lead, turns, narration, omissions, artefacts, figures and claims.",
            params: vec![&DOC_ID],
            body: Body::Json(schema::<DocumentResponse>),
            handler: get(api::document),
        },
        Operation {
            path: "/api/v1/speakers",
            id: "speakers",
            summary: "Persons who speak, with roles over time.",
            params: with(&[&PAGE_S], &[]),
            body: Body::Json(schema::<Page<SpeakerRow>>),
            handler: get(api::speakers),
        },
        Operation {
            path: "/api/v1/speakers/{id}",
            id: "speaker",
            summary: "One speaker: roles, documents, keywords against everyone else, figures.",
            params: vec![&PERSON_ID],
            body: Body::Json(schema::<Report<SpeakerDetail>>),
            handler: get(api::speaker),
        },
        Operation {
            path: "/api/v1/claims",
            id: "claims",
            summary: "Numeric claims with indicator, scope, period, value, hedge, source and speaker.",
            params: with(&[&CLAIMS_S, &FILTER_S, &PAGE_S], &[]),
            body: Body::Json(schema::<Page<ClaimRow>>),
            handler: get(api::claims),
        },
        Operation {
            path: "/api/v1/conflicts",
            id: "conflicts",
            summary: "Pairs of claims that disagree, largest gap first.",
            params: with(&[&CLAIMS_S, &FILTER_S, &PAGE_S], &[]),
            body: Body::Json(schema::<Page<Conflict>>),
            handler: get(api::conflicts),
        },
        Operation {
            path: "/api/v1/series",
            id: "series",
            summary: "One indicator (and scope) as a time series of claimed values.",
            params: with(&[&FILTER_S, &PAGE_S], &[&INDICATOR, &SCOPE]),
            body: Body::Json(schema::<Page<ClaimRow>>),
            handler: get(api::series),
        },
        Operation {
            path: "/api/v1/trends",
            id: "trends",
            summary: "Frequency of terms per year or month, absolute and per million words of the filtered subcorpus.",
            params: with(&[&FILTER_S], &[&Q_TERMS, &BY]),
            body: Body::Json(schema::<Report<TrendsReport>>),
            handler: get(api::trends),
        },
        Operation {
            path: "/api/v1/keyness",
            id: "keyness",
            summary: "Keywords of a target subcorpus against a reference (G², log ratio).",
            params: vec![&TARGET, &REFERENCE, &MIN_FREQ, &STOPWORDS, &NEGATIVE, &LIMIT],
            body: Body::Json(schema::<Report<KeynessReport>>),
            handler: get(api::keyness),
        },
        Operation {
            path: "/api/v1/collocates",
            id: "collocates",
            summary: "Collocates of a word or phrase (observed, expected, MI, t-score, G²).",
            params: with(&[&FILTER_S], &[&Q_TERM, &WINDOW, &MIN_FREQ, &COLL_SORT, &LIMIT]),
            body: Body::Json(schema::<Report<CollocatesReport>>),
            handler: get(api::collocates),
        },
        Operation {
            path: "/api/v1/reuse",
            id: "reuse",
            summary: "Passages that recur across documents (talking points).",
            params: with(&[&FILTER_S], &[&NGRAM, &MIN_WORDS, &MIN_DOCS, &MAX_SHARE, &LIMIT]),
            body: Body::Json(schema::<Report<ReuseReport>>),
            handler: get(api::reuse),
        },
    ];
    for (path, id, summary, body, name) in download_ops {
        let params = match name.split('.').next() {
            Some("search") => with(&[&FILTER_S], &[&Q_SEARCH]),
            Some("kwic") => with(&[&FILTER_S], &[&Q_TERM, &CONTEXT, &KWIC_SORT]),
            _ => with(&[&CLAIMS_S, &FILTER_S], &[]),
        };
        let handler = get(move |state: State<SharedState>, query: RawQuery| {
            download::download(state, name, query)
        });
        ops.push(Operation {
            path,
            id,
            summary,
            params,
            body,
            handler,
        });
    }
    ops
}

fn param_json(p: &Param) -> Value {
    let schema = match p.kind {
        Kind::Text if !p.choices.is_empty() => json!({"type": "string", "enum": p.choices}),
        Kind::Text => json!({"type": "string"}),
        Kind::Integer => json!({"type": "integer", "minimum": 0}),
        Kind::Number => json!({"type": "number"}),
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::List => json!({"type": "array", "items": {"type": "string"}}),
    };
    let mut value = json!({
        "name": p.name,
        "in": if p.in_path { "path" } else { "query" },
        "required": p.required,
        "description": p.description,
        "schema": schema,
    });
    if matches!(p.kind, Kind::List) {
        value["style"] = json!("form");
        value["explode"] = json!(true);
    }
    value
}

/// The OpenAPI 3.0 document of [`operations`].
pub fn document() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let mut paths = serde_json::Map::new();
    for op in operations() {
        let ok = match &op.body {
            Body::Json(make) => {
                let schema = make(&mut generator);
                json!({"description": "OK", "content": {"application/json": {"schema": schema}}})
            }
            Body::Csv => json!({
                "description": "CSV with a header row; the query and corpus version are in the X-Stenogram-Query and X-Stenogram-Version headers.",
                "content": {"text/csv": {"schema": {"type": "string"}}}
            }),
            Body::Ndjson => json!({
                "description": "JSON Lines: the first line states the query and the corpus version, then one row per line.",
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}}
            }),
        };
        let error = |why: &str| json!({"description": why, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        let mut responses = json!({
            "200": ok,
            "304": {"description": "Not modified: the client's ETag is the corpus version."},
            "400": error("A parameter is missing, malformed or out of bounds."),
            "429": error("Too many heavy queries at once; see Retry-After."),
            "503": error("The query took longer than the server's time limit."),
        });
        if op.params.iter().any(|p| p.in_path) {
            responses["404"] = error("No such id.");
        }
        paths.insert(
            op.path.to_owned(),
            json!({"get": {
                "operationId": op.id,
                "summary": op.summary,
                "parameters": op.params.iter().map(|p| param_json(p)).collect::<Vec<_>>(),
                "responses": responses,
            }}),
        );
    }
    let mut schemas = generator.take_definitions(true);
    schemas.insert(
        "Error".to_owned(),
        json!({
            "type": "object",
            "required": ["error"],
            "properties": {"error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "enum": ["bad_parameter", "not_found", "busy", "timeout", "internal"]},
                    "message": {"type": "string"}
                }
            }}
        }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "stenogram API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only access to a stenogram store: the same rows as the CLI's --format json. Offsets are Unicode code points into the document text, end exclusive. Every answer carries the corpus version as its ETag.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
