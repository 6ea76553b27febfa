//! Governments' "how to take part" profiles: every version proposed, with its decision
//! (`profile_versions`). The one shown is a government's most recently approved version.

use crate::model::profile::{Profile, ProfileVersion};
use sqlx::SqliteConnection;

/// Records a version; approved at once when `approved_by` (a moderator) is given. Returns its id.
pub async fn insert(
    conn: &mut SqliteConnection,
    jurisdiction: i64,
    p: &Profile,
    author: i64,
    approved_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let content = serde_json::to_string(p).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let now = super::now();
    sqlx::query_scalar(
        "INSERT INTO profile_versions (jurisdiction_id, author_id, created_at, content, state, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(jurisdiction)
    .bind(author)
    .bind(&now)
    .bind(content)
    .bind(if approved_by.is_some() { "approved" } else { "pending" })
    .bind(approved_by)
    .bind(approved_by.map(|_| now.clone()))
    .fetch_one(conn)
    .await
}

/// Decides a pending version: approved (reason `None`) or rejected. Returns its government,
/// or None when there is no such pending version.
pub async fn decide(conn: &mut SqliteConnection, id: i64, moderator: i64, rejection: Option<&str>) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE profile_versions SET state = ?, decided_by = ?, decided_at = ?, reason = ?
         WHERE id = ? AND state = 'pending' RETURNING jurisdiction_id",
    )
    .bind(if rejection.is_some() { "rejected" } else { "approved" })
    .bind(moderator)
    .bind(super::now())
    .bind(rejection)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The profile a government's page shows, if any version was approved.
pub async fn current(conn: &mut SqliteConnection, jurisdiction: i64) -> Result<Option<Profile>, sqlx::Error> {
    let content: Option<String> = sqlx::query_scalar(
        "SELECT content FROM profile_versions WHERE jurisdiction_id = ? AND state = 'approved' ORDER BY decided_at DESC, id DESC LIMIT 1",
    )
    .bind(jurisdiction)
    .fetch_optional(conn)
    .await?;
    Ok(content.and_then(|c| serde_json::from_str(&c).ok()))
}

/// What [`versions`] and [`pending`] select.
const VERSION: &str = "SELECT v.id, v.jurisdiction_id, j.display_name, j.state_usps, j.slug, j.kind, v.content,
        CASE WHEN u.deleted_at IS NULL THEN u.handle END AS by, v.created_at, v.state, v.reason
    FROM profile_versions v JOIN jurisdictions j ON j.id = v.jurisdiction_id LEFT JOIN users u ON u.id = v.author_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    jurisdiction_id: i64,
    display_name: String,
    state_usps: String,
    slug: String,
    kind: String,
    content: String,
    by: Option<String>,
    created_at: String,
    state: String,
    reason: Option<String>,
}

impl Row {
    fn into_version(self) -> ProfileVersion {
        use crate::model::urls::PlacePath;
        let (path, place) = if self.kind == "state" {
            (PlacePath::state(&self.state_usps), self.display_name)
        } else {
            (PlacePath::local(&self.state_usps, &self.slug), format!("{}, {}", self.display_name, self.state_usps))
        };
        ProfileVersion {
            id: self.id,
            jurisdiction_id: self.jurisdiction_id,
            place,
            place_url: path.url(crate::i18n::lang()),
            profile: serde_json::from_str(&self.content).unwrap_or_default(),
            by: self.by,
            created_at: self.created_at,
            state: self.state,
            reason: self.reason,
        }
    }
}

/// A government's versions, newest first: approved and rejected ones for everyone, pending
/// ones for moderators and for their author (`viewer`).
pub async fn versions(
    conn: &mut SqliteConnection,
    jurisdiction: i64,
    viewer: Option<(i64, bool)>,
) -> Result<Vec<ProfileVersion>, sqlx::Error> {
    let (me, moderator) = viewer.unwrap_or((0, false));
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{VERSION} WHERE v.jurisdiction_id = ? AND (v.state != 'pending' OR ? OR v.author_id = ?) ORDER BY v.id DESC LIMIT 50"
    ))
    .bind(jurisdiction)
    .bind(moderator)
    .bind(me)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Row::into_version).collect())
}

/// Versions waiting for a moderator, oldest first.
pub async fn pending(conn: &mut SqliteConnection) -> Result<Vec<ProfileVersion>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{VERSION} WHERE v.state = 'pending' ORDER BY v.id LIMIT 200")).fetch_all(conn).await?;
    Ok(rows.into_iter().map(Row::into_version).collect())
}
