//! ParlaMint TEI: the shared ParlaMint-GB sample read through its corpus
//! root (components, dates, one turn per utterance, readable speaker names,
//! offsets that slice the text), and an invented corpus of our own in the
//! same shape (names from a `listPerson`, a broken component, folders).

use std::path::{Path, PathBuf};

use stenogram_sources::{discover, read, Raw, ReadOptions, SourceError};

fn sample() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/parlamint-sample/Samples/ParlaMint-GB");
    dir.join("ParlaMint-GB.xml").is_file().then_some(dir)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tei")
}

/// Everything reading `path` gives, in order.
fn read_all(path: &Path) -> Vec<Result<Raw, SourceError>> {
    let found = discover(&[path.to_path_buf()]);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    let mut out = Vec::new();
    for input in &found.inputs {
        read(input, &ReadOptions::default(), &mut |_| {}, &mut |r| {
            out.push(r);
            true
        });
    }
    out
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Every span of the document slices the text to what it says, and every
/// line of the text lands in exactly one place.
fn assert_offsets(raw: &Raw) {
    let doc = raw.document.as_deref().expect("TEI gives the structure");
    let chars = raw.text.chars().count();
    for p in doc.lead.iter().chain(&doc.narration) {
        assert_eq!(slice(&raw.text, p.start, p.end), p.text, "{}", raw.id);
    }
    for t in &doc.turns {
        assert!(t.start <= t.label_span.start && t.label_span.end <= t.end);
        assert!(t.end <= chars);
        assert_eq!(
            slice(&raw.text, t.label_span.start, t.label_span.end),
            &*t.speaker.label
        );
        for p in &t.paragraphs {
            assert!(p.start >= t.start && p.end <= t.end);
            assert_eq!(slice(&raw.text, p.start, p.end), p.text, "{}", raw.id);
        }
    }
    for a in &doc.artefacts {
        assert_eq!(slice(&raw.text, a.start, a.end), a.text);
    }
    for o in &doc.omissions {
        assert_eq!(slice(&raw.text, o.start, o.end), "<…>");
    }
    stenogram_core::check_coverage(&raw.text, doc).unwrap();
}

/// A name a reader would write: words separated by spaces, each starting
/// with a capital, no `#`, no camel case run together.
fn readable(name: &str) -> bool {
    name.contains(' ')
        && name.split(' ').all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !w.starts_with("Mc")
                && !w
                    .chars()
                    .zip(w.chars().skip(1))
                    .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
        })
}

#[test]
fn the_parlamint_gb_sample_reads_through_its_root() {
    let Some(dir) = sample() else {
        eprintln!("skipping: ../shared/corpus/parlamint-sample is absent");
        return;
    };
    let out = read_all(&dir.join("ParlaMint-GB.xml"));
    let docs: Vec<&Raw> = out
        .iter()
        .map(|r| r.as_ref().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert_eq!(docs.len(), 3);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ParlaMint-GB_2017-09-07-commons",
            "ParlaMint-GB_2020-02-12-lords",
            "ParlaMint-GB_2022-07-21-commons"
        ]
    );
    let dates: Vec<&str> = docs
        .iter()
        .map(|d| d.meta.date.as_deref().unwrap())
        .collect();
    assert_eq!(dates, ["2017-09-07", "2020-02-12", "2022-07-21"]);

    // The listPerson and taxonomies are not in the sample: said once, not fatal.
    assert!(docs[0].warnings[0].contains("ParlaMint-GB-listPerson.xml"));
    assert!(docs[1].warnings.is_empty());

    for raw in &docs {
        let doc = raw.document.as_deref().unwrap();
        let xml = std::fs::read_to_string(&raw.origin.path).unwrap();
        assert_eq!(doc.turns.len(), xml.matches("<u ").count(), "{}", raw.id);
        assert_eq!(doc.date, raw.meta.date);
        assert!(raw.meta.title.as_deref().unwrap().contains("ParlaMint-GB"));
        assert_eq!(raw.meta.extra["format"], "parlamint-tei");
        assert_eq!(raw.meta.extra["corpus"], "ParlaMint-GB");
        assert_eq!(
            raw.meta.extra["licence"],
            "http://creativecommons.org/licenses/by/4.0/"
        );
        assert!(raw.meta.url.as_deref().unwrap().starts_with("https://"));
        assert_eq!(
            raw.meta.extra["speaker_names"],
            serde_json::json!(["meta.tsv"])
        );
        // Headings, notes and gaps are all there, as lead/narration,
        // artefacts and omissions.
        assert!(!doc.lead.is_empty());
        assert!(!doc.artefacts.is_empty());
        assert_eq!(doc.omissions.len(), xml.matches("<gap ").count());
        for turn in &doc.turns {
            let name = turn.speaker.name.as_deref().unwrap();
            assert!(readable(name), "{name:?} in {}", raw.id);
            assert_eq!(&*turn.speaker.label, name);
            assert!(!turn.paragraphs.is_empty());
            let person = turn.speaker.person.as_deref().unwrap();
            assert!(doc.persons.iter().any(|p| p.id == person));
        }
        assert_offsets(raw);
    }

    let first = docs[0].document.as_deref().unwrap();
    let davis = &first.turns[1].speaker;
    assert_eq!(davis.person.as_deref(), Some("david-davis"));
    assert_eq!(davis.name.as_deref(), Some("David Michael Davis"));
    assert!(docs[0]
        .text
        .contains("\nDavid Michael Davis: The United Kingdom will no longer participate"));
    let hoyle = &docs[2].document.as_deref().unwrap().turns[0].speaker;
    assert_eq!(hoyle.person.as_deref(), Some("lindsay-hoyle"));
    assert_eq!(hoyle.role.as_deref(), Some("Chair"));
}

