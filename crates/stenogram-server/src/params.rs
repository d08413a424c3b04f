//! Query-string parameters, named as the CLI's flags, read with bounds: a
//! value that is malformed or too large is a 400 naming the parameter.

use stenogram_store::Filter;

use crate::error::ApiError;

/// Longest query text accepted (characters).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most rows of one page.
pub const MAX_LIMIT: usize = 1000;
/// Most characters of KWIC context on each side.
pub const MAX_CONTEXT: usize = 500;
/// Furthest page start.
pub const MAX_OFFSET: usize = 1_000_000;
/// Most terms of one trends request.
pub const MAX_TERMS: usize = 8;

/// The decoded query string, keys in order, repeats kept.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        let pairs = query
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Params { pairs }
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// The last non-empty value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.all(key).pop()
    }

    /// A required text parameter, bounded in length.
    pub fn text(&self, key: &str) -> Result<String, ApiError> {
        let value = self
            .get(key)
            .ok_or_else(|| ApiError::BadParameter(format!("the parameter {key:?} is required")))?;
        check_length(key, &value)?;
        Ok(value)
    }

    /// An optional text parameter, bounded in length.
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            Some(value) => {
                check_length(key, &value)?;
                Ok(Some(value))
            }
            None => Ok(None),
        }
    }

    /// A whole number in `0..=max`, `default` when absent.
    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(value) = self.get(key) else {
            return Ok(default);
        };
        let n: usize = value.parse().map_err(|_| {
            ApiError::BadParameter(format!("{key}={value:?} is not a whole number"))
        })?;
        if n > max {
            return Err(ApiError::BadParameter(format!(
                "{key}={n} is more than the most allowed, {max}"
            )));
        }
        Ok(n)
    }

    /// A decimal number in `min..=max`, `default` when absent.
    pub fn decimal(&self, key: &str, default: f64, min: f64, max: f64) -> Result<f64, ApiError> {
        let Some(value) = self.get(key) else {
            return Ok(default);
        };
        let n: f64 = value
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite())
            .ok_or_else(|| ApiError::BadParameter(format!("{key}={value:?} is not a number")))?;
        if !(min..=max).contains(&n) {
            return Err(ApiError::BadParameter(format!(
                "{key}={n} is outside {min}..{max}"
            )));
        }
        Ok(n)
    }

    /// A flag: `1`, `true`, `yes`, `on` (or present with no value) are true.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        let Some((_, value)) = self.pairs.iter().rev().find(|(k, _)| k == key) else {
            return Ok(false);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            other => Err(ApiError::BadParameter(format!(
                "{key}={other:?} is not true or false"
            ))),
        }
    }

    /// One of `choices`, the first when absent.
    pub fn choice(&self, key: &str, choices: &[&'static str]) -> Result<&'static str, ApiError> {
        match self.get(key) {
            None => Ok(choices[0]),
            Some(value) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(&value))
                .copied()
                .ok_or_else(|| {
                    ApiError::BadParameter(format!(
                        "{key}={value:?}: use one of {}",
                        choices.join(", ")
                    ))
                }),
        }
    }

    /// The filter flags: `speaker`, `role`, `part`, `tag` (repeatable),
    /// `from`, `to`.
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let bounded = |key: &str| -> Result<Vec<String>, ApiError> {
            let values = self.all(key);
            if values.len() > 20 {
                return Err(ApiError::BadParameter(format!("too many {key} values")));
            }
            for v in &values {
                check_length(key, v)?;
            }
            Ok(values)
        };
        Ok(Filter {
            speakers: bounded("speaker")?,
            roles: bounded("role")?,
            from: self.opt_text("from")?,
            to: self.opt_text("to")?,
            parts: bounded("part")?,
            tags: bounded("tag")?,
        })
    }

    /// The query string with `key` set to `value` (others kept in order),
    /// for links to the next page or another facet.
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let mut done = false;
        for (k, v) in &self.pairs {
            if k == key {
                if !done {
                    out.append_pair(k, value);
                    done = true;
                }
            } else {
                out.append_pair(k, v);
            }
        }
        if !done {
            out.append_pair(key, value);
        }
        out.finish()
    }

    /// The query string with one more `key=value` (a repeatable filter),
    /// paging reset.
    pub fn adding(&self, key: &str, value: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.pairs {
            if k != "offset" {
                out.append_pair(k, v);
            }
        }
        out.append_pair(key, value);
        out.finish()
    }

    /// The query string without `keys`.
    pub fn without(&self, keys: &[&str]) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.pairs {
            if !keys.contains(&k.as_str()) {
                out.append_pair(k, v);
            }
        }
        out.finish()
    }

    /// The pairs as a JSON object (repeated keys as arrays), for download headers.
    pub fn to_json(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        for (k, v) in &self.pairs {
            match object.get_mut(k) {
                Some(serde_json::Value::Array(items)) => items.push(v.clone().into()),
                Some(existing) => {
                    let first = existing.take();
                    *existing = serde_json::Value::Array(vec![first, v.clone().into()]);
                }
                None => {
                    object.insert(k.clone(), v.clone().into());
                }
            }
        }
        serde_json::Value::Object(object)
    }
}

/// Links to the previous and next page of a list.
pub struct Pager {
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// For `path` with `params`, showing `limit` rows from `offset` of `total`.
    pub fn new(path: &str, params: &Params, offset: usize, limit: usize, total: u64) -> Pager {
        let to = |at: usize| format!("{path}?{}", params.with("offset", &at.to_string()));
        Pager {
            prev: (offset > 0).then(|| to(offset.saturating_sub(limit))),
            next: ((offset.saturating_add(limit) as u64) < total && limit > 0)
                .then(|| to(offset + limit)),
        }
    }

    pub fn none() -> Pager {
        Pager {
            prev: None,
            next: None,
        }
    }
}

fn check_length(key: &str, value: &str) -> Result<(), ApiError> {
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadParameter(format!(
            "{key} is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    if value.contains('\0') {
        return Err(ApiError::BadParameter(format!(
            "{key} holds a NUL character"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_and_bounds() {
        let p = Params::parse(Some(
            "q=union+state&speaker=putin&speaker=lukashenko&limit=5000&context=x",
        ));
        assert_eq!(p.text("q").unwrap(), "union state");
        assert_eq!(p.filter().unwrap().speakers, ["putin", "lukashenko"]);
        assert!(matches!(
            p.number("limit", 20, MAX_LIMIT),
            Err(ApiError::BadParameter(_))
        ));
        assert!(matches!(
            p.number("context", 60, MAX_CONTEXT),
            Err(ApiError::BadParameter(_))
        ));
        assert_eq!(p.number("offset", 0, MAX_OFFSET).unwrap(), 0);
        assert!(matches!(p.text("missing"), Err(ApiError::BadParameter(_))));
        assert_eq!(
            p.with("limit", "20"),
            "q=union+state&speaker=putin&speaker=lukashenko&limit=20&context=x"
        );
    }
}
