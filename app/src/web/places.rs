//! Governments the Census files don't list: `POST /places/propose` and
//! `/review/places/{id}/{approve|reject}`.

use super::{
    action::{self, Done, Post, Spec, Who},
    limits, AppState,
};
use crate::{
    domain::places::{self, Proposed},
    error::AppError,
    repo,
};
use axum::{
    extract::{Path, Request, State},
    response::Response,
};

/// POST /places/propose
pub async fn propose(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, "/places/propose").limit(limits::Action::Submit).echo(&["name", "kind", "state", "parent", "note"]);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let proposed = Proposed {
            name: p.field("name"),
            kind: p.field("kind"),
            state: p.field("state"),
            parent: p.field("parent"),
            note: p.field("note"),
        };
        let (id, approved) = p
            .write(async |tx| {
                let (id, approved) = places::propose(tx.conn(), proposed, viewer).await?;
                tx.audit("place_proposed", &format!("jurisdiction {id}"), None).await?;
                Ok((id, approved))
            })
            .await?;
        if !approved {
            return Ok(Done::To("/places/propose?sent=1".into()));
        }
        let mut conn = p.state.pool.acquire().await.map_err(AppError::from)?;
        let url =
            repo::jurisdictions::by_id(&mut conn, id).await?.map(|j| j.url(crate::i18n::Lang::En)).unwrap_or_else(|| "/places".into());
        Ok(Done::To(url))
    })
    .await
}

/// POST /review/places/{id}/{approve|reject}
pub async fn decide(State(state): State<AppState>, Path((jid, verdict)): Path<(i64, String)>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Moderators, "/review"), async |p: &Post| {
        let viewer = p.viewer()?;
        let rejection = match verdict.as_str() {
            "approve" => None,
            "reject" => Some(p.reason("reason")?),
            _ => return Err(AppError::NotFound.into()),
        };
        p.write(async |tx| {
            places::decide(tx.conn(), jid, rejection.as_deref(), viewer).await?;
            tx.audit(&format!("place_{verdict}"), &format!("jurisdiction {jid}"), Some(p.field("reason"))).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To("/review".into()))
    })
    .await
}