#[test]
fn a_component_read_alone_is_the_same_document() {
    let Some(dir) = sample() else {
        eprintln!("skipping: ../shared/corpus/parlamint-sample is absent");
        return;
    };
    let via_root = read_all(&dir.join("ParlaMint-GB.xml"));
    let alone = read_all(&dir.join("2020/ParlaMint-GB_2020-02-12-lords.xml"));
    assert_eq!(alone.len(), 1);
    let (a, b) = (via_root[1].as_ref().unwrap(), alone[0].as_ref().unwrap());
    assert_eq!(a.id, b.id);
    assert_eq!(a.text, b.text);
    assert_eq!(a.document, b.document);
    assert_eq!(a.origin, b.origin);
}

#[test]
fn an_invented_corpus_reads_with_its_person_list() {
    let out = read_all(&fixtures().join("Parla-XX.xml"));
    assert_eq!(out.len(), 3, "{out:?}");

    let first = out[0].as_ref().unwrap();
    assert_eq!(first.id, "Parla-XX_2023-03-14-lower");
    assert_eq!(
        first.text,
        "Lighthouse Maintenance Bill\n\
         Second reading\n\
         Martha Okonkwo: The question is that the Bill be now read a second time.\n\
         Piotr van der Linde: Madam Speaker, the lamps on the north cape have been dark for 14 nights.\n\
         (Shame!)\n\
         We ask for 2.5 million to repair them <…> before winter.\n\
         <…>\n\
         Martha Okonkwo: Question put and agreed to.\n\
         Sitting suspended."
    );
    assert_eq!(
        first.meta.extra["speaker_names"],
        serde_json::json!(["listPerson"])
    );
    assert_eq!(first.meta.extra["place"], "Harbourtown, Lower Chamber");
    assert!(first.warnings[0].ends_with(": Parla-XX-taxonomy-speaker_types.xml"));
    let doc = first.document.as_deref().unwrap();
    assert_eq!(doc.persons.len(), 2);
    assert_eq!(doc.persons[0].id, "martha-okonkwo");
    assert_eq!(doc.persons[0].roles, ["Chair"]);
    assert_eq!(doc.persons[1].id, "piotr-van-der-linde");
    assert_eq!(doc.persons[1].name, "Piotr van der Linde");
    assert_offsets(first);

    let broken = out[1].as_ref().unwrap_err();
    assert!(broken
        .origin
        .path
        .ends_with("2023/Parla-XX_2023-03-15-lower.xml"));
    assert!(broken.message.contains("not closed"), "{broken}");
    assert!(broken.origin.locator.is_some());

    let third = out[2].as_ref().unwrap();
    assert_eq!(
        third.text,
        "Questions\nJonas Peter Unlisted: When will the lamps be lit?\n\
         Piotr van der Linde: Before the first storm of autumn."
    );
    assert_eq!(
        third.meta.extra["speaker_names"],
        serde_json::json!(["listPerson", "meta.tsv"])
    );
    assert_offsets(third);
}

#[test]
fn a_folder_walk_takes_xml_files() {
    let found = discover(&[fixtures()]);
    let names: Vec<String> = found
        .inputs
        .iter()
        .map(|i| i.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"Parla-XX.xml".to_owned()), "{names:?}");
    // Components the root includes are read through it, not twice; the
    // person list is a side file, skipped.
    assert!(
        !names.contains(&"Parla-XX_2023-03-16-lower.xml".to_owned()),
        "{names:?}"
    );
    assert!(found
        .skipped
        .iter()
        .any(|p| p.ends_with("Parla-XX-listPerson.xml")));
    // A component's -meta.tsv is read with it, neither an input nor skipped.
    assert!(!found
        .skipped
        .iter()
        .chain(found.inputs.iter().map(|i| &i.path))
        .any(|p| p.ends_with("Parla-XX_2023-03-16-lower-meta.tsv")));
    // Named on its own, the person list is XML but no TEI document: an error naming it.
    let list = read_all(&fixtures().join("Parla-XX-listPerson.xml"));
    let e = list[0].as_ref().unwrap_err();
    assert!(e
        .message
        .contains("not a TEI document (root element <listPerson>)"));
}
