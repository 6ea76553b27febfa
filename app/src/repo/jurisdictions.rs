//! Looking jurisdictions up: by page address, by identifier, and by what a person types.

use crate::model::{
    view::{JurisdictionRef, PlaceSuggestion},
    JurisdictionKind,
};
use sqlx::SqliteConnection;

/// A jurisdiction's row with its state's name, as [`SELECT`] reads it.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    legal_type: String,
    display_name: String,
    official_name: String,
    state_usps: String,
    state_name: String,
    slug: String,
    geoidfq: Option<String>,
    leaid: Option<String>,
    ocd_id: Option<String>,
}

/// The columns of a `JurisdictionRef`, with the state joined in for its name.
pub(crate) const SELECT: &str = "SELECT j.id, j.kind, j.legal_type, j.display_name, j.official_name, j.state_usps,
    st.display_name AS state_name, j.slug, j.geoidfq, j.leaid, j.ocd_id
    FROM jurisdictions j JOIN jurisdictions st ON st.state_usps = j.state_usps AND st.kind = 'state'";

fn to_ref(r: Row) -> JurisdictionRef {
    JurisdictionRef {
        id: r.id,
        kind: JurisdictionKind::from_code(&r.kind).unwrap_or(JurisdictionKind::SpecialDistrict),
        legal_type: r.legal_type,
        display_name: r.display_name,
        official_name: r.official_name,
        state_usps: r.state_usps,
        state_name: r.state_name,
        slug: r.slug,
        geoidfq: r.geoidfq,
        leaid: r.leaid,
        ocd_id: r.ocd_id,
    }
}

/// By primary key.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<JurisdictionRef>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE j.id = ?")).bind(id).fetch_optional(conn).await?;
    Ok(row.map(to_ref))
}

/// Several by primary key, in one query (an export's batch).
pub async fn by_ids(conn: &mut SqliteConnection, ids: &[i64]) -> Result<std::collections::HashMap<i64, JurisdictionRef>, sqlx::Error> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE j.id IN (SELECT value FROM json_each(?))")).bind(list).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| (r.id, to_ref(r))).collect())
}

/// The state with this USPS code ("va", any case).
pub async fn state(conn: &mut SqliteConnection, usps: &str) -> Result<Option<JurisdictionRef>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE j.state_usps = ? AND j.kind = 'state'"))
        .bind(usps.to_ascii_uppercase())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(to_ref))
}

/// Where a page address leads.
pub enum SlugLookup {
    Found(JurisdictionRef),
    /// An old slug: send the reader to the current address.
    Moved(JurisdictionRef),
    Missing,
}

/// By state and slug, following old slugs.
pub async fn by_slug(conn: &mut SqliteConnection, usps: &str, slug: &str) -> Result<SlugLookup, sqlx::Error> {
    let usps = usps.to_ascii_uppercase();
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE j.state_usps = ? AND j.slug = ? AND j.kind != 'state' AND j.pending = 0"))
            .bind(&usps)
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(r) = row {
        return Ok(SlugLookup::Found(to_ref(r)));
    }
    let moved: Option<i64> = sqlx::query_scalar("SELECT jurisdiction_id FROM slug_redirects WHERE state_usps = ? AND old_slug = ?")
        .bind(&usps)
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match moved {
        Some(id) => by_id(conn, id).await?.map_or(SlugLookup::Missing, SlugLookup::Moved),
        None => SlugLookup::Missing,
    })
}

/// By an official identifier: a Census GEOIDFQ, an NCES LEAID, an OCD id, or an alias.
pub async fn by_identifier(conn: &mut SqliteConnection, ident: &str) -> Result<Option<JurisdictionRef>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE j.pending = 0 AND (j.geoidfq = ?1 OR j.leaid = ?1 OR j.ocd_id = ?1
           OR j.id = (SELECT jurisdiction_id FROM jurisdiction_aliases WHERE identifier = ?1)) LIMIT 1"
    ))
    .bind(ident)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(to_ref))
}

