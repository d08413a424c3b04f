//! A small XML writer for the TEI files: elements on lines of their own,
//! indented, except inside mixed content (a `seg` and its `gap`s), where
//! no white space is added because every character there is text.
//!
//! Text and attribute values are escaped here, and characters XML 1.0
//! cannot carry at all (control characters other than tab, line feed and
//! carriage return; U+FFFE, U+FFFF) become U+FFFD.

use std::io::{self, Write};

/// Writes XML to `W`, tracking the indentation depth.
pub(crate) struct XmlWriter<W: Write> {
    out: W,
    depth: usize,
}

/// Attributes as (name, value) pairs, written in order.
pub(crate) type Attrs<'a> = [(&'a str, &'a str)];

impl<W: Write> XmlWriter<W> {
    pub(crate) fn new(out: W) -> Self {
        Self { out, depth: 0 }
    }

    /// The XML declaration (UTF-8).
    pub(crate) fn declaration(&mut self) -> io::Result<()> {
        self.out
            .write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
    }

    fn indent(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n")?;
        for _ in 0..self.depth {
            self.out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn tag(&mut self, name: &str, attrs: &Attrs, empty: bool) -> io::Result<()> {
        self.out.write_all(b"<")?;
        self.out.write_all(name.as_bytes())?;
        for (key, value) in attrs {
            self.out.write_all(b" ")?;
            self.out.write_all(key.as_bytes())?;
            self.out.write_all(b"=\"")?;
            write_escaped(&mut self.out, value, true)?;
            self.out.write_all(b"\"")?;
        }
        self.out.write_all(if empty { b"/>" } else { b">" })
    }

    /// `<name attrs>` on a new line; what follows is indented one more.
    pub(crate) fn open(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        self.indent()?;
        self.tag(name, attrs, false)?;
        self.depth += 1;
        Ok(())
    }

    /// `</name>` on a new line, closing what [`Self::open`] opened.
    pub(crate) fn close(&mut self, name: &str) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.indent()?;
        self.end_tag(name)
    }

    /// `<name attrs>text</name>` on a line of its own (`<name attrs/>` when
    /// `text` is empty).
    pub(crate) fn leaf(&mut self, name: &str, attrs: &Attrs, text: &str) -> io::Result<()> {
        self.indent()?;
        self.inline_leaf(name, attrs, text)
    }

    /// Starts mixed content: `<name attrs>` on a new line, and nothing
    /// added to the content until [`Self::end_tag`].
    pub(crate) fn open_mixed(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        self.indent()?;
        self.tag(name, attrs, false)
    }

    /// `<name attrs>` where the writer stands (inside mixed content).
    pub(crate) fn inline_start(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        self.tag(name, attrs, false)
    }

    /// `<name attrs>text</name>` where the writer stands (inside mixed content).
    pub(crate) fn inline_leaf(&mut self, name: &str, attrs: &Attrs, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return self.tag(name, attrs, true);
        }
        self.tag(name, attrs, false)?;
        self.text(text)?;
        self.end_tag(name)
    }

    /// Escaped character data where the writer stands.
    pub(crate) fn text(&mut self, text: &str) -> io::Result<()> {
        write_escaped(&mut self.out, text, false)
    }

    /// `</name>` where the writer stands.
    pub(crate) fn end_tag(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(b"</")?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(b">")
    }

    /// A line of XML written as is (an `xi:include` the corpus spilled).
    pub(crate) fn raw_line(&mut self, xml: &str) -> io::Result<()> {
        self.indent()?;
        self.out.write_all(xml.as_bytes())
    }

    /// Ends the file with a line feed and hands back the output.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n")?;
        Ok(self.out)
    }
}

/// Whether XML 1.0 admits `c` in a document at all (escaped or not).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// What `c` is written as, when not as itself.
fn replacement(c: char, attribute: bool) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' if attribute => "&quot;",
        // Attribute values would have these normalised to spaces, and a
        // bare carriage return becomes a line feed anywhere.
        '\n' if attribute => "&#10;",
        '\t' if attribute => "&#9;",
        '\r' => "&#13;",
        c if !xml_char(c) => "\u{FFFD}",
        _ => return None,
    })
}

/// Writes `s` escaped for text (`attribute` false) or a double-quoted
/// attribute value.
pub(crate) fn write_escaped(out: &mut impl Write, s: &str, attribute: bool) -> io::Result<()> {
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if let Some(with) = replacement(c, attribute) {
            out.write_all(&s.as_bytes()[from..i])?;
            out.write_all(with.as_bytes())?;
            from = i + c.len_utf8();
        }
    }
    out.write_all(&s.as_bytes()[from..])
}

/// `s` as XML text (for strings built before writing).
pub(crate) fn escaped(s: &str, attribute: bool) -> String {
    let mut out = Vec::with_capacity(s.len());
    write_escaped(&mut out, s, attribute).expect("writing to a Vec");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// The text and attribute values of `xml` as an XML parser reads them.
    fn parse(xml: &str) -> (Vec<String>, Vec<String>) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut texts, mut attrs) = (Vec::new(), Vec::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => {
                    for a in e.attributes() {
                        let value = a.unwrap().decode_and_unescape_value(reader.decoder());
                        attrs.push(value.unwrap().into_owned());
                    }
                }
                Event::Text(t) => texts.push(t.decode().unwrap().into_owned()),
                Event::GeneralRef(r) => {
                    let c = r.resolve_char_ref().unwrap();
                    let s = match c {
                        Some(c) => c.to_string(),
                        None => quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap())
                            .unwrap()
                            .to_owned(),
                    };
                    texts.push(s);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (texts, attrs)
    }

    #[test]
    fn text_and_attributes_read_back_as_written() {
        let hostile = "a < b && \"c\" > 'd' <…> <script>x</script>\ttab\rcr";
        let mut w = XmlWriter::new(Vec::new());
        w.declaration().unwrap();
        w.open("root", &[("n", hostile)]).unwrap();
        w.leaf("p", &[], hostile).unwrap();
        w.close("root").unwrap();
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        let (texts, attrs) = parse(&xml);
        assert_eq!(attrs, [hostile]);
        let text: String = texts.concat();
        assert!(text.contains(hostile), "{text:?}");
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        assert_eq!(
            escaped("a\u{0}b\u{b}c\u{FFFF}d", false),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(escaped("x\ny", false), "x\ny");
        assert_eq!(escaped("x\ny\tz", true), "x&#10;y&#9;z");
        assert_eq!(escaped("😀 é", true), "😀 é");
    }

    #[test]
    fn mixed_content_gets_no_added_white_space() {
        let mut w = XmlWriter::new(Vec::new());
        w.open("u", &[]).unwrap();
        w.open_mixed("seg", &[]).unwrap();
        w.text("cut").unwrap();
        w.inline_leaf("gap", &[("reason", "editorial")], "")
            .unwrap();
        w.text("here").unwrap();
        w.end_tag("seg").unwrap();
        w.close("u").unwrap();
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            xml,
            "\n<u>\n  <seg>cut<gap reason=\"editorial\"/>here</seg>\n</u>\n"
        );
    }
}
