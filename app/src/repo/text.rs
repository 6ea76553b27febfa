//! What a person typed into the search box, as the full-text index reads it and as the
//! list shows it: a safe FTS5 query (words only, the last as a prefix), and the matched words
//! marked in the titles and descriptions of the rows shown.

use super::browse::BrowseError;
use sqlx::SqliteConnection;

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

/// For a search that found nothing: the same words with each one the index lacks replaced by
/// the closest word it has (same first letter, one edit for words up to four letters, two
/// beyond; among equals the word more deals hold). Offered only when that search finds a
/// published deal, so words of deals nobody has reviewed never show. None when every word
/// is in the index, or a missing one has no close word.
pub async fn suggest(conn: &mut SqliteConnection, q: &str) -> Result<Option<String>, sqlx::Error> {
    let words: Vec<String> = query_words(q).iter().map(|w| fold(w)).collect();
    let last = words.len().saturating_sub(1);
    let mut out = Vec::with_capacity(words.len());
    let mut changed = false;
    for (i, w) in words.iter().enumerate() {
        // Words under three letters are searched as typed; too short to guess from.
        if w.chars().count() < 3 || known(conn, w, i == last).await? {
            out.push(w.clone());
            continue;
        }
        match closest(conn, w).await? {
            Some(c) => {
                out.push(c);
                changed = true;
            }
            None => return Ok(None),
        }
    }
    if !changed {
        return Ok(None);
    }
    let text = out.join(" ");
    let Ok(fts) = fts_query(&text) else { return Ok(None) };
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM deals_fts CROSS JOIN deals d ON d.id = deals_fts.rowid
         WHERE deals_fts MATCH ? AND d.published = 1 AND d.deleted_at IS NULL LIMIT 1",
    )
    .bind(fts)
    .fetch_optional(conn)
    .await?;
    Ok(found.map(|_| text))
}

/// Whether the index holds the word (as a prefix of a word, for the search's last word).
async fn known(conn: &mut SqliteConnection, w: &str, prefix: bool) -> Result<bool, sqlx::Error> {
    let hit: Option<i64> = if prefix {
        sqlx::query_scalar("SELECT 1 FROM deals_fts_vocab WHERE term >= ?1 AND term < ?2 LIMIT 1")
            .bind(w)
            .bind(format!("{w}{}", char::MAX))
            .fetch_optional(conn)
            .await?
    } else {
        sqlx::query_scalar("SELECT 1 FROM deals_fts_vocab WHERE term = ? LIMIT 1").bind(w).fetch_optional(conn).await?
    };
    Ok(hit.is_some())
}

/// The indexed word closest to `w`, as [`suggest`] chooses it.
async fn closest(conn: &mut SqliteConnection, w: &str) -> Result<Option<String>, sqlx::Error> {
    let Some(first) = w.chars().next() else { return Ok(None) };
    let Some(after) = char::from_u32(first as u32 + 1) else { return Ok(None) };
    let n = w.chars().count();
    let most = if n <= 4 { 1 } else { 2 };
    // Only words of the same first letter and a length within reach are read.
    let words: Vec<(String, i64)> =
        sqlx::query_as("SELECT term, doc FROM deals_fts_vocab WHERE term >= ?1 AND term < ?2 AND length(term) BETWEEN ?3 AND ?4")
            .bind(first.to_string())
            .bind(after.to_string())
            .bind((n - most) as i64)
            .bind((n + most) as i64)
            .fetch_all(conn)
            .await?;
    Ok(words
        .into_iter()
        .filter_map(|(t, doc)| {
            let d = strsim::osa_distance(w, &t);
            (d <= most && t != w).then_some((d, -doc, t))
        })
        .min()
        .map(|(_, _, t)| t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_search_that_finds_nothing_is_offered_a_spelling_from_published_deals() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("INSERT INTO jurisdictions (id, kind, legal_type, official_name, display_name, state_fips, state_usps, slug) VALUES (90001, 'county', 'County', 'Fairfax County', 'Fairfax County', '51', 'VA', 'fairfax-county')")
            .execute(&mut *conn).await.unwrap();
        let deals = [
            (1, "Data center tax abatement", true),
            (2, "Warehouse abatement agreement", true),
            (3, "Abutment repair", true),
            // Not published: its words are never offered.
            (4, "Zebrafish hatchery subsidy", false),
        ];
        for (id, title, published) in deals {
            sqlx::query(
                "INSERT INTO deals (id, title, kind, jurisdiction_id, entity_id, amount_disclosed, status, review_state, published, created_at, updated_at, state_usps)
                 VALUES (?, ?, 'tax_abatement', 90001, 1, 0, 'active', 'approved', ?, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'VA')",
            )
            .bind(id).bind(title).bind(published).execute(&mut *conn).await.unwrap();
            sqlx::query("INSERT INTO deals_fts (rowid, title, description, program, agency, facility, place, sources) VALUES (?, ?, '', '', '', '', '', '')")
                .bind(id).bind(title).execute(&mut *conn).await.unwrap();
        }
        drop(conn);
        let s = |q: &'static str| {
            let pool = pool.clone();
            async move { suggest(&mut pool.acquire().await.unwrap(), q).await.unwrap() }
        };
        // One letter missing: the word more deals hold wins over an equally close one.
        assert_eq!(s("abatment").await.as_deref(), Some("abatement"));
        assert_eq!(s("data centr abatment").await.as_deref(), Some("data center abatement"));
        assert_eq!(s("Tax Abatemnet").await.as_deref(), Some("tax abatement"), "a swap of two letters is one edit");
        // Words the index has, or none close: nothing to offer.
        assert_eq!(s("abatement").await, None);
        assert_eq!(s("abat").await, None, "the last word is a prefix of a word held");
        assert_eq!(s("quantum").await, None);
        // Only an unpublished deal holds the close word.
        assert_eq!(s("zebrafsh").await, None);
    }

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
