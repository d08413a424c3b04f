//! Which column or field of a dataset holds what: `--map text=content,date=published`.

use std::collections::BTreeMap;

/// The document fields a dataset can provide.
pub const FIELDS: &[&str] = &["id", "date", "title", "url", "text"];

/// Our field name → the dataset's column or key. Fields not named map to
/// themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    names: BTreeMap<String, String>,
}

impl FieldMap {
    /// Parses `text=content,date=published` (also accepts several
    /// `--map` values joined by the caller with commas).
    pub fn parse(spec: &str) -> Result<FieldMap, String> {
        let mut names = BTreeMap::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (ours, theirs) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?} is not FIELD=COLUMN"))?;
            let (ours, theirs) = (ours.trim(), theirs.trim());
            if !FIELDS.contains(&ours) {
                return Err(format!(
                    "unknown field {ours:?} in --map: use {}",
                    FIELDS.join(", ")
                ));
            }
            if theirs.is_empty() {
                return Err(format!("no column given for {ours:?} in --map"));
            }
            names.insert(ours.to_owned(), theirs.to_owned());
        }
        Ok(FieldMap { names })
    }

    /// The dataset's name for our `field`.
    pub fn column<'a>(&'a self, field: &'a str) -> &'a str {
        self.names.get(field).map_or(field, String::as_str)
    }

    pub fn is_identity(&self) -> bool {
        self.names.iter().all(|(k, v)| k == v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parse_and_default_to_the_same_name() {
        let map = FieldMap::parse("text=content, date=published").unwrap();
        assert_eq!(map.column("text"), "content");
        assert_eq!(map.column("date"), "published");
        assert_eq!(map.column("title"), "title");
        assert!(FieldMap::parse("body=content")
            .unwrap_err()
            .contains("unknown field"));
        assert!(FieldMap::parse("text")
            .unwrap_err()
            .contains("FIELD=COLUMN"));
        assert!(FieldMap::parse("").unwrap().is_identity());
    }
}
