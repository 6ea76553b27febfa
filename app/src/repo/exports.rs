//! Exports and feeds of a browse view: every matching deal in batches by id (CSV, JSON and
//! the OCDS record read them), the newest for a feed, and a deal's approved revisions. The
//! filters are the browse view's (`browse::where_clause`), so an export holds exactly the
//! rows the view counts.

use super::browse::{args, timed, where_clause, Arg, BrowseError, PlaceScope, FROM};
use crate::model::{filter::DealFilter, view::JurisdictionRef, Deal};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// A deal as the exports write it: the published deal, its government and company by name,
/// and when it was recorded and last changed.
#[derive(Clone, Debug)]
pub struct ExportRow {
    pub id: i64,
    pub deal: Deal,
    pub government: JurisdictionRef,
    pub entity: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Names looked up once per export: governments as they come, and the companies.
pub struct Names {
    places: HashMap<i64, JurisdictionRef>,
    entities: HashMap<i64, String>,
}

impl Names {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Names, sqlx::Error> {
        let entities = super::entities::list(&mut *conn).await?.into_iter().map(|e| (e.id, e.name)).collect();
        Ok(Names { places: HashMap::new(), entities })
    }

    async fn place(&mut self, conn: &mut SqliteConnection, id: i64) -> Result<Option<JurisdictionRef>, sqlx::Error> {
        if let Some(p) = self.places.get(&id) {
            return Ok(Some(p.clone()));
        }
        let found = super::jurisdictions::by_id(conn, id).await?;
        if let Some(p) = &found {
            self.places.insert(id, p.clone());
        }
        Ok(found)
    }

    fn entity(&self, id: i64) -> String {
        self.entities.get(&id).cloned().unwrap_or_default()
    }
}

/// The deals a view's text search matches, as the export and feed queries take them (a
/// JSON array of ids); None for a view without text. The one call an export or feed makes
/// to the search index.
pub fn matched(index: &crate::search::SearchIndex, f: &DealFilter) -> Result<Option<String>, BrowseError> {
    let Some(q) = f.q.as_deref() else { return Ok(None) };
    let wanted = crate::search::Wanted::parse(q).map_err(BrowseError::Query)?;
    let ids = index.ids(&wanted)?;
    Ok(Some(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())))
}

/// The query of [`export_batch`] and its arguments.
pub(super) fn batch_query(
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
    after: Option<(String, i64)>,
    limit: i64,
) -> (String, Vec<Arg>) {
    let (mut cond, mut a) = where_clause(f, place, matched, None);
    if let Some((at, id)) = after {
        cond.push_str(" AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))");
        a.push(Arg::Text(at.clone()));
        a.push(Arg::Text(at));
        a.push(Arg::Int(id));
    }
    a.push(Arg::Int(limit));
    (format!("SELECT d.* {FROM} WHERE {cond} ORDER BY d.created_at DESC, d.id DESC LIMIT ?"), a)
}

