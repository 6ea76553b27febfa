//! A view's facet counts: how many deals each kind, status, company, state and year would
//! list, each under every filter but its own. Companies count their subsidiaries' deals.

use super::browse::*;
use crate::model::{
    filter::DealFilter,
    view::{FacetValue, Facets},
    DealKind, DealStatus,
};
use sqlx::SqliteConnection;

/// Facet counts for the view, each with all the other filters applied: `counted` when the
/// caller has them (a text search tallied by `search`), from the kept aggregates for a view
/// with no filter but its place (with its total), else from grouped queries.
pub async fn facets(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    counted: Option<Vec<Vec<(String, i64)>>>,
) -> Result<(Facets, Option<i64>), BrowseError> {
    let entities: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, parent_id FROM entities").fetch_all(&mut *conn).await?;
    let states: Vec<(String, String)> =
        sqlx::query_as("SELECT state_usps, display_name FROM jurisdictions WHERE kind = 'state'").fetch_all(&mut *conn).await?;
    let (counts, total) = match counted {
        Some(c) => (c, None),
        None if only_place(f) => {
            let (c, total) = super::tallies::facet_counts(&mut *conn, &super::tallies::browse_scopes(place)).await?;
            (c, Some(total))
        }
        // A text search's counts come from `search` (the index knows its matches).
        None if f.q.is_some() => return Err(BrowseError::Query(crate::model::msg::Msg::new("search-empty"))),
        None => (counts_by_facet(conn, f, place, None).await?, None),
    };
    let mut it = counts.into_iter();
    let mut next = || it.next().unwrap_or_default();
    let kind = next()
        .into_iter()
        .map(|(v, count)| {
            let k = DealKind::from_code(&v);
            FacetValue {
                label: k.map(|k| k.label().to_string()).unwrap_or(v.clone()),
                selected: k.is_some_and(|k| f.kinds.contains(&k)),
                value: v,
                count,
            }
        })
        .collect();
    let status = next()
        .into_iter()
        .map(|(v, count)| {
            let k = DealStatus::from_code(&v);
            FacetValue {
                label: k.map(|k| k.label().to_string()).unwrap_or(v.clone()),
                selected: k.is_some_and(|k| f.statuses.contains(&k)),
                value: v,
                count,
            }
        })
        .collect();
    let entity = family_counts(next(), &entities)
        .into_iter()
        .map(|(id, count)| {
            let label = entities.iter().find(|e| e.0 == id).map(|e| e.1.clone()).unwrap_or_default();
            FacetValue { label, selected: f.entity == Some(id), value: id.to_string(), count }
        })
        .collect();
    let state = next()
        .into_iter()
        .map(|(v, count)| {
            let label = states.iter().find(|s| s.0 == v).map(|s| s.1.clone()).unwrap_or(v.clone());
            FacetValue { label, selected: f.state.as_deref() == Some(v.as_str()), value: v, count }
        })
        .collect();
    let mut year: Vec<FacetValue> = next()
        .into_iter()
        .map(|(v, count)| {
            let selected = f.from.map(|d| d.to_iso()) == Some(v.clone()) && f.to.map(|d| d.to_iso()) == Some(v.clone());
            FacetValue { label: v.clone(), selected, value: v, count }
        })
        .collect();
    year.sort_by(|a, b| b.value.cmp(&a.value));
    Ok((Facets { kind, status, entity, state, year }, total))
}

/// Whether a view filters by nothing but its place (its counts are kept by the writes).
pub fn only_place(f: &DealFilter) -> bool {
    f.q.is_none()
        && f.kinds.is_empty()
        && f.statuses.is_empty()
        && f.entity.is_none()
        && f.state.is_none()
        && f.min.is_none()
        && f.max.is_none()
        && f.from.is_none()
        && f.to.is_none()
        && f.disclosed.is_none()
}

/// Company counts as a click on each company lists them: a company's own deals and those of
/// its subsidiaries at any depth (the filter includes them), most first.
pub(super) fn family_counts(own: Vec<(String, i64)>, entities: &[(i64, String, Option<i64>)]) -> Vec<(i64, i64)> {
    let parent: std::collections::HashMap<i64, Option<i64>> = entities.iter().map(|e| (e.0, e.2)).collect();
    let mut total: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for (v, n) in own {
        let Ok(mut id) = v.parse::<i64>() else { continue };
        // Up the chain of parents; the step bound guards against a cycle in the data.
        for _ in 0..=entities.len() {
            *total.entry(id).or_default() += n;
            match parent.get(&id).copied().flatten() {
                Some(p) => id = p,
                None => break,
            }
        }
    }
    let mut out: Vec<(i64, i64)> = total.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Each facet's values and counts, one grouped query per facet (indexes make these quick
/// without a text search).
pub(super) async fn counts_by_facet(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
) -> Result<Vec<Vec<(String, i64)>>, BrowseError> {
    let year_expr = format!("substr({BEST_DATE}, 1, 4)");
    let specs: [(Facet, &str); 5] = [
        (Facet::Kind, "d.kind"),
        (Facet::Status, "d.status"),
        (Facet::Entity, "CAST(d.entity_id AS TEXT)"),
        (Facet::State, "d.state_usps"),
        (Facet::Year, year_expr.as_str()),
    ];
    let mut counts: Vec<Vec<(String, i64)>> = Vec::new();
    for (facet, expr) in specs {
        let (cond, a) = where_clause(f, place, matched, Some(facet));
        let from = from_for(place);
        let sql = format!("SELECT {expr} AS v, count(*) {from} WHERE {cond} AND {expr} IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v");
        let rows: Vec<(String, i64)> = timed(conn, async |c| sqlx::query_as_with(&sql, args(&a)).fetch_all(&mut *c).await).await?;
        counts.push(rows);
    }
    Ok(counts)
}
