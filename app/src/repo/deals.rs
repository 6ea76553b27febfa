//! Deals and their sources: writing them and reading one.

use crate::model::Deal;
use crate::model::{
    view::{DealView, EntityView},
    DealKind, DealStatus, PartialDate, ReviewState, Source, ValueBasis,
};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

pub(super) fn date(s: Option<String>) -> Option<PartialDate> {
    s.and_then(|s| PartialDate::parse(&s).ok())
}

fn iso(d: &Option<PartialDate>) -> Option<String> {
    d.as_ref().map(PartialDate::to_iso)
}

/// Inserts a deal row and its sources. `published` is false for a contributor's new deal,
/// which waits for a moderator.
pub async fn insert_row(conn: &mut SqliteConnection, snap: &Deal, author_id: i64, published: bool) -> Result<i64, sqlx::Error> {
    let review_state = if published { ReviewState::Approved } else { ReviewState::Unreviewed };
    let now = super::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO deals (title, kind, jurisdiction_id, entity_id, amount_disclosed, status, review_state, published,
            created_by, created_at, updated_at)
         VALUES (?, 'other', ?, ?, 0, 'proposed', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&snap.title)
    .bind(snap.jurisdiction_id)
    .bind(snap.entity_id)
    .bind(review_state.code())
    .bind(published)
    .bind(author_id)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    apply(conn, id, snap).await?;
    Ok(id)
}

/// The deal columns a snapshot decides, in the order `bind_draft` binds them.
const DRAFT_COLUMNS: &str = "title, kind, jurisdiction_id, agency, program, entity_id, amount_cents, amount_disclosed, value_basis, \
    announced_on, approved_on, starts_on, ends_on, status, jobs_promised, facility_name, facility_location, description";

/// Binds the values of `DRAFT_COLUMNS` from a snapshot.
fn bind_draft(row: &mut sqlx::query_builder::Separated<'_, '_, sqlx::Sqlite, &'static str>, snap: &Deal) {
    let d = snap;
    row.push_bind(d.title.clone())
        .push_bind(d.kind.code())
        .push_bind(snap.jurisdiction_id)
        .push_bind(d.agency.clone())
        .push_bind(d.program.clone())
        .push_bind(d.entity_id)
        .push_bind(d.amount_cents)
        .push_bind(d.amount_cents.is_some())
        .push_bind(d.value_basis.map(ValueBasis::code))
        .push_bind(iso(&d.announced))
        .push_bind(iso(&d.approved))
        .push_bind(iso(&d.starts))
        .push_bind(iso(&d.ends))
        .push_bind(d.status.code())
        .push_bind(d.jobs_promised)
        .push_bind(d.facility_name.clone())
        .push_bind(d.facility_location.clone())
        .push_bind(d.description.clone());
}

/// Makes the deal row, its sources and its events show `snap`. The sources and events rows
/// are materialised views of the shown revision; the revisions keep every version.
pub async fn apply(conn: &mut SqliteConnection, id: i64, snap: &Deal) -> Result<(), sqlx::Error> {
    let draft = snap;
    let mut b = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!("UPDATE deals SET ({DRAFT_COLUMNS}, updated_at, state_usps) = ("));
    let mut row = b.separated(", ");
    bind_draft(&mut row, snap);
    row.push_bind(super::now())
        .push("(SELECT state_usps FROM jurisdictions WHERE id = ")
        .push_bind_unseparated(snap.jurisdiction_id)
        .push_unseparated(")");
    b.push(") WHERE id = ").push_bind(id);
    b.build().execute(&mut *conn).await?;
    sqlx::query("DELETE FROM sources WHERE deal_id = ?").bind(id).execute(&mut *conn).await?;
    for (pos, s) in draft.sources.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sources (deal_id, position, stable_id, url, title, publisher, published_on, archive_url, note, document)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(pos as i64)
        .bind(&s.id)
        .bind(&s.url)
        .bind(&s.title)
        .bind(&s.publisher)
        .bind(iso(&s.published))
        .bind(&s.archive_url)
        .bind(&s.note)
        .bind(&s.document)
        .execute(&mut *conn)
        .await?;
    }
    super::events::project(&mut *conn, id, snap).await?;
    Ok(())
}

