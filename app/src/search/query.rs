//! What a person typed into the search box, as the index reads it: words (each must be in
//! the deal), "quoted phrases" (words next to each other, in order), and the last word as a
//! prefix when it is not inside quotes ("tax" finds "taxes"). Everything else a person may
//! type (operators, stars, brackets) is a word separator: nothing typed is syntax the index
//! could choke on.
//!
//! Words are folded as the index folds them (the same analyzer): case and accents aside,
//! so "canada" finds "Cañada".

use crate::model::msg::Msg;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

/// Words longer than this are not indexed (ids, run-together links), nor searched.
const LONGEST_WORD: usize = 40;
/// At most this many words are read from a search (the rest are ignored).
const MOST_WORDS: usize = 12;
/// A last word this long or longer is a prefix; shorter ones would stand for too much.
const PREFIX_FROM: usize = 3;

/// How the index splits and folds text, and the search the same way.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The folded words of a text, in order.
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// A search as the index runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// Words each match holds somewhere, folded.
    pub words: Vec<String>,
    /// Runs of words each match holds in this order, folded (two words or more).
    pub phrases: Vec<Vec<String>>,
    /// The last of `words` may be the start of a longer word.
    pub prefix: bool,
}

impl Wanted {
    /// Reads what was typed; the message says why a search can't run as typed.
    pub fn parse(typed: &str) -> Result<Wanted, Msg> {
        let mut analyzer = analyzer();
        let mut wanted = Wanted { words: Vec::new(), phrases: Vec::new(), prefix: false };
        let mut count = 0;
        let mut ends_with_free_word = false;
        let mut cut = false;
        // Between quotes at odd positions; an unclosed quote runs to the end.
        for (i, part) in typed.split('"').enumerate() {
            let quoted = i % 2 == 1;
            let mut ws = words(&mut analyzer, part);
            cut |= ws.len() > MOST_WORDS.saturating_sub(count);
            ws.truncate(MOST_WORDS.saturating_sub(count));
            count += ws.len();
            if ws.is_empty() {
                // Only spaces or separators after the last word: the word stays a prefix
                // unless the text ends with a quote.
                if !part.is_empty() && !quoted {
                    continue;
                }
                ends_with_free_word = false;
                continue;
            }
            ends_with_free_word = !quoted;
            if quoted && ws.len() > 1 {
                wanted.phrases.push(ws);
            } else {
                wanted.words.extend(ws);
            }
        }
        let all = || wanted.words.iter().chain(wanted.phrases.iter().flatten());
        if all().next().is_none() {
            return Err(Msg::new("search-empty"));
        }
        if all().all(|w| w.chars().count() < PREFIX_FROM) {
            return Err(Msg::new("search-words-too-short"));
        }
        // A word typed in full before the search was cut short is not a prefix.
        wanted.prefix = ends_with_free_word && !cut && wanted.words.last().is_some_and(|w| w.chars().count() >= PREFIX_FROM);
        Ok(wanted)
    }

    /// The search as a person would type it again ("data center", `"tax abatement" ring`).
    pub fn typed(&self) -> String {
        let mut parts: Vec<String> = self.phrases.iter().map(|p| format!("\"{}\"", p.join(" "))).collect();
        parts.extend(self.words.iter().cloned());
        // A last word that was not a prefix stays whole when typed again.
        if let Some(last) = parts.last_mut().filter(|_| !self.prefix && !self.words.is_empty()) {
            *last = format!("\"{last}\"");
        }
        parts.join(" ")
    }

    /// Whether a text (as the index holds it: the words in order) matches.
    pub fn matches(&self, text: &[String]) -> bool {
        let last = self.words.len().saturating_sub(1);
        let word_ok = |(i, w): (usize, &String)| text.iter().any(|t| t == w || (self.prefix && i == last && t.starts_with(w.as_str())));
        self.words.iter().enumerate().all(word_ok) && self.phrases.iter().all(|p| text.windows(p.len()).any(|win| win == p.as_slice()))
    }
}

/// Marks the search's words in the listed rows' titles and descriptions with \u{2}…\u{3}.
/// Done for the rows shown, after the search: words compared as the index compares them,
/// the last word as a prefix when the search reads it as one.
pub struct Marker {
    words: Vec<String>,
    /// The word searched as a prefix, if any.
    prefix: Option<String>,
    analyzer: TextAnalyzer,
}

