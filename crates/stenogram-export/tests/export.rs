//! Exports of a store built from the repository's fixtures (and, when
//! present, the shared kremlin.ru sample): every table in every format,
//! typed, complete, filtered like the query commands, equal to what the
//! in-memory annotation (the Spark path) gives for the same documents.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use stenogram_export::{export, tables, ExportOptions, Format, Silent};
use stenogram_store::{Filter, IngestOptions, Store};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../stenogram-store/tests/fixtures")
}

fn shared_sample() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped the shared sample: {} is absent", dir.display());
        None
    }
}

fn inputs() -> Vec<PathBuf> {
    let mut inputs = vec![fixtures().join("small"), fixtures().join("dataset.jsonl")];
    inputs.extend(shared_sample());
    inputs
}

/// The store of [`inputs`], built once per test run and opened per test.
fn shared_store() -> (PathBuf, Store) {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-store");
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open_write(&dir).unwrap();
        let summary = store
            .ingest(&inputs(), &IngestOptions::default(), &())
            .unwrap();
        assert!(summary.failed.is_empty(), "{:?}", summary.failed);
        dir
    });
    (dir.clone(), Store::open_read(dir).unwrap())
}

fn store_of(inputs: &[PathBuf]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_write(dir.path()).unwrap();
    let summary = store
        .ingest(inputs, &IngestOptions::default(), &())
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    (dir, store)
}

fn run(
    store: &Store,
    filter: &Filter,
    format: Format,
    out: &Path,
) -> stenogram_export::ExportSummary {
    let selection = store.selection(filter).unwrap();
    let options = ExportOptions {
        format,
        out: out.to_owned(),
        tables: Vec::new(),
    };
    export(store, &selection, &options, &Silent).unwrap()
}

fn read_parquet(path: &Path) -> (Vec<RecordBatch>, BTreeMap<String, String>) {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let metadata = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let batches = builder.build().unwrap().map(Result::unwrap).collect();
    (batches, metadata)
}

fn sql_count(dir: &Path, sql: &str) -> u64 {
    let db = rusqlite::Connection::open(dir.join("stenogram.sqlite")).unwrap();
    db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64
}

