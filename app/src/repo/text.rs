//! What a person typed into the search box, as the full-text index reads it and as the
//! list shows it: a safe FTS5 query (words only, the last as a prefix), and the matched words
//! marked in the titles and descriptions of the rows shown.

use super::browse::BrowseError;

/// Turns what a person typed into a safe FTS5 query: words only (no operators), the last
/// word as a prefix when it is long enough. Refuses queries that would scan everything.
pub fn fts_query(q: &str) -> Result<String, BrowseError> {
    let words = query_words(q);
    if words.is_empty() {
        return Err(BrowseError::Query(crate::model::msg::Msg::new("search-empty")));
    }
    if words.iter().all(|w| w.chars().count() < 3) {
        return Err(BrowseError::Query(crate::model::msg::Msg::new("search-words-too-short")));
    }
    let last = words.len() - 1;
    Ok(words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == last && prefix_ok(w) { format!("\"{w}\"*") } else { format!("\"{w}\"") })
        .collect::<Vec<_>>()
        .join(" "))
}

/// The words of a search, lower case, at most twelve.
fn query_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).take(12).collect()
}

/// Whether the last word is long enough to be searched as a prefix.
fn prefix_ok(w: &str) -> bool {
    w.chars().count() >= 3
}

/// Marks the search's words in the listed rows' titles and descriptions with \u{2}…\u{3}.
/// Done here for the rows shown rather than by FTS5's highlight() in the query, which would
/// run for every match before the sort (or set up the search again for each row shown).
/// Words are compared as the index's tokenizer compares them: case and accents aside, the
/// last word as a prefix.
pub(super) struct Marker {
    words: Vec<String>,
    prefix: bool,
}

impl Marker {
    pub(super) fn new(q: &str) -> Self {
        let words: Vec<String> = query_words(q).iter().map(|w| fold(w)).collect();
        let prefix = words.last().is_some_and(|w| prefix_ok(w));
        Marker { words, prefix }
    }

    fn hits(&self, token: &str) -> bool {
        let t = fold(token);
        let last = self.words.len().saturating_sub(1);
        self.words.iter().enumerate().any(|(i, w)| t == *w || (self.prefix && i == last && t.starts_with(w.as_str())))
    }

    /// The text with its matching words marked.
    pub(super) fn mark(&self, text: &str) -> String {
        let toks = tokens(text);
        self.mark_span(text, &toks, 0, text.len())
    }

    /// Up to fourteen words of `text` from just before its first match, marked; None
    /// without a match.
    pub(super) fn snippet(&self, text: &str) -> Option<String> {
        let toks = tokens(text);
        let first = toks.iter().position(|&(a, b)| self.hits(&text[a..b]))?;
        let start = first.saturating_sub(3);
        let end = (start + 14).min(toks.len());
        let body = self.mark_span(text, &toks[start..end], toks[start].0, toks[end - 1].1);
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < toks.len() { "…" } else { "" };
        Some(format!("{lead}{body}{tail}"))
    }

    /// `text[from..to]` with the matching words among `toks` (all inside it) marked.
    fn mark_span(&self, text: &str, toks: &[(usize, usize)], from: usize, to: usize) -> String {
        let mut out = String::with_capacity(to - from + 8);
        let mut at = from;
        for &(a, b) in toks {
            out.push_str(&text[at..a]);
            if self.hits(&text[a..b]) {
                out.push('\u{2}');
                out.push_str(&text[a..b]);
                out.push('\u{3}');
            } else {
                out.push_str(&text[a..b]);
            }
            at = b;
        }
        out.push_str(&text[at..to]);
        out
    }
}

/// Lower case without accents, as the index compares words.
fn fold(w: &str) -> String {
    deunicode::deunicode(w).to_lowercase()
}

/// The byte ranges of a text's words (runs of letters and digits).
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                out.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        out.push((a, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_queries_are_sanitised() {
        assert_eq!(fts_query("data center").unwrap(), "\"data\" \"center\"*");
        assert_eq!(fts_query("AWS\" OR *").unwrap(), "\"aws\" \"or\"");
        assert!(fts_query("a b").is_err(), "only very short words");
        assert!(fts_query("  ").is_err());
        assert_eq!(fts_query("go ring").unwrap(), "\"go\" \"ring\"*");
    }

    #[test]
    fn matched_words_are_marked_as_the_index_matched_them() {
        let m = Marker::new("data cent");
        assert_eq!(m.mark("Data-center tax break"), "\u{2}Data\u{3}-\u{2}center\u{3} tax break");
        assert_eq!(m.mark("(datacenter) cen, centre"), "(datacenter) cen, \u{2}centre\u{3}", "whole words, the last as a prefix");
        let accents = Marker::new("canada");
        assert_eq!(accents.mark("La Cañada Flintridge"), "La \u{2}Cañada\u{3} Flintridge");
        let long =
            "one two three four five six seven eight nine ten eleven twelve data thirteen fourteen fifteen sixteen seventeen eighteen";
        assert_eq!(m.snippet(long).unwrap(), "…ten eleven twelve \u{2}data\u{3} thirteen fourteen fifteen sixteen seventeen eighteen");
        assert_eq!(
            m.snippet("data first. Then more words follow here one two three four five six seven eight").unwrap(),
            "\u{2}data\u{3} first. Then more words follow here one two three four five six seven…"
        );
        assert!(m.snippet("nothing to see").is_none());
    }
}
