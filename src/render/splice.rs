//! Big lists made from kept pieces: an output is rendered once as a skeleton, with a short
//! placeholder where each piece (an event's card, a calendar entry, a table row) goes, and its
//! bytes are the skeleton with the pieces put in.
//!
//! Why: every event is on about seven lists (its days, its terms, the calendar, the printed
//! schedule, 附件1 and its CSV), and a list of 10,000 events is megabytes. An edit of one
//! event's title changes one piece of each; with the skeleton kept (it reads what the list
//! shows but not the pieces' text), serve puts the lists together again with a copy instead of
//! running their templates (a third of such an edit at 10,000 events). A build makes the same
//! bytes the same way, so the preview and the published site cannot differ.
//!
//! Templates see a piece as a string and write it with `| safe`. A placeholder that comes out
//! changed (written without `| safe`, so escaped) makes the output rendered again with the
//! pieces' text in place (`Skeleton::parse` says so).

use super::deps::Read;
use serde::{Serialize, Serializer};

/// A piece of an output kept apart from it, by what it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Piece {
    /// Event i's card.
    Card(u32),
    /// The week's calendar entry k (`partials/cal_entry.html`) and its printed row
    /// (`partials/schedule_row.html`).
    Entry(u32),
    PrintRow(u32),
    /// Row n of 附件1, as HTML and as CSV.
    RowHtml(u32),
    RowCsv(u32),
}

impl Piece {
    /// What an output that shows the piece read.
    pub fn read(self) -> Read {
        match self {
            Piece::Card(i) => Read::Card(i),
            Piece::Entry(k) | Piece::PrintRow(k) => Read::Entry(k),
            Piece::RowHtml(n) | Piece::RowCsv(n) => Read::Row(n),
        }
    }
}

/// The first byte of a placeholder, `<\u{1}N>`: a control character no template writes, after
/// a `<` that escaping would change (so an escaped placeholder is seen as one).
const MARK: u8 = 1;

/// The text a template gets for a piece: the piece itself, or its placeholder.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Text<'i> {
    Str(&'i str),
    /// Placeholder of the piece registered `n`th for this output.
    Mark(usize),
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Str(text) => serializer.serialize_str(text),
            Text::Mark(n) => serializer.serialize_str(&placeholder(*n)),
        }
    }
}

pub(crate) fn placeholder(n: usize) -> String {
    let mut out = String::new();
    push_placeholder(&mut out, n);
    out
}

/// Appends the placeholder of piece `n` (for pieces joined into one string: a day's entries).
pub(crate) fn push_placeholder(out: &mut String, n: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "<\u{1}{n}>");
}

/// An output without its pieces: the text between them, and which piece goes in each gap.
pub(crate) struct Skeleton {
    /// The text around the pieces, joined.
    text: Vec<u8>,
    /// Each gap, in order: where the text before it ends in `text`, and its piece.
    gaps: Vec<(usize, Piece)>,
}

impl Skeleton {
    /// The skeleton of `rendered`, whose placeholders name `pieces` by position; `None` when a
    /// placeholder is malformed or names no piece.
    pub fn parse(rendered: &[u8], pieces: &[Piece]) -> Option<Skeleton> {
        let mut text = Vec::with_capacity(rendered.len() / 4);
        let mut gaps = Vec::with_capacity(pieces.len());
        let mut rest = rendered;
        while let Some(at) = memchr::memchr(MARK, rest) {
            // `<` before the mark; digits and `>` after it.
            let before = at.checked_sub(1).filter(|&lt| rest[lt] == b'<')?;
            let digits = rest[at + 1..].iter().take_while(|b| b.is_ascii_digit());
            let len = digits.count();
            if len == 0 || rest.get(at + 1 + len) != Some(&b'>') {
                return None;
            }
            let number = std::str::from_utf8(&rest[at + 1..at + 1 + len]).ok()?;
            let piece = *pieces.get(number.parse::<usize>().ok()?)?;
            text.extend_from_slice(&rest[..before]);
            gaps.push((text.len(), piece));
            rest = &rest[at + 2 + len..];
        }
        text.extend_from_slice(rest);
        Some(Skeleton { text, gaps })
    }