#[test]
fn every_table_in_every_format_is_typed_and_complete() {
    let (dir, store) = shared_store();
    let version = store.version().unwrap().tag();
    let out = tempfile::tempdir().unwrap();
    for format in [Format::Parquet, Format::Jsonl, Format::Csv] {
        let target = out.path().join(format.to_string());
        let summary = run(&store, &Filter::default(), format, &target);
        assert_eq!(summary.corpus_version, version);
        assert_eq!(summary.tables.len(), stenogram_store::TABLES.len());
        for t in &summary.tables {
            let expected = sql_count(&dir, &format!("SELECT count(*) FROM {}", t.table));
            assert_eq!(t.rows, expected, "{format} {}", t.table);
            assert!(expected > 0, "the fixtures give {} rows", t.table);
            let path = target.join(&t.file);
            let fields = tables::fields(&t.table).unwrap();
            let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            match format {
                Format::Parquet => {
                    let (batches, metadata) = read_parquet(&path);
                    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
                    assert_eq!(rows as u64, expected);
                    assert_eq!(
                        batches[0]
                            .schema()
                            .fields()
                            .iter()
                            .map(|f| f.data_type().clone())
                            .collect::<Vec<_>>(),
                        fields
                            .iter()
                            .map(|f| f.data_type().clone())
                            .collect::<Vec<_>>(),
                        "{}",
                        t.table
                    );
                    assert_eq!(metadata["stenogram.corpus_version"], version);
                    assert_eq!(metadata["stenogram.table"], t.table);
                }
                Format::Jsonl => {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert_eq!(text.lines().count() as u64, expected);
                    for line in text.lines().take(50) {
                        let value: serde_json::Value = serde_json::from_str(line).unwrap();
                        let mut keys: Vec<&str> = value
                            .as_object()
                            .unwrap()
                            .keys()
                            .map(String::as_str)
                            .collect();
                        let mut want = names.clone();
                        keys.sort_unstable();
                        want.sort_unstable();
                        assert_eq!(keys, want, "{}", t.table);
                    }
                }
                Format::Csv => {
                    let mut reader = csv::Reader::from_path(&path).unwrap();
                    let header: Vec<String> = reader
                        .headers()
                        .unwrap()
                        .iter()
                        .map(str::to_owned)
                        .collect();
                    assert_eq!(header, names, "{}", t.table);
                    let mut rows = 0;
                    for record in reader.records() {
                        assert_eq!(record.unwrap().len(), names.len());
                        rows += 1;
                    }
                    assert_eq!(rows, expected);
                }
                Format::Tei => unreachable!(),
            }
        }
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(target.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["corpus_version"], version.as_str());
        assert_eq!(manifest["columns"]["claims"][0]["name"], "doc_id");
        let leftovers: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn paragraph_texts_and_values_come_back_as_stored() {
    let (_dir, store) = shared_store();
    let out = tempfile::tempdir().unwrap();
    run(&store, &Filter::default(), Format::Jsonl, out.path());
    let docs: BTreeMap<String, Vec<char>> =
        std::fs::read_to_string(out.path().join("documents.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_owned(),
                    v["text"].as_str().unwrap().chars().collect(),
                )
            })
            .collect();
    let slice = |doc: &str, start: u64, end: u64| -> String {
        docs[doc][start as usize..end as usize].iter().collect()
    };
    for line in std::fs::read_to_string(out.path().join("paragraphs.jsonl"))
        .unwrap()
        .lines()
    {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = p["doc_id"].as_str().unwrap();
        let (s, e) = (p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        assert_eq!(p["text"].as_str().unwrap(), slice(doc, s, e));
    }
    let mut numbers = 0;
    for line in std::fs::read_to_string(out.path().join("mentions.jsonl"))
        .unwrap()
        .lines()
    {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = m["doc_id"].as_str().unwrap();
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        assert_eq!(m["text"].as_str().unwrap(), slice(doc, s, e));
        // A value is a number or a text, never both.
        assert!(m["value"].is_null() || m["value_text"].is_null(), "{m}");
        numbers += usize::from(m["value"].is_f64());
    }
    assert!(numbers > 0);
}

#[test]
fn the_in_memory_annotation_equals_the_export() {
    let inputs = inputs();
    let (_dir, store) = shared_store();
    let selection = store.selection(&Filter::default()).unwrap();
    let mut exported: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut turns = Vec::new();
    store
        .for_each_turn_record(&selection, &mut |r| -> Result<
            (),
            stenogram_store::StoreError,
        > {
            exported.entry(r.doc_id.clone()).or_default().0 += 1;
            turns.push(r);
            Ok(())
        })
        .unwrap();
    let mut mentions = Vec::new();
    store
        .for_each_mention_record(&selection, &mut |r| -> Result<
            (),
            stenogram_store::StoreError,
        > {
            mentions.push(r);
            Ok(())
        })
        .unwrap();
    let mut claims = Vec::new();
    store
        .for_each_claim_record(&selection, &mut |r| -> Result<
            (),
            stenogram_store::StoreError,
        > {
            claims.push(r);
            Ok(())
        })
        .unwrap();
    let mut paragraphs = Vec::new();
    store
        .for_each_paragraph_record(&selection, &mut |r| -> Result<
            (),
            stenogram_store::StoreError,
        > {
            paragraphs.push(r);
            Ok(())
        })
        .unwrap();
    // The same documents read and annotated without a store.
    let mut annotated = Vec::new();
    let discovery = stenogram_sources::discover(&inputs);
    for input in &discovery.inputs {
        stenogram_sources::read(input, &Default::default(), &mut |_| {}, &mut |raw| {
            annotated.push(stenogram_store::annotate(raw.unwrap()).unwrap());
            true
        });
    }
    annotated.sort_by(|a, b| a.document.id.cmp(&b.document.id));
    // Every stored document with turns was annotated (blank ones are
    // skipped by both).
    let ids: Vec<&str> = annotated.iter().map(|a| a.document.id.as_str()).collect();
    assert!(exported.keys().all(|id| ids.contains(&id.as_str())));
    assert!(annotated.len() >= exported.len() && !annotated.is_empty());
    let flat = |f: &dyn Fn(&stenogram_store::Annotated) -> usize| -> usize {
        annotated.iter().map(f).sum()
    };
    assert_eq!(flat(&|a| a.turns.len()), turns.len());
    assert_eq!(flat(&|a| a.paragraphs.len()), paragraphs.len());
    assert_eq!(flat(&|a| a.mentions.len()), mentions.len());
    assert_eq!(flat(&|a| a.claims.len()), claims.len());
    let all_turns: Vec<_> = annotated.iter().flat_map(|a| a.turns.clone()).collect();
    assert_eq!(all_turns, turns);
    let all_paragraphs: Vec<_> = annotated
        .iter()
        .flat_map(|a| a.paragraphs.clone())
        .collect();
    assert_eq!(all_paragraphs, paragraphs);
    let all_mentions: Vec<_> = annotated.iter().flat_map(|a| a.mentions.clone()).collect();
    assert_eq!(all_mentions, mentions);
    let all_claims: Vec<_> = annotated.iter().flat_map(|a| a.claims.clone()).collect();
    assert_eq!(all_claims, claims);
}

#[test]
fn filters_select_documents_and_turns_like_the_query_commands() {
    let (dir, store) = shared_store();
    let out = tempfile::tempdir().unwrap();
    let putin = Filter {
        speakers: vec!["Putin".into()],
        ..Filter::default()
    };
    let summary = run(&store, &putin, Format::Jsonl, out.path());
    let rows = |table: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(out.path().join(format!("{table}.jsonl")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let turns = rows("turns");
    assert!(!turns.is_empty());
    assert!(turns.iter().all(|t| t["person_id"] == "vladimir-putin"));
    assert_eq!(
        turns.len() as u64,
        sql_count(
            &dir,
            "SELECT count(*) FROM turns WHERE person_id = 'vladimir-putin'"
        )
    );
    assert!(rows("claims")
        .iter()
        .all(|c| c["person_id"] == "vladimir-putin"));
    assert!(rows("mentions")
        .iter()
        .all(|m| m["person_id"] == "vladimir-putin"));
    let docs = rows("documents");
    assert_eq!(
        docs.len() as u64,
        sql_count(
            &dir,
            "SELECT count(DISTINCT doc_id) FROM turns WHERE person_id = 'vladimir-putin'"
        )
    );
    assert_eq!(rows("persons").len(), 1);
    assert_eq!(summary.filter.speakers, ["Putin"]);

    // A date range keeps the documents in it.
    let out2 = tempfile::tempdir().unwrap();
    let dated = Filter {
        from: Some("2015".into()),
        to: Some("2016-06".into()),
        ..Filter::default()
    };
    run(&store, &dated, Format::Csv, out2.path());
    let mut reader = csv::Reader::from_path(out2.path().join("documents.csv")).unwrap();
    let date_col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "date")
        .unwrap();
    let dates: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[date_col].to_owned())
        .collect();
    assert_eq!(
        dates.len() as u64,
        sql_count(
            &dir,
            "SELECT count(*) FROM documents WHERE date >= '2015' AND substr(date, 1, 7) <= '2016-06'"
        )
    );
    assert!(dates
        .iter()
        .all(|d| d.as_str() >= "2015-01-01" && d.as_str() <= "2016-06-31"));

    // An unknown speaker is the user's error.
    let nobody = Filter {
        speakers: vec!["Nobody Atall".into()],
        ..Filter::default()
    };
    assert!(store.selection(&nobody).unwrap_err().is_usage());
}

#[test]
fn a_failed_export_leaves_no_partial_files() {
    let (_dir, store) = store_of(&[fixtures().join("small")]);
    let out = tempfile::tempdir().unwrap();
    let selection = store.selection(&Filter::default()).unwrap();
    // A table name that is a directory: its rename fails after the file
    // was written.
    std::fs::create_dir(out.path().join("turns.csv")).unwrap();
    std::fs::write(out.path().join("turns.csv").join("x"), "keep").unwrap();
    let options = ExportOptions {
        format: Format::Csv,
        out: out.path().to_owned(),
        tables: vec!["turns".into()],
    };
    let err = export(&store, &selection, &options, &Silent).unwrap_err();
    assert!(err.to_string().contains("turns.csv"), "{err}");
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");

    // An output path that is a file is named.
    let file = out.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let options = ExportOptions {
        format: Format::Parquet,
        out: file.clone(),
        tables: Vec::new(),
    };
    let err = export(&store, &selection, &options, &Silent).unwrap_err();
    assert!(err.to_string().contains("plain"), "{err}");
}
