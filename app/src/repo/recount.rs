//! The aggregates counted from the deals themselves, every time: the reference the kept
//! counts (`repo::tallies`) are compared with, by the tests and `tracker aggregates check`.
//! Each of these reads every public deal of its set; pages never call them.

use super::sets::DealSet;
use crate::model::{
    view::{BasisTotal, GroupTotal, KindTotal, Totals, YearCount},
    DealKind, ValueBasis,
};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Disclosed sums by kind and by value basis, the undisclosed count, the breakdowns by status and
/// company, the deals by year and kind, the governments with a deal, and the latest change.
pub async fn totals(conn: &mut SqliteConnection, scope: &DealSet) -> Result<Totals, sqlx::Error> {
    let rows: Vec<(String, Option<String>, i64, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT d.kind, d.value_basis, count(*), sum(d.amount_cents)
         FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {}
         GROUP BY d.kind, d.value_basis",
        scope.clause()
    ))
    .bind(scope.bind_value())
    .fetch_all(&mut *conn)
    .await?;
    let mut t = Totals::default();
    let mut kinds: Vec<KindTotal> = Vec::new();
    for (kind, basis, count, sum) in rows {
        let kind = DealKind::from_code(&kind).unwrap_or(DealKind::Other);
        let basis = basis.and_then(|b| ValueBasis::from_code(&b));
        t.deals += count;
        let at = match kinds.iter().position(|k| k.kind == kind) {
            Some(i) => i,
            None => {
                kinds.push(KindTotal { kind, by_basis: Vec::new(), undisclosed: 0 });
                kinds.len() - 1
            }
        };
        let kt = &mut kinds[at];
        match basis {
            None => {
                t.undisclosed += count;
                kt.undisclosed += count;
            }
            Some(b) => {
                let cents = sum.unwrap_or(0);
                kt.by_basis.push(BasisTotal { basis: Some(b), cents, deals: count });
                match t.by_basis.iter_mut().find(|x| x.basis == Some(b)) {
                    Some(x) => {
                        x.cents += cents;
                        x.deals += count;
                    }
                    None => t.by_basis.push(BasisTotal { basis: Some(b), cents, deals: count }),
                }
            }
        }
    }
    t.by_basis.sort_by_key(|b| b.basis);
    kinds.sort_by_key(|k| k.kind);
    for k in &mut kinds {
        k.by_basis.sort_by_key(|b| b.basis);
    }
    t.by_kind = kinds;
    t.by_status = grouped(conn, scope, "d.status").await?;
    t.by_entity = grouped(conn, scope, "e.name").await?;
    let years: Vec<(String, String, i64)> = sqlx::query_as(&format!(
        "SELECT substr(coalesce(d.approved_on, d.announced_on, d.starts_on), 1, 4) AS y, d.kind, count(*)
         FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {} AND y IS NOT NULL
         GROUP BY y, d.kind ORDER BY y",
        scope.clause()
    ))
    .bind(scope.bind_value())
    .fetch_all(&mut *conn)
    .await?;
    t.by_year = years
        .into_iter()
        .filter_map(|(y, kind, deals)| {
            Some(YearCount { year: y.parse().ok()?, kind: DealKind::from_code(&kind).unwrap_or(DealKind::Other), deals })
        })
        .collect();
    t.by_year.sort_by_key(|y| (y.year, y.kind));
    t.last_updated = sqlx::query_scalar::<_, Option<String>>(&format!(
        "SELECT substr(max(d.updated_at), 1, 10) FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {}",
        scope.clause()
    ))
    .bind(scope.bind_value())
    .fetch_one(&mut *conn)
    .await?;
    t.governments = governments(&mut *conn, scope).await?;
    Ok(t)
}

/// Deals in the scope grouped by one column (`d.status` or `e.name`), most deals first.
async fn grouped(conn: &mut SqliteConnection, scope: &DealSet, column: &'static str) -> Result<Vec<GroupTotal>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, i64, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT {column}, d.value_basis, count(*), sum(d.amount_cents)
         FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id JOIN entities e ON e.id = d.entity_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {}
         GROUP BY 1, 2",
        scope.clause()
    ))
    .bind(scope.bind_value())
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<GroupTotal> = Vec::new();
    for (label, basis, count, sum) in rows {
        let at = match out.iter().position(|g| g.label == label) {
            Some(i) => i,
            None => {
                out.push(GroupTotal { label, deals: 0, undisclosed: 0, by_basis: Vec::new() });
                out.len() - 1
            }
        };
        let g = &mut out[at];
        g.deals += count;
        match basis.and_then(|b| ValueBasis::from_code(&b)) {
            None => g.undisclosed += count,
            Some(b) => g.by_basis.push(BasisTotal { basis: Some(b), cents: sum.unwrap_or(0), deals: count }),
        }
    }
    for g in &mut out {
        g.by_basis.sort_by_key(|b| b.basis);
    }
    out.sort_by(|a, b| b.deals.cmp(&a.deals).then_with(|| a.label.cmp(&b.label)));
    Ok(out)
}

/// How many distinct governments have at least one deal in a scope.
pub async fn governments(conn: &mut SqliteConnection, scope: &DealSet) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT count(DISTINCT d.jurisdiction_id) FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {}",
        scope.clause()
    ))
    .bind(scope.bind_value())
    .fetch_one(conn)
    .await
}

/// Public deals by state code: the state's own and its governments'.
pub async fn state_counts(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT j.state_usps, count(*) FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE d.deleted_at IS NULL AND d.published = 1 GROUP BY j.state_usps",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// For a state's map: public deals by county or by government directly under the state (an
/// independent city), each with the governments under it.
pub async fn area_counts(conn: &mut SqliteConnection, usps: &str) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT x.area, count(*) FROM (
            SELECT CASE WHEN j.kind = 'county' OR j.parent_id IS NULL OR par.kind = 'state' THEN j.id ELSE j.parent_id END AS area
            FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id LEFT JOIN jurisdictions par ON par.id = j.parent_id
            WHERE d.deleted_at IS NULL AND d.published = 1 AND j.state_usps = ?1 AND j.kind != 'state') x
         JOIN jurisdictions a ON a.id = x.area LEFT JOIN jurisdictions ap ON ap.id = a.parent_id
         WHERE a.kind = 'county' OR a.parent_id IS NULL OR ap.kind = 'state'
         GROUP BY x.area",
    )
    .bind(usps.to_ascii_uppercase())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// A view of `/deals` with no filter but its place: its facet counts (kind, status, company,
/// state, year), most first.
pub async fn facet_counts(
    conn: &mut SqliteConnection,
    place: Option<&super::browse::PlaceScope>,
) -> Result<Vec<Vec<(String, i64)>>, super::browse::BrowseError> {
    super::facet_counts::counts_by_facet(conn, &Default::default(), place, None).await
}