impl Marker {
    pub fn new(typed: &str) -> Self {
        let wanted = Wanted::parse(typed).unwrap_or(Wanted { words: Vec::new(), phrases: Vec::new(), prefix: false });
        let prefix = if wanted.prefix { wanted.words.last().cloned() } else { None };
        let words = wanted.words.iter().chain(wanted.phrases.iter().flatten()).cloned().collect();
        Marker { words, prefix, analyzer: analyzer() }
    }

    fn hits(&mut self, token: &str) -> bool {
        let folded = words(&mut self.analyzer, token);
        let Some(t) = folded.first() else { return false };
        self.words.iter().any(|w| w == t) || self.prefix.as_deref().is_some_and(|p| t.starts_with(p))
    }

    /// The text with its matching words marked.
    pub fn mark(&mut self, text: &str) -> String {
        let toks = tokens(text);
        self.mark_span(text, &toks, 0, text.len())
    }

    /// Up to fourteen words of `text` from just before its first match, marked; None
    /// without a match.
    pub fn snippet(&mut self, text: &str) -> Option<String> {
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
    fn mark_span(&mut self, text: &str, toks: &[(usize, usize)], from: usize, to: usize) -> String {
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

/// The byte ranges of a text's words (runs of letters and digits, as the index splits).
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

    fn w(typed: &str) -> Wanted {
        Wanted::parse(typed).unwrap()
    }

    #[test]
    fn what_was_typed_becomes_words_phrases_and_a_prefix() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(w("data center"), Wanted { words: s(&["data", "center"]), phrases: vec![], prefix: true });
        assert_eq!(w("AWS\" OR *"), Wanted { words: s(&["aws", "or"]), phrases: vec![], prefix: false }, "a quote opens a quoted word");
        assert_eq!(w("\"tax abatement\" ring"), Wanted { words: s(&["ring"]), phrases: vec![s(&["tax", "abatement"])], prefix: true });
        assert_eq!(w("ring \"tax abatement\""), Wanted { words: s(&["ring"]), phrases: vec![s(&["tax", "abatement"])], prefix: false });
        assert_eq!(w("\"tax abatement"), Wanted { words: vec![], phrases: vec![s(&["tax", "abatement"])], prefix: false }, "unclosed");
        assert_eq!(w("Cañada"), Wanted { words: s(&["canada"]), phrases: vec![], prefix: true });
        assert!(w("data center ").prefix, "a trailing space keeps the prefix");
        assert!(!w("tax go").prefix, "too short to be a prefix");
        assert_eq!(Wanted::parse("a b"), Err(Msg::new("search-words-too-short")));
        assert_eq!(Wanted::parse("  \"\" * "), Err(Msg::new("search-empty")));
        assert_eq!(w(&"word ".repeat(30)).words.len(), MOST_WORDS);
        assert!(!w(&"word ".repeat(30)).prefix, "a search cut short has no prefix");
        for typed in ["data center", "\"tax abatement\" ring", "ring \"tax abatement\"", "data center.", "tax go"] {
            assert_eq!(Wanted::parse(&w(typed).typed()), Ok(w(typed)), "{typed} typed again");
        }
        assert_eq!(Wanted::parse(&"x".repeat(60)), Err(Msg::new("search-empty")), "a very long word is left out");
    }

    #[test]
    fn a_search_matches_text_as_the_index_does() {
        let text = words(&mut analyzer(), "Data-center tax abatement for the Cañada facility");
        assert!(w("data cent").matches(&text));
        assert!(w("\"tax abatement\"").matches(&text));
        assert!(!w("\"abatement tax\"").matches(&text), "a phrase keeps its order");
        assert!(w("canada").matches(&text));
        assert!(!w("cent data").matches(&text), "only the last word is a prefix");
        assert!(!w("data ring").matches(&text));
    }

    #[test]
    fn matched_words_are_marked_as_the_index_matched_them() {
        let mut m = Marker::new("data cent");
        assert_eq!(m.mark("Data-center tax break"), "\u{2}Data\u{3}-\u{2}center\u{3} tax break");
        assert_eq!(m.mark("(datacenter) cen, centre"), "(datacenter) cen, \u{2}centre\u{3}", "whole words, the last as a prefix");
        let mut accents = Marker::new("canada");
        assert_eq!(accents.mark("La Cañada Flintridge"), "La \u{2}Cañada\u{3} Flintridge");
        let mut phrase = Marker::new("\"tax break\"");
        assert_eq!(phrase.mark("Tax breaks and a tax break"), "\u{2}Tax\u{3} breaks and a \u{2}tax\u{3} \u{2}break\u{3}");
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