/// Makes revision `number` (with content `snap`) the one the public sees.
pub async fn publish(conn: &mut SqliteConnection, id: i64, number: i64, snap: &Deal) -> Result<(), sqlx::Error> {
    apply(&mut *conn, id, snap).await?;
    sqlx::query("UPDATE deals SET published = 1, published_revision = ?, review_state = ? WHERE id = ?")
        .bind(number)
        .bind(ReviewState::Approved.code())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records which revision a deal published at its creation shows.
pub async fn set_published(conn: &mut SqliteConnection, id: i64, number: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET published_revision = ? WHERE id = ?").bind(number).bind(id).execute(conn).await?;
    Ok(())
}

/// A deal's title as its row holds it (the public version, or a pending deal's newest).
pub async fn title(conn: &mut SqliteConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT title FROM deals WHERE id = ?").bind(id).fetch_optional(conn).await
}

/// Whether a deal is published and not withdrawn.
pub async fn is_public(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM deals WHERE id = ? AND deleted_at IS NULL AND published = 1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Whether a deal exists and is not withdrawn.
pub async fn is_live(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM deals WHERE id = ? AND deleted_at IS NULL").bind(id).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// Withdraws a deal (soft deletion), with the reason and the deal it duplicates.
pub async fn withdraw(conn: &mut SqliteConnection, id: i64, reason: &str, duplicate_of: Option<i64>) -> Result<(), sqlx::Error> {
    // `updated_at` too: readers that follow changes by it (the facet counts) see the withdrawal.
    sqlx::query("UPDATE deals SET deleted_at = ?1, updated_at = ?1, withdrawn_reason = ?2, duplicate_of = ?3 WHERE id = ?4")
        .bind(super::now())
        .bind(reason)
        .bind(duplicate_of)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A source as stored, with the columns of [`Source`].
#[derive(sqlx::FromRow)]
struct SourceRow {
    stable_id: String,
    url: Option<String>,
    title: Option<String>,
    publisher: Option<String>,
    published_on: Option<String>,
    archive_url: Option<String>,
    note: Option<String>,
    document: Option<String>,
}

impl SourceRow {
    fn into_source(self) -> Source {
        Source {
            id: self.stable_id,
            url: self.url,
            title: self.title,
            publisher: self.publisher,
            published: date(self.published_on),
            archive_url: self.archive_url,
            note: self.note,
            document: self.document,
        }
    }
}

/// The sources of many deals in one query (an export's batch), each deal's in order.
pub async fn sources_of_many(conn: &mut SqliteConnection, deal_ids: &[i64]) -> Result<HashMap<i64, Vec<Source>>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        deal_id: i64,
        #[sqlx(flatten)]
        source: SourceRow,
    }
    let ids = serde_json::to_string(deal_ids).unwrap_or_else(|_| "[]".into());
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT deal_id, stable_id, url, title, publisher, published_on, archive_url, note, document FROM sources
         WHERE deal_id IN (SELECT value FROM json_each(?)) ORDER BY deal_id, position",
    )
    .bind(ids)
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<i64, Vec<Source>> = HashMap::new();
    for r in rows {
        out.entry(r.deal_id).or_default().push(r.source.into_source());
    }
    Ok(out)
}

/// A deal's sources as shown, in order.
pub async fn sources_of(conn: &mut SqliteConnection, deal_id: i64) -> Result<Vec<Source>, sqlx::Error> {
    let rows: Vec<SourceRow> = sqlx::query_as(
        "SELECT stable_id, url, title, publisher, published_on, archive_url, note, document FROM sources WHERE deal_id = ? ORDER BY position",
    )
    .bind(deal_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(SourceRow::into_source).collect())
}

/// A deal's fields from a row of `deals` (any query that selects its columns by name).
pub(crate) fn deal_from_row(r: &sqlx::sqlite::SqliteRow, sources: Vec<Source>) -> Result<Deal, sqlx::Error> {
    let code = |col: &str| -> Result<String, sqlx::Error> { r.try_get::<String, _>(col) };
    Ok(Deal {
        title: r.try_get("title")?,
        kind: DealKind::from_code(&code("kind")?).unwrap_or(DealKind::Other),
        jurisdiction_id: r.try_get("jurisdiction_id")?,
        agency: r.try_get("agency")?,
        program: r.try_get("program")?,
        entity_id: r.try_get("entity_id")?,
        amount_cents: r.try_get("amount_cents")?,
        value_basis: r.try_get::<Option<String>, _>("value_basis")?.and_then(|b| ValueBasis::from_code(&b)),
        announced: date(r.try_get("announced_on")?),
        approved: date(r.try_get("approved_on")?),
        starts: date(r.try_get("starts_on")?),
        ends: date(r.try_get("ends_on")?),
        status: DealStatus::from_code(&code("status")?).unwrap_or(DealStatus::Proposed),
        jobs_promised: r.try_get("jobs_promised")?,
        facility_name: r.try_get("facility_name")?,
        facility_location: r.try_get("facility_location")?,
        description: r.try_get("description")?,
        sources,
        // Read by the deal's page (`get`); lists and exports don't show them.
        events: Vec::new(),
    })
}

/// A deal's page, or `None` if it doesn't exist or was withdrawn.
pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<DealView>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT d.*, e.name AS entity_name, p.name AS entity_parent, u.handle AS author,
            (SELECT count(*) FROM revisions WHERE deal_id = d.id) AS revision_count
         FROM deals d JOIN entities e ON e.id = d.entity_id LEFT JOIN entities p ON p.id = e.parent_id
         LEFT JOIN users u ON u.id = d.created_by AND u.deleted_at IS NULL
         WHERE d.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let Some(jurisdiction) = super::jurisdictions::by_id(&mut *conn, r.try_get("jurisdiction_id")?).await? else {
        return Ok(None);
    };
    let sources = sources_of(&mut *conn, id).await?;
    let code = |col: &str| -> Result<String, sqlx::Error> { r.try_get::<String, _>(col) };
    let duplicate_of: Option<i64> = r.try_get("duplicate_of")?;
    let duplicate_title = match duplicate_of {
        Some(other) => sqlx::query_scalar("SELECT title FROM deals WHERE id = ?").bind(other).fetch_optional(&mut *conn).await?,
        None => None,
    };
    let review = if r.try_get::<i64, _>("published")? == 0 {
        let latest: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT d.decision, d.reason FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
             WHERE r.deal_id = ? ORDER BY r.number DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        latest.map(|(decision, reason)| (super::revisions::state_of(decision.as_deref()), reason))
    } else {
        None
    };
    Ok(Some(DealView {
        id,
        deal: Deal { events: super::events::of_deal(&mut *conn, id).await?, ..deal_from_row(&r, sources)? },
        jurisdiction,
        entity: EntityView { id: r.try_get("entity_id")?, name: r.try_get("entity_name")?, parent_name: r.try_get("entity_parent")? },
        review_state: ReviewState::from_code(&code("review_state")?).unwrap_or(ReviewState::Unreviewed),
        revision_count: r.try_get("revision_count")?,
        created_by: r.try_get("author")?,
        created_by_id: r.try_get("created_by")?,
        published: r.try_get::<i64, _>("published")? == 1,
        published_revision: r.try_get("published_revision")?,
        withdrawn_reason: r
            .try_get::<Option<String>, _>("deleted_at")?
            .map(|_| r.try_get::<Option<String>, _>("withdrawn_reason").ok().flatten().unwrap_or_default()),
        duplicate_of,
        links: super::links::for_deal(&mut *conn, id).await?,
        review,
        my_pending: None,
        resolved_reports: super::flags::resolved_for_deal(&mut *conn, id).await?,
        duplicate_title,
        documents: Vec::new(),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    }))
}