    /// A skeleton that is all text (an output made without templates: the CSV).
    pub fn of(parts: Vec<SkeletonPart>) -> Skeleton {
        let mut text = Vec::new();
        let mut gaps = Vec::new();
        for part in parts {
            match part {
                SkeletonPart::Text(bytes) => text.extend_from_slice(&bytes),
                SkeletonPart::Piece(piece) => gaps.push((text.len(), piece)),
            }
        }
        Skeleton { text, gaps }
    }

    pub fn pieces(&self) -> impl Iterator<Item = Piece> + '_ {
        self.gaps.iter().map(|&(_, piece)| piece)
    }

    /// The output's bytes, each piece's text given by `text_of`; `None` when a piece is gone.
    pub fn assemble<'t>(&self, text_of: impl Fn(Piece) -> Option<&'t str>) -> Option<Vec<u8>> {
        let texts: Vec<&str> = self
            .gaps
            .iter()
            .map(|&(_, piece)| text_of(piece))
            .collect::<Option<_>>()?;
        let size = self.text.len() + texts.iter().map(|t| t.len()).sum::<usize>();
        let mut out = Vec::with_capacity(size);
        let mut from = 0;
        for (&(to, _), piece) in self.gaps.iter().zip(texts) {
            out.extend_from_slice(&self.text[from..to]);
            out.extend_from_slice(piece.as_bytes());
            from = to;
        }
        out.extend_from_slice(&self.text[from..]);
        Some(out)
    }
}

/// What an output made without a template is made of, in order.
pub(crate) enum SkeletonPart {
    Text(Vec<u8>),
    Piece(Piece),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(piece: Piece) -> Option<&'static str> {
        match piece {
            Piece::Card(0) => Some("<article>甲</article>"),
            Piece::Card(1) => Some("<article>乙</article>"),
            _ => None,
        }
    }

    #[test]
    fn pieces_go_where_their_placeholders_are_in_any_order_and_as_often() {
        let pieces = [Piece::Card(0), Piece::Card(1)];
        let rendered = format!(
            "<main>{}<hr>{}{}</main>",
            placeholder(1),
            placeholder(0),
            placeholder(1)
        );
        let skeleton = Skeleton::parse(rendered.as_bytes(), &pieces).expect("parses");
        let bytes = skeleton.assemble(texts).expect("every piece is there");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<main><article>乙</article><hr><article>甲</article><article>乙</article></main>"
        );
        // A piece that is no longer there: the output must be made again.
        let gone = Skeleton::parse(placeholder(0).as_bytes(), &[Piece::Card(7)]).unwrap();
        assert!(gone.assemble(texts).is_none());
    }

    #[test]
    fn an_escaped_or_unknown_placeholder_is_refused() {
        let pieces = [Piece::Card(0)];
        let escaped = format!("<p>{}</p>", placeholder(0).replace('<', "&lt;"));
        assert!(Skeleton::parse(escaped.as_bytes(), &pieces).is_none());
        assert!(Skeleton::parse(placeholder(3).as_bytes(), &pieces).is_none());
        assert!(Skeleton::parse(b"<\x01>", &pieces).is_none());
        assert!(Skeleton::parse(b"<\x0112", &pieces).is_none());
        // No placeholder at all: all text.
        let plain = Skeleton::parse(b"<p>x</p>", &pieces).unwrap();
        assert_eq!(plain.assemble(texts).unwrap(), b"<p>x</p>");
    }

    #[test]
    fn a_text_reads_as_the_piece_or_its_placeholder() {
        let json = serde_json::to_string(&[Text::Str("a"), Text::Mark(12)]).unwrap();
        assert_eq!(json, "[\"a\",\"<\\u0001".to_string() + "12>\"]");
    }
}
