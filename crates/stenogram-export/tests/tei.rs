//! The TEI export end to end: stores built from the repository's fixtures
//! (and real kremlin.ru documents from `../shared` when it is there),
//! exported, validated with `jing` against the ParlaMint schemas, and read
//! back by ingesting the export folder (what `stenogram ingest DIR` does):
//! the same documents with the same turns, speakers, roles, paragraphs,
//! lead and metadata.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use stenogram_export::tei::{write_tei, TeiSummary};
use stenogram_export::ExportError;
use stenogram_store::{DocumentView, IngestOptions, Store};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo_fixtures() -> Vec<PathBuf> {
    let store = crate_dir().join("../stenogram-store/tests/fixtures");
    vec![
        store.join("small"),
        store.join("dataset.jsonl"),
        store.join("mixed/700.html"),
        crate_dir().join("../stenogram/tests/fixtures/hostile"),
    ]
}

fn shared_corpus() -> PathBuf {
    crate_dir().join("../../../shared/corpus")
}

fn schema_dir() -> PathBuf {
    shared_corpus().join("parlamint-sample/Schema")
}

/// A URL the export has to percent-encode for the TEI to validate: it
/// reads back encoded.
const WEIRD_URL: &str = "ht tp://x#a#b";

/// Documents written for this test: every place a line can land, names and
/// ids that need care, metadata to classify.
fn edge_cases(dir: &Path) -> PathBuf {
    let docs = [
        serde_json::json!({
            "id": "edge one",
            "date": "2019-05-09",
            "title": "Talks & \"tariffs\" <b>bold</b>",
            "url": "http://en.kremlin.ru/events/president/news/1",
            "place": "Minsk",
            "tags": {"Topics": ["Foreign policy", "Trade"], "Geography": ["Belarus"]},
            "sections": ["News", "Transcripts"],
            "license": "CC BY 4.0",
            "text": "The leaders met in Minsk <…> on Tuesday.\n\
                     See also\n\
                     It was their second meeting.\n\
                     President of Russia Vladimir Putin: Good afternoon, Mr Lukashenko.\n\
                     (Applause.)\n\
                     We cut <…> the rest, and <...> more, with  double  spaces.\n\
                     <…>\n\
                     Tariffs\u{a0}fell;\u{b} a control character.\n\
                     Question: What about the <b>\"trade\"</b> & 'tariffs'?\n\
                     Call centre operator: Next caller, please.\n\
                     President of Belarus Alexander Lukashenko:\n\
                     See also\n\
                     * * *\n\
                     Statements for the press\n\
                     Vladimir Putin: Thank you.\n\
                     Alexander Lukashenko: Thank you, Vladimir Vladimirovich.\n\
                     * * *\n\
                     Closing words\n"
        }),
        serde_json::json!({
            "id": "odd/id ü#2",
            "title": "A meeting with an undated page",
            "text": "Chief Executive of Rostec Sergey Chemezov: Production grew.\n\
                     Ursula von der Leyen: Indeed.\n"
        }),
        serde_json::json!({
            "id": "edge three",
            "date": "2019-06",
            "title": "Spelling variants",
            "tags": ["Economy"],
            "text": "Chief Executive of Rostec Sergei Chemezov: Production fell.\n"
        }),
        serde_json::json!({
            "id": "13679:x%#a#b [1]",
            "title": "An id and a URL no URI validator takes as they are",
            "url": WEIRD_URL,
            "text": "Chair of the Meeting Anna Berg: Hello.\n"
        }),
        serde_json::json!({
            "id": "lead only",
            "date": "2020",
            "text": "Vladimir Putin sent greetings to the participants.\nThe message reads, in part:\n"
        }),
    ];
    let path = dir.join("edge.jsonl");
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn ingest(paths: &[PathBuf]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_write(dir.path()).unwrap();
    let summary = store
        .ingest(paths, &IngestOptions::default(), &())
        .expect("the store works");
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert!(summary.added > 0, "{summary:?}");
    (dir, store)
}

fn all_ids(store: &Store) -> Vec<String> {
    let mut ids: Vec<String> = store
        .latest_documents(1_000_000, 0)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    ids.sort();
    ids
}

fn export(store: &Store, ids: &[String]) -> (tempfile::TempDir, TeiSummary) {
    let out = tempfile::tempdir().unwrap();
    let version = store.version().unwrap();
    let mut iter = ids.iter().cloned().map(Ok);
    let summary = write_tei(store, &mut iter, out.path(), &version).unwrap();
    (out, summary)
}

/// How to run jing without XInclude processing (the Debian `jing` script
/// turns it on, which breaks validating a corpus root against its schema).
enum Jing {
    Jar(PathBuf),
    Script,
}

impl Jing {
    fn find() -> Result<Jing, String> {
        let runs = |cmd: &mut Command| cmd.output().is_ok();
        let jar = std::env::var_os("JING_JAR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/share/java/jing.jar"));
        if jar.is_file() && runs(Command::new("java").arg("-version")) {
            return Ok(Jing::Jar(jar));
        }
        if runs(Command::new("jing").arg("-h")) {
            return Ok(Jing::Script);
        }
        Err("neither java with a jing.jar nor a jing command was found".into())
    }

    /// Validates `files` against `schema`; `Err` holds jing's report.
    fn validate(&self, schema: &Path, files: &[PathBuf]) -> Result<(), String> {
        let mut cmd = match self {
            Jing::Jar(jar) => {
                let mut cmd = Command::new("java");
                cmd.arg("-jar").arg(jar);
                cmd
            }
            Jing::Script => Command::new("jing"),
        };
        let out = cmd.arg(schema).args(files).output().unwrap();
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

/// Validates an export with jing when jing and the schemas are there; says
/// why not otherwise.
fn validate(summary: &TeiSummary) {
    let schemas = schema_dir();
    if !schemas.join("ParlaMint-TEI.rng").is_file() {
        println!(
            "skipped jing validation: no schemas at {}",
            schemas.display()
        );
        return;
    }
    let jing = match Jing::find() {
        Ok(jing) => jing,
        Err(why) => {
            println!("skipped jing validation: {why}");
            return;
        }
    };
    let (root, components) = summary.files.split_last().unwrap();
    let components: Vec<PathBuf> = components
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .cloned()
        .collect();
    assert_eq!(components.len() as u64, summary.documents);
    jing.validate(&schemas.join("ParlaMint-TEI.rng"), &components)
        .unwrap_or_else(|report| panic!("components do not validate:\n{report}"));
    match jing {
        Jing::Jar(_) => jing
            .validate(
                &schemas.join("ParlaMint-teiCorpus.rng"),
                std::slice::from_ref(root),
            )
            .unwrap_or_else(|report| panic!("the root does not validate:\n{report}")),
        Jing::Script => println!(
            "skipped validating the root: the jing script expands xi:include (no jing.jar found)"
        ),
    }
}

/// Text as the TEI reader gives it back: characters XML cannot carry are
/// U+FFFD, white space runs one space, and every omission mark is `<…>`.
fn normal(s: &str) -> String {
    let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    s.replace("<...>", "<…>")
        .chars()
        .map(|c| if xml_char(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts<'a>(spans: impl IntoIterator<Item = &'a stenogram_store::TextSpan>) -> Vec<String> {
    spans.into_iter().map(|s| normal(&s.text)).collect()
}

/// The read-back document says what the exported one said.
fn assert_same(before: &DocumentView, after: &DocumentView) {
    let id = &before.id;
    // The reader collapses all white space in header fields, no-break
    // spaces included.
    let squash = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    assert_eq!(squash(&after.title), squash(&before.title), "{id}: title");
    assert_eq!(after.date, before.date, "{id}: date");
    if before.url.as_deref() == Some(WEIRD_URL) {
        assert!(after.url.is_some(), "{id}: url");
    } else {
        assert_eq!(after.url, before.url, "{id}: url");
    }
    assert_eq!(squash(&after.place), squash(&before.place), "{id}: place");
    assert_eq!(texts(&after.lead), texts(&before.lead), "{id}: lead");
    assert_eq!(
        texts(&after.narration),
        texts(&before.narration),
        "{id}: narration"
    );
    assert_eq!(after.turns.len(), before.turns.len(), "{id}: turns");
    for (b, a) in before.turns.iter().zip(&after.turns) {
        let at = format!("{id}, turn {} ({})", b.idx, b.label);
        assert_eq!(a.person, b.person, "{at}: person");
        assert_eq!(a.name, b.name, "{at}: name");
        assert_eq!(a.role, b.role, "{at}: role");
        assert_eq!(a.generic, b.generic, "{at}: generic");
        assert_eq!(a.label, b.label, "{at}: label");
        assert_eq!(a.note, b.note, "{at}: note");
        assert_eq!(
            texts(&a.paragraphs),
            texts(&b.paragraphs),
            "{at}: paragraphs"
        );
    }
    let marks = |v: &DocumentView| -> Vec<(String, String)> {
        v.artefacts
            .iter()
            .map(|a| (a.kind.clone(), normal(&a.text)))
            .collect()
    };
    let artefacts: Vec<String> = marks(after).into_iter().map(|(_, t)| t).collect();
    let expected: Vec<String> = marks(before).into_iter().map(|(_, t)| t).collect();
    assert_eq!(artefacts, expected, "{id}: artefacts");
    // Omissions inside a lead or narration paragraph stay text (a `head`
    // cannot hold a `gap`); all others come back.
    let in_headings = before
        .omissions
        .iter()
        .filter(|o| {
            before
                .lead
                .iter()
                .chain(&before.narration)
                .any(|p| p.start <= o.start && o.end <= p.end)
        })
        .count();
    assert_eq!(
        after.omissions.len() + in_headings,
        before.omissions.len(),
        "{id}: omissions"
    );
}

/// Ingests the export folder into a new store and compares every document.
fn assert_round_trip(store: &Store, ids: &[String], out: &Path) {
    let (_dir, back) = ingest(&[out.to_path_buf()]);
    let expected: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(all_ids(&back).iter().collect::<BTreeSet<_>>(), expected);
    for id in ids {
        let before = store.document(id).unwrap().unwrap();
        let after = back
            .document(id)
            .unwrap()
            .unwrap_or_else(|| panic!("{id} did not come back"));
        assert_same(&before, &after);
    }
}

#[test]
fn fixtures_export_validate_and_read_back() {
    let scratch = tempfile::tempdir().unwrap();
    let mut paths = repo_fixtures();
    paths.push(edge_cases(scratch.path()));
    let (_dir, store) = ingest(&paths);
    let ids = all_ids(&store);
    assert!(ids.len() >= 10, "{ids:?}");
    let (out, summary) = export(&store, &ids);

    assert_eq!(summary.documents, ids.len() as u64);
    // A component and its -meta.tsv per document, the root last.
    assert_eq!(summary.files.len(), 2 * ids.len() + 1);
    assert!(summary
        .files
        .iter()
        .all(|f| f.is_file() && f.starts_with(out.path())));
    let root = summary.files.last().unwrap();
    assert_eq!(root.parent().unwrap(), out.path());
    // Nothing else is left in the folder (no temporary files).
    let mut left = Vec::new();
    let mut dirs = vec![out.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                left.push(path);
            }
        }
    }
    left.sort();
    let mut files = summary.files.clone();
    files.sort();
    assert_eq!(left, files);

    validate(&summary);
    assert_round_trip(&store, &ids, out.path());
}

#[test]
fn exporting_a_document_alone_reads_back_from_its_component() {
    // Ingesting one component file (not the root) reads its names from the
    // -meta.tsv beside it: they come back too.
    let scratch = tempfile::tempdir().unwrap();
    let (_dir, store) = ingest(&[edge_cases(scratch.path())]);
    let ids = vec!["edge one".to_owned(), "odd/id ü#2".to_owned()];
    let (_out, summary) = export(&store, &ids);
    for (id, component) in ids.iter().zip(summary.files.iter().step_by(2)) {
        let (_d, back) = ingest(std::slice::from_ref(component));
        assert_eq!(all_ids(&back), [id.as_str()]);
        assert_same(
            &store.document(id).unwrap().unwrap(),
            &back.document(id).unwrap().unwrap(),
        );
    }
}

#[test]
fn bad_requests_are_usage_errors() {
    let scratch = tempfile::tempdir().unwrap();
    let (_dir, store) = ingest(&[edge_cases(scratch.path())]);
    let version = store.version().unwrap();
    let out = tempfile::tempdir().unwrap();
    let e = write_tei(&store, &mut std::iter::empty(), out.path(), &version).unwrap_err();
    assert!(e.is_usage(), "{e}");
    let mut missing = ["no such document".to_owned()].into_iter().map(Ok);
    let e = write_tei(&store, &mut missing, out.path(), &version).unwrap_err();
    assert!(matches!(e, ExportError::Usage(_)), "{e}");
    assert!(e.to_string().contains("no such document"), "{e}");
}

#[test]
fn an_unwritable_folder_is_named() {
    let scratch = tempfile::tempdir().unwrap();
    let (_dir, store) = ingest(&[edge_cases(scratch.path())]);
    let version = store.version().unwrap();
    let file = scratch.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let mut ids = ["edge one".to_owned()].into_iter().map(Ok);
    let e = write_tei(&store, &mut ids, &file, &version).unwrap_err();
    assert!(matches!(e, ExportError::Io { .. }), "{e}");
    assert!(e.to_string().contains("a-file"), "{e}");
}

/// Real kremlin.ru transcripts: plain text with `index.csv` (a sample of the
/// 300) and HTML pages (with tags and places).
#[test]
fn kremlin_documents_export_validate_and_read_back() {
    let corpus = shared_corpus();
    let text = corpus.join("kremlin-en");
    let html = corpus.join("kremlin-html");
    if !text.join("index.csv").is_file() || !html.is_dir() {
        println!("skipped: no kremlin corpus at {}", corpus.display());
        return;
    }
    let sample = tempfile::tempdir().unwrap();
    std::fs::copy(text.join("index.csv"), sample.path().join("index.csv")).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&text)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for path in names.iter().step_by(10) {
        std::fs::copy(path, sample.path().join(path.file_name().unwrap())).unwrap();
    }
    let (_dir, store) = ingest(&[sample.path().to_path_buf(), html]);
    let ids = all_ids(&store);
    assert!(ids.len() >= 50, "{}", ids.len());
    let (out, summary) = export(&store, &ids);
    validate(&summary);
    assert_round_trip(&store, &ids, out.path());
}
