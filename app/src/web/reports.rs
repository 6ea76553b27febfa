//! Readers' reports: `POST /deals/{id}/flag` and `/review/flags/{id}/resolve`.

use super::{
    action::{self, Done, Post, Spec, Who},
    limits, AppState,
};
use crate::domain::reports;
use axum::{
    extract::{Path, Request, State},
    response::Response,
};

/// POST /deals/{id}/flag
pub async fn flag(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, format!("/deals/{id}")).limit(limits::Action::Flag).echo(&["note", "kind"]);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        p.write(async |tx| Ok(reports::file(tx.conn(), id, viewer, p.field("kind"), p.field("note")).await?)).await?;
        Ok(Done::To(format!("/deals/{id}?flagged=1")))
    })
    .await
}

/// POST /review/flags/{id}/resolve
pub async fn resolve(State(state): State<AppState>, Path(fid): Path<i64>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Moderators, "/review"), async |p: &Post| {
        let viewer = p.viewer()?;
        let why = p.reason("reason")?;
        p.write(async |tx| {
            reports::resolve(tx.conn(), fid, viewer, &why).await?;
            tx.audit("flag_resolved", &format!("flag {fid}"), Some(&why)).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To("/review".into()))
    })
    .await
}
