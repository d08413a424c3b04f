//! The `-meta.tsv` beside each component, as ParlaMint distributes them:
//! one row per utterance with its speaker. It carries what the TEI has no
//! place for per utterance, the role the speaker spoke in (the label's
//! role, or "-"), and the speaker's name in ParlaMint's `Surname,
//! Forenames` form; the TEI reader takes both from it. Generic speakers
//! (no person) have `Speaker_ID` `GenericSpeaker` and their label as name.
//!
//! Columns: a subset of ParlaMint's, in its order: `Text_ID`, `ID`,
//! `Title`, `Date`, `Lang`, `Speaker_role`, `Speaker_ID`, `Speaker_name`.
//! Tabs and line breaks in values become spaces; empty values are `-`.

use std::io::{self, Write};

use stenogram_store::DocumentView;

use super::body::{utterance_id, SpeakerRef};
use super::corpus::GENERIC_SPEAKER;
use super::header::name_parts;

const COLUMNS: [&str; 8] = [
    "Text_ID",
    "ID",
    "Title",
    "Date",
    "Lang",
    "Speaker_role",
    "Speaker_ID",
    "Speaker_name",
];

/// A value fit for a cell.
fn cell(value: &str) -> String {
    let value: String = value
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let value = value.trim();
    if value.is_empty() {
        "-".to_owned()
    } else {
        value.to_owned()
    }
}

/// Writes the rows of `doc`'s utterances.
pub(crate) fn write_meta_tsv(
    out: &mut impl Write,
    component: &str,
    doc: &DocumentView,
    speakers: &[SpeakerRef],
    language: &str,
) -> io::Result<()> {
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    let title = cell(doc.title.as_deref().unwrap_or(""));
    let date = cell(doc.date.as_deref().unwrap_or(""));
    for (n, (turn, speaker)) in doc.turns.iter().zip(speakers).enumerate() {
        let (id, name) = match &speaker.who {
            Some(who) => {
                let name = turn.name.as_deref().unwrap_or(&turn.label);
                (who.as_str(), name_parts(name).tsv_form(name))
            }
            None => (GENERIC_SPEAKER, turn.label.clone()),
        };
        let row = [
            component.to_owned(),
            utterance_id(component, n),
            title.clone(),
            date.clone(),
            cell(language),
            cell(turn.role.as_deref().unwrap_or("")),
            cell(id),
            cell(&name),
        ];
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_hold_no_tabs_or_line_breaks() {
        assert_eq!(cell("a\tb\nc"), "a b c");
        assert_eq!(cell("  "), "-");
        assert_eq!(cell("President of Russia"), "President of Russia");
    }
}