/// One deal for `new_deals`.
pub struct NewDeal<'a> {
    pub snap: &'a Deal,
    /// Its first revision's summary.
    pub summary: String,
    /// Its government's state, carried on the deal for browsing.
    pub state_usps: &'a str,
}

/// The ids the next new deal and the next new revision get. Inside a write transaction these
/// are the caller's to hand out: it holds the only write lock.
pub async fn next_ids(conn: &mut SqliteConnection) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as("SELECT (SELECT coalesce(max(id), 0) + 1 FROM deals), (SELECT coalesce(max(id), 0) + 1 FROM revisions)")
        .fetch_one(conn)
        .await
}

/// The statements that write many new deals (the importer), numbered from `first_deal` and
/// their revisions from `first_rev` (see `next_ids`): each deal with its sources, first
/// revision and, when published, the approval; the same rows `review::submit`
/// writes, in a few multi-row statements per 1,200 deals instead of ten per deal. Run them
/// inside the write transaction the ids came from. `now` is each row's creation time.
pub fn new_deals(
    items: &[NewDeal],
    (first_deal, first_rev): (i64, i64),
    author_id: i64,
    public: bool,
    now: &str,
) -> Result<super::Prepared, serde_json::Error> {
    // Rows per statement: fewer, larger statements are the cheapest way through sqlx's
    // per-statement costs, but SQLite holds a copy of every page a statement changes until
    // it ends. 600 rows import at much the speed of 1,200 (the most SQLite's 32,766 bound
    // values allow) in 50 MB less memory (bench/import.sh).
    const CHUNK: usize = 600;
    const _: () = assert!(CHUNK * 27 <= super::MAX_BINDS, "a deal row binds 27 values");
    const _: () = assert!(CHUNK * super::events::BINDS <= super::MAX_BINDS);
    let state = if public { ReviewState::Approved } else { ReviewState::Unreviewed };
    let mut statements = super::Prepared::new();
    for (c, chunk) in items.chunks(CHUNK).enumerate() {
        let full = chunk.len() == CHUNK;
        let first_deal = first_deal + (c * CHUNK) as i64;
        let first_rev = first_rev + (c * CHUNK) as i64;
        let mut b = sqlx::QueryBuilder::new(format!(
            "INSERT INTO deals (id, {DRAFT_COLUMNS}, review_state, published, published_revision, created_by, created_at, updated_at, state_usps) "
        ));
        b.push_values(chunk.iter().enumerate(), |mut row, (k, item)| {
            row.push_bind(first_deal + k as i64);
            bind_draft(&mut row, item.snap);
            row.push_bind(state.code())
                .push_bind(public)
                .push_bind(public.then_some(1i64))
                .push_bind(author_id)
                .push_bind(now.to_string())
                .push_bind(now.to_string())
                .push_bind(item.state_usps.to_string());
        });
        statements.push(b, full);
        let sources: Vec<(i64, usize, &Source)> = chunk
            .iter()
            .enumerate()
            .flat_map(|(k, item)| item.snap.sources.iter().enumerate().map(move |(pos, s)| (first_deal + k as i64, pos, s)))
            .collect();
        for part in sources.chunks(CHUNK) {
            let mut b = sqlx::QueryBuilder::new(
                "INSERT INTO sources (deal_id, position, stable_id, url, title, publisher, published_on, archive_url, note, document) ",
            );
            b.push_values(part, |mut row, (deal, pos, s)| {
                row.push_bind(*deal)
                    .push_bind(*pos as i64)
                    .push_bind(s.id.clone())
                    .push_bind(s.url.clone())
                    .push_bind(s.title.clone())
                    .push_bind(s.publisher.clone())
                    .push_bind(iso(&s.published))
                    .push_bind(s.archive_url.clone())
                    .push_bind(s.note.clone())
                    .push_bind(s.document.clone());
            });
            statements.push(b, part.len() == CHUNK);
        }
        let events: Vec<(i64, usize, super::events::EventRow, &NewDeal)> = chunk
            .iter()
            .enumerate()
            .flat_map(|(k, item)| {
                super::events::rows_of(item.snap).into_iter().enumerate().map(move |(pos, r)| (first_deal + k as i64, pos, r, item))
            })
            .collect();
        for part in events.chunks(CHUNK) {
            let mut b = sqlx::QueryBuilder::new(super::events::COLUMNS);
            b.push_values(part, |mut row, (deal, pos, r, item)| {
                super::events::push_row(&mut row, *deal, *pos, r, item.snap.jurisdiction_id, item.state_usps)
            });
            statements.push(b, part.len() == CHUNK);
        }
        let mut snapshots = Vec::with_capacity(chunk.len());
        for item in chunk {
            snapshots.push(item.snap.to_stored()?);
        }
        let mut b = sqlx::QueryBuilder::new("INSERT INTO revisions (id, deal_id, number, author_id, created_at, summary, snapshot) ");
        b.push_values(chunk.iter().zip(snapshots).enumerate(), |mut row, (k, (item, snapshot))| {
            row.push_bind(first_rev + k as i64)
                .push_bind(first_deal + k as i64)
                .push_bind(1i64)
                .push_bind(author_id)
                .push_bind(now.to_string())
                .push_bind(item.summary.clone())
                .push_bind(snapshot);
        });
        statements.push(b, full);
        if public {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO revision_decisions (revision_id, decision, moderator_id, decided_at) ");
            b.push_values(0..chunk.len(), |mut row, k| {
                row.push_bind(first_rev + k as i64).push_bind("approved").push_bind(author_id).push_bind(now.to_string());
            });
            statements.push(b, full);
        }
    }
    Ok(statements)
}
