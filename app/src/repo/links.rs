//! Links between deals.

use crate::model::urls::PlacePath;
use sqlx::SqliteConnection;

/// Link kinds: (stored code, catalogue id of how it reads from the linking deal, of how it
/// reads from the linked one; `app/locales/*/data.ftl`).
pub const KINDS: &[(&str, &str, &str)] = &[
    ("package", "link-relation-package", "link-relation-package"),
    ("amends", "link-relation-amends", "link-relation-amended-by"),
    ("renews", "link-relation-renews", "link-relation-renewed-by"),
    ("cooperative_buy", "link-relation-buys-under", "link-relation-used-by"),
];

pub use crate::model::view::LinkRow;

/// Stores a link; `Ok(false)` when the same live link exists already.
pub async fn insert(conn: &mut SqliteConnection, from: i64, to: i64, kind: &str, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO deal_links (from_deal, to_deal, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(to)
    .bind(kind)
    .bind(user)
    .bind(super::now())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes a link down (it stays on record).
pub async fn remove(conn: &mut SqliteConnection, link: i64, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE deal_links SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL")
        .bind(super::now())
        .bind(user)
        .bind(link)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

const SELECT: &str = "SELECT l.id, l.kind, (l.from_deal = ?1) AS outgoing, o.id AS other_id, o.title AS other_title,
        j.display_name AS place_name, j.state_usps AS place_state, j.slug AS place_slug, j.kind AS place_kind
    FROM deal_links l
    JOIN deals o ON o.id = CASE WHEN l.from_deal = ?1 THEN l.to_deal ELSE l.from_deal END
    JOIN jurisdictions j ON j.id = o.jurisdiction_id
    WHERE l.removed_at IS NULL AND (l.from_deal = ?1 OR l.to_deal = ?1) AND o.deleted_at IS NULL AND o.published = 1
    ORDER BY l.id";

/// A link with the deal at its other end.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    /// Whether the deal asked about is the linking one.
    outgoing: bool,
    other_id: i64,
    other_title: String,
    place_name: String,
    place_state: String,
    place_slug: String,
    place_kind: String,
}

fn to_row(r: Row) -> LinkRow {
    let k = KINDS.iter().find(|k| k.0 == r.kind).copied().unwrap_or(KINDS[0]);
    let is_state = r.place_kind == "state";
    LinkRow {
        id: r.id,
        relation: crate::t!(if r.outgoing { k.1 } else { k.2 }),
        other_id: r.other_id,
        other_title: r.other_title,
        other_place: if is_state { r.place_name.clone() } else { format!("{}, {}", r.place_name, r.place_state) },
        other_place_path: if is_state { PlacePath::state(&r.place_state) } else { PlacePath::local(&r.place_state, &r.place_slug) },
    }
}

/// The live links of a deal, from its side.
pub async fn for_deal(conn: &mut SqliteConnection, deal: i64) -> Result<Vec<LinkRow>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(SELECT).bind(deal).fetch_all(conn).await?;
    Ok(rows.into_iter().map(to_row).collect())
}

/// For a place page: each of its published deals with its links, where it has any.
pub async fn for_place(conn: &mut SqliteConnection, jurisdiction: i64) -> Result<Vec<(i64, String, Vec<LinkRow>)>, sqlx::Error> {
    let deals: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT d.id, d.title FROM deals d JOIN deal_links l ON (l.from_deal = d.id OR l.to_deal = d.id) AND l.removed_at IS NULL
         WHERE d.jurisdiction_id = ? AND d.deleted_at IS NULL AND d.published = 1 ORDER BY d.id LIMIT 100",
    )
    .bind(jurisdiction)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for (id, title) in deals {
        let links = for_deal(&mut *conn, id).await?;
        if !links.is_empty() {
            out.push((id, title, links));
        }
    }
    Ok(out)
}