/// The county or state above a jurisdiction.
pub async fn parent(conn: &mut SqliteConnection, id: i64) -> Result<Option<JurisdictionRef>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE j.id = (SELECT parent_id FROM jurisdictions WHERE id = ?)"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(to_ref))
}

/// How many jurisdictions are loaded beyond the states.
pub async fn count_loaded(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM jurisdictions WHERE kind != 'state'").fetch_one(conn).await
}

/// The id and kind code of every approved jurisdiction (for the benchmark seeder).
pub async fn ids_and_kinds(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, kind FROM jurisdictions WHERE pending = 0").fetch_all(conn).await
}

/// How many jurisdictions have a land area (none after an upgrade, until the next load).
pub async fn count_with_area(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM jurisdictions WHERE aland IS NOT NULL").fetch_one(conn).await
}

/// Splits "Oakland, CA", "Oakland, California", "fairfax va" or "Kansas City Missouri" into
/// a name and a state code. Without a comma, a trailing state code or name counts only when
/// a name is left before it ("West Virginia" alone is the state).
async fn split_state(conn: &mut SqliteConnection, text: &str) -> Result<(String, Option<String>), sqlx::Error> {
    let text = text.trim();
    let states: Vec<(String, String)> =
        sqlx::query_as("SELECT state_usps, display_name FROM jurisdictions WHERE kind = 'state'").fetch_all(&mut *conn).await?;
    Ok(split_state_in(text, &states))
}

/// The pure part of [`split_state`], over the (code, name) of every state.
fn split_state_in(text: &str, states: &[(String, String)]) -> (String, Option<String>) {
    let find = |tail: &str| {
        let tail = tail.trim().trim_end_matches('.');
        states.iter().find(|(usps, name)| usps.eq_ignore_ascii_case(tail) || name.eq_ignore_ascii_case(tail)).map(|s| s.0.clone())
    };
    if let Some((name, tail)) = text.rsplit_once(',') {
        if let Some(usps) = find(tail) {
            return (name.trim().to_string(), Some(usps));
        }
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lower-casing changed the byte lengths: the name can't be cut by position.
        return (text.to_string(), None);
    }
    // Longest state names first, so "west virginia" is not read as "west" in Virginia.
    let mut by_length: Vec<&(String, String)> = states.iter().collect();
    by_length.sort_by_key(|(_, name)| std::cmp::Reverse(name.len()));
    for (usps, name) in by_length {
        for tail in [name.to_lowercase(), usps.to_lowercase()] {
            if let Some(head) = lower.strip_suffix(&tail).filter(|h| h.ends_with(' ')) {
                let head = text[..head.len()].trim();
                return if head.is_empty() { (text.to_string(), None) } else { (head.to_string(), Some(usps.clone())) };
            }
            if lower == tail {
                return (text.to_string(), None);
            }
        }
    }
    (text.to_string(), None)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Suggestions for a place search: governments whose name starts with the text, then
/// unincorporated areas pointing at their county. States first, then counties and other
/// active governments, then towns and townships; among those, the ones with more deals
/// recorded, then the larger by land area ("Fairfax" leads to Fairfax County, VA before the
/// small cities of that name).
pub async fn suggest(
    conn: &mut SqliteConnection,
    text: &str,
    limit: i64,
    lang: crate::i18n::Lang,
) -> Result<Vec<PlaceSuggestion>, sqlx::Error> {
    use crate::model::msg::Msg;
    let (name, usps) = split_state(&mut *conn, text).await?;
    // Drop a trailing type in parentheses that a previous pick put in the field.
    let name = name.split(" (").next().unwrap_or(&name).trim().to_string();
    if name.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let pattern = format!("{}%", escape_like(&name));
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE j.display_name LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR j.state_usps = ?2) AND j.pending = 0
         ORDER BY CASE j.kind WHEN 'state' THEN 0 WHEN 'township' THEN 2 ELSE 1 END,
                  (SELECT count(*) FROM deals d WHERE d.jurisdiction_id = j.id AND d.published = 1 AND d.deleted_at IS NULL) DESC,
                  coalesce(j.aland, 0) DESC, j.display_name = ?3 DESC, j.display_name, j.state_usps
         LIMIT ?4"
    ))
    .bind(&pattern)
    .bind(&usps)
    .bind(&name)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<PlaceSuggestion> = rows
        .into_iter()
        .map(to_ref)
        .map(|j| PlaceSuggestion {
            jurisdiction_id: j.id,
            label: if j.kind == JurisdictionKind::State {
                crate::i18n::text(lang, &Msg::new("place-suggest-state").with("name", j.display_name.as_str()))
            } else {
                format!("{} ({})", j.label(), j.type_label_in(lang))
            },
            value: j.label(),
            path: j.path(),
        })
        .collect();
    let remaining = limit - out.len() as i64;
    if remaining > 0 {
        let cdps: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT u.name, u.state_usps, u.county_id FROM unincorporated_places u
             WHERE u.name LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR u.state_usps = ?2) AND u.county_id IS NOT NULL
             ORDER BY u.name = ?3 DESC, length(u.name), u.name LIMIT ?4",
        )
        .bind(&pattern)
        .bind(&usps)
        .bind(&name)
        .bind(remaining)
        .fetch_all(&mut *conn)
        .await?;
        for (cdp, st, county) in cdps {
            if let Some(c) = by_id(&mut *conn, county).await? {
                out.push(PlaceSuggestion {
                    jurisdiction_id: c.id,
                    label: crate::i18n::text(
                        lang,
                        &Msg::new("place-suggest-unincorporated")
                            .with("place", cdp.as_str())
                            .with("usps", st.as_str())
                            .with("county", c.display_name.as_str()),
                    ),
                    value: c.label(),
                    path: c.path(),
                });
            }
        }
    }
    Ok(out)
}