/// Up to `limit` export rows after `after` (created_at, id), newest first, for streaming;
/// a text search's matches come as `matched` (see [`matched`]).
pub async fn export_batch(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
    after: Option<(String, i64)>,
    limit: i64,
) -> Result<Vec<ExportRow>, BrowseError> {
    let (sql, a) = batch_query(f, place, matched, after, limit);
    let rows = timed(conn, async |c| sqlx::query_with(&sql, args(&a)).fetch_all(&mut *c).await).await?;
    // The batch's sources and governments in one query each, not one per deal.
    use sqlx::Row as _;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    let places: Vec<i64> = rows.iter().map(|r| r.try_get("jurisdiction_id")).collect::<Result<_, _>>()?;
    let mut sources = super::deals::sources_of_many(&mut *conn, &ids).await?;
    let places = super::jurisdictions::by_ids(&mut *conn, &places).await?;
    let names = Names::load(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let deal = super::deals::deal_from_row(&r, sources.remove(&id).unwrap_or_default())?;
        let Some(government) = places.get(&deal.jurisdiction_id).cloned() else { continue };
        out.push(ExportRow {
            id,
            entity: names.entity(deal.entity_id),
            deal,
            government,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

/// An approved change for a feed.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedEntry {
    pub revision_id: i64,
    pub deal_id: i64,
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub decided_at: String,
    pub place: String,
    pub amount_cents: Option<i64>,
    pub author: Option<String>,
}

/// The latest approved revisions (new deals and changes) of live deals in the view.
pub async fn feed(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
    limit: i64,
) -> Result<Vec<FeedEntry>, BrowseError> {
    let (cond, mut a) = where_clause(f, place, matched, None);
    a.push(Arg::Int(limit));
    let sql = format!(
        "SELECT r.id AS revision_id, d.id AS deal_id, r.number, d.title, r.summary, rd.decided_at,
            j.display_name || ', ' || j.state_usps AS place, d.amount_cents, u.handle AS author
         FROM revision_decisions rd JOIN revisions r ON r.id = rd.revision_id
         JOIN deals d ON d.id = r.deal_id JOIN jurisdictions j ON j.id = d.jurisdiction_id JOIN entities e ON e.id = d.entity_id
         LEFT JOIN users u ON u.id = r.author_id AND u.deleted_at IS NULL
         WHERE rd.decision = 'approved' AND {cond} ORDER BY rd.decided_at DESC, rd.revision_id DESC LIMIT ?"
    );
    timed(conn, async |c| sqlx::query_as_with(&sql, args(&a)).fetch_all(&mut *c).await).await
}

/// A published deal's approved revisions, oldest first, each as the deal then stood:
/// (revision number, when it was approved, the row). Empty when the deal isn't public.
pub async fn revision_rows(conn: &mut SqliteConnection, deal_id: i64) -> Result<Vec<(i64, String, ExportRow)>, sqlx::Error> {
    let live: Option<(String, String)> =
        sqlx::query_as("SELECT created_at, updated_at FROM deals WHERE id = ? AND published = 1 AND deleted_at IS NULL")
            .bind(deal_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((created_at, _)) = live else { return Ok(Vec::new()) };
    let revs: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT r.number, rd.decided_at, r.snapshot FROM revisions r JOIN revision_decisions rd ON rd.revision_id = r.id
         WHERE r.deal_id = ? AND rd.decision = 'approved' ORDER BY r.number",
    )
    .bind(deal_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut names = Names::load(&mut *conn).await?;
    let mut out = Vec::with_capacity(revs.len());
    for (number, decided_at, snapshot) in revs {
        let Ok(deal) = Deal::from_stored(&snapshot) else {
            tracing::warn!(deal_id, number, "revision snapshot unreadable; left out of the record");
            continue;
        };
        let Some(government) = names.place(&mut *conn, deal.jurisdiction_id).await? else { continue };
        let row = ExportRow {
            id: deal_id,
            entity: names.entity(deal.entity_id),
            deal,
            government,
            created_at: created_at.clone(),
            updated_at: decided_at.clone(),
        };
        out.push((number, decided_at, row));
    }
    Ok(out)
}

/// Which of the deals with ids in `ranges` (first, last) are in the view: how the mail
/// dispatcher tells which followers a change concerns. The view's filters are the feed's,
/// so a follower hears of exactly what the view's feed shows.
pub async fn among(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
    ranges: &[(i64, i64)],
) -> Result<Vec<i64>, BrowseError> {
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let (mut cond, mut a) = where_clause(f, place, matched, None);
    cond.push_str(&format!(" AND ({})", vec!["d.id BETWEEN ? AND ?"; ranges.len()].join(" OR ")));
    for (first, last) in ranges {
        a.push(Arg::Int(*first));
        a.push(Arg::Int(*last));
    }
    let sql = format!("SELECT d.id {FROM} WHERE {cond} ORDER BY d.id");
    timed(conn, async |c| sqlx::query_scalar_with(&sql, args(&a)).fetch_all(&mut *c).await).await
}
