//! Exports and feeds of a browse view: every matching deal in batches by id (CSV, JSON and
//! the OCDS record read them), the newest for a feed, and a deal's approved revisions. The
//! filters are the browse view's (`browse::where_clause`), so an export holds exactly the
//! rows the view counts.

use super::browse::{args, timed, where_clause, Arg, BrowseError, PlaceScope, FROM};
use super::text::fts_query;
use crate::model::filter::DealFilter;
use sqlx::SqliteConnection;

/// Everything an export row carries.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExportRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub government: String,
    pub government_kind: String,
    pub state: String,
    pub geoidfq: Option<String>,
    pub leaid: Option<String>,
    pub page: String,
    pub entity: String,
    pub amount_cents: Option<i64>,
    pub value_basis: Option<String>,
    pub announced: Option<String>,
    pub approved: Option<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub agency: Option<String>,
    pub program: Option<String>,
    pub jobs_promised: Option<i64>,
    pub facility_name: Option<String>,
    pub facility_location: Option<String>,
    pub description: Option<String>,
    pub sources: Vec<ExportSource>,
    pub created_at: String,
    pub updated_at: String,
}

/// A source in an export.
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct ExportSource {
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub archive_url: Option<String>,
    pub note: Option<String>,
}

/// Up to `limit` export rows after `after` (created_at, id), newest first, for streaming.
pub async fn export_batch(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    after: Option<(String, i64)>,
    limit: i64,
) -> Result<Vec<ExportRow>, BrowseError> {
    let fts = f.q.as_deref().map(fts_query).transpose()?;
    let (mut cond, mut a) = where_clause(f, place, fts.as_deref(), None);
    if let Some((at, id)) = after {
        cond.push_str(" AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))");
        a.push(Arg::Text(at.clone()));
        a.push(Arg::Text(at));
        a.push(Arg::Int(id));
    }
    a.push(Arg::Int(limit));
    let sql = format!(
        "SELECT d.id, d.title, d.kind, d.status, j.display_name, j.kind AS jkind, j.state_usps, j.geoidfq, j.leaid, j.slug, e.name,
            d.amount_cents, d.value_basis, d.announced_on, d.approved_on, d.starts_on, d.ends_on, d.agency, d.program,
            d.jobs_promised, d.facility_name, d.facility_location, d.description, d.created_at, d.updated_at
         {FROM} WHERE {cond} ORDER BY d.created_at DESC, d.id DESC LIMIT ?"
    );
    let rows = timed(conn, async |c| sqlx::query_with(&sql, args(&a)).fetch_all(&mut *c).await).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        use sqlx::Row as _;
        let id: i64 = r.try_get(0)?;
        let usps: String = r.try_get(6)?;
        let jkind: String = r.try_get(5)?;
        let slug: String = r.try_get(9)?;
        let sources: Vec<ExportSource> = sqlx::query_as(
            "SELECT url, title, publisher, published_on AS published, archive_url, note FROM sources WHERE deal_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(ExportRow {
            id,
            title: r.try_get(1)?,
            kind: r.try_get(2)?,
            status: r.try_get(3)?,
            government: r.try_get(4)?,
            page: if jkind == "state" {
                format!("/places/{}", usps.to_lowercase())
            } else {
                format!("/places/{}/{slug}", usps.to_lowercase())
            },
            government_kind: jkind,
            state: usps,
            geoidfq: r.try_get(7)?,
            leaid: r.try_get(8)?,
            entity: r.try_get(10)?,
            amount_cents: r.try_get(11)?,
            value_basis: r.try_get(12)?,
            announced: r.try_get(13)?,
            approved: r.try_get(14)?,
            starts: r.try_get(15)?,
            ends: r.try_get(16)?,
            agency: r.try_get(17)?,
            program: r.try_get(18)?,
            jobs_promised: r.try_get(19)?,
            facility_name: r.try_get(20)?,
            facility_location: r.try_get(21)?,
            description: r.try_get(22)?,
            created_at: r.try_get(23)?,
            updated_at: r.try_get(24)?,
            sources,
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
    limit: i64,
) -> Result<Vec<FeedEntry>, BrowseError> {
    let fts = f.q.as_deref().map(fts_query).transpose()?;
    let (cond, mut a) = where_clause(f, place, fts.as_deref(), None);
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
    use crate::model::Snapshot;
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
    let mut out = Vec::with_capacity(revs.len());
    for (number, decided_at, snapshot) in revs {
        let Ok(snap) = Snapshot::from_stored(&snapshot) else {
            tracing::warn!(deal_id, number, "revision snapshot unreadable; left out of the record");
            continue;
        };
        #[derive(sqlx::FromRow)]
        struct Place {
            display_name: String,
            kind: String,
            state_usps: String,
            geoidfq: Option<String>,
            leaid: Option<String>,
            slug: String,
        }
        let place: Option<Place> =
            sqlx::query_as("SELECT display_name, kind, state_usps, geoidfq, leaid, slug FROM jurisdictions WHERE id = ?")
                .bind(snap.jurisdiction_id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(Place { display_name: government, kind: jkind, state_usps: usps, geoidfq, leaid, slug }) = place else { continue };
        let entity: String = sqlx::query_scalar("SELECT name FROM entities WHERE id = ?")
            .bind(snap.deal.entity_id)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_default();
        let d = snap.deal;
        let iso = |p: &Option<crate::model::PartialDate>| p.as_ref().map(|p| p.to_iso());
        out.push((
            number,
            decided_at.clone(),
            ExportRow {
                id: deal_id,
                title: d.title,
                kind: d.kind.code().to_string(),
                status: d.status.code().to_string(),
                government,
                page: if jkind == "state" {
                    format!("/places/{}", usps.to_lowercase())
                } else {
                    format!("/places/{}/{slug}", usps.to_lowercase())
                },
                government_kind: jkind,
                state: usps,
                geoidfq,
                leaid,
                entity,
                amount_cents: d.amount_cents,
                value_basis: d.value_basis.map(|b| b.code().to_string()),
                announced: iso(&d.announced),
                approved: iso(&d.approved),
                starts: iso(&d.starts),
                ends: iso(&d.ends),
                agency: d.agency,
                program: d.program,
                jobs_promised: d.jobs_promised,
                facility_name: d.facility_name,
                facility_location: d.facility_location,
                description: d.description,
                sources: d
                    .sources
                    .into_iter()
                    .map(|s| ExportSource {
                        url: s.url,
                        title: s.title,
                        publisher: s.publisher,
                        published: iso(&s.published),
                        archive_url: s.archive_url,
                        note: s.note,
                    })
                    .collect(),
                created_at: created_at.clone(),
                updated_at: decided_at,
            },
        ));
    }
    Ok(out)
}