/// The result of reading a typed place name.
pub enum Resolved {
    One(Box<JurisdictionRef>),
    None,
    /// Several governments share the name; the person must pick.
    Many(Vec<JurisdictionRef>),
}

/// Resolves "Oakland, CA", "Arlington County, VA" or "Jackson (township), OH" to one
/// jurisdiction. An unincorporated area's name resolves to its county.
pub async fn resolve(conn: &mut SqliteConnection, text: &str) -> Result<Resolved, sqlx::Error> {
    let (name, usps) = split_state(&mut *conn, text).await?;
    let (name, type_hint) = match name.split_once(" (") {
        // One closing bracket: a Spanish type can hold its own ("municipio (township)").
        Some((n, t)) => (n.trim().to_string(), Some(t.strip_suffix(')').unwrap_or(t).trim().to_lowercase())),
        None => (name.trim().to_string(), None),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE (j.display_name = ?1 OR j.official_name = ?1) AND (?2 IS NULL OR j.state_usps = ?2) AND j.pending = 0 ORDER BY j.id LIMIT 50"
    ))
    .bind(&name)
    .bind(&usps)
    .fetch_all(&mut *conn)
    .await?;
    let mut found: Vec<JurisdictionRef> = rows.into_iter().map(to_ref).collect();
    if let Some(t) = type_hint {
        // The type as any language names it ("township", "municipio (township)").
        found.retain(|j| crate::i18n::Lang::ALL.iter().any(|l| j.type_label_in(*l) == t) || t.starts_with("unincorporated"));
    }
    if found.is_empty() {
        let county: Option<i64> = sqlx::query_scalar(
            "SELECT county_id FROM unincorporated_places WHERE name = ?1 AND (?2 IS NULL OR state_usps = ?2) AND county_id IS NOT NULL LIMIT 2",
        )
        .bind(&name)
        .bind(&usps)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(c) = county {
            if let Some(j) = by_id(conn, c).await? {
                return Ok(Resolved::One(Box::new(j)));
            }
        }
    }
    Ok(match found.len() {
        0 => Resolved::None,
        1 => Resolved::One(Box::new(found.remove(0))),
        _ => Resolved::Many(found),
    })
}

/// Every state with the number of live deals made by it or by governments in it.
pub async fn states_with_counts(conn: &mut SqliteConnection) -> Result<Vec<(JurisdictionRef, i64)>, sqlx::Error> {
    let counts = super::tallies::state_counts(&mut *conn).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE j.kind = 'state' ORDER BY +j.display_name")).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(to_ref)
        .map(|s| {
            let n = counts.get(&s.state_usps).copied().unwrap_or(0);
            (s, n)
        })
        .collect())
}

/// For a state's map: every county (and independent city stored as a place) with its
/// county GEOID and the published deals made by it or by governments in it.
pub async fn county_deal_counts(conn: &mut SqliteConnection, usps: &str) -> Result<Vec<(String, JurisdictionRef, i64)>, sqlx::Error> {
    let usps = usps.to_ascii_uppercase();
    let counts = super::tallies::area_counts(&mut *conn, &usps).await?;
    /// A county with the FIPS code its shape on the map has.
    #[derive(sqlx::FromRow)]
    struct County {
        fips: String,
        #[sqlx(flatten)]
        row: Row,
    }
    let counties: Vec<County> = sqlx::query_as(
        "SELECT substr(j.geoidfq, 10) AS fips, j.id, j.kind, j.legal_type, j.display_name, j.official_name, j.state_usps,
            st.display_name AS state_name, j.slug, j.geoidfq, j.leaid, j.ocd_id
         FROM jurisdictions j JOIN jurisdictions st ON st.state_usps = j.state_usps AND st.kind = 'state'
         WHERE j.state_usps = ?1 AND j.kind = 'county' AND j.geoidfq LIKE '0500000US%'
         UNION ALL
         SELECT substr(a.identifier, 10), j.id, j.kind, j.legal_type, j.display_name, j.official_name, j.state_usps,
            st.display_name, j.slug, j.geoidfq, j.leaid, j.ocd_id
         FROM jurisdiction_aliases a JOIN jurisdictions j ON j.id = a.jurisdiction_id
         JOIN jurisdictions st ON st.state_usps = j.state_usps AND st.kind = 'state'
         WHERE j.state_usps = ?1 AND a.identifier LIKE '0500000US%'",
    )
    .bind(&usps)
    .fetch_all(&mut *conn)
    .await?;
    Ok(counties
        .into_iter()
        .map(|County { fips: geoid, row }| {
            let j = to_ref(row);
            let n = counts.get(&j.id).copied().unwrap_or(0);
            (geoid, j, n)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::split_state_in;

    #[test]
    fn a_state_can_follow_a_name_without_a_comma() {
        let states: Vec<(String, String)> = [("VA", "Virginia"), ("WV", "West Virginia"), ("MO", "Missouri"), ("CA", "California")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let split = |t: &str| split_state_in(t, &states);
        assert_eq!(split("fairfax va"), ("fairfax".into(), Some("VA".into())));
        assert_eq!(split("Fairfax County, Virginia"), ("Fairfax County".into(), Some("VA".into())));
        assert_eq!(split("Kansas City Missouri"), ("Kansas City".into(), Some("MO".into())));
        assert_eq!(split("Charleston West Virginia"), ("Charleston".into(), Some("WV".into())));
        assert_eq!(split("West Virginia"), ("West Virginia".into(), None));
        assert_eq!(split("Oakland"), ("Oakland".into(), None));
        assert_eq!(split("Vaca"), ("Vaca".into(), None), "a state code must be a word of its own");
    }
}
