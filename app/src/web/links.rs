//! Links between deals: `POST /deals/{id}/links` and `/deals/{id}/links/{link}/remove`.

use super::{
    action::{self, Done, Post, Spec, Who},
    limits,
    review::deal_number,
    AppState,
};
use crate::{domain::links, error::AppError, model::msg::Msg};
use axum::{
    extract::{Path, Request, State},
    response::Response,
};

/// POST /deals/{id}/links: anyone signed in links this deal to another.
pub async fn add(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, format!("/deals/{id}")).limit(limits::Action::Edit).echo(&["other", "link_kind"]);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let other = deal_number(p.field("other")).ok_or_else(|| AppError::invalid("other", Msg::new("link-other-invalid")))?;
        let kind = p.field("link_kind");
        p.write(async |tx| {
            links::add(tx.conn(), id, other, kind, viewer).await?;
            tx.audit("link_added", &format!("deal {id}"), Some(&format!("{kind} {other}"))).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To(format!("/deals/{id}")))
    })
    .await
}

/// POST /deals/{id}/links/{link}/remove: moderators take a link down.
pub async fn remove(State(state): State<AppState>, Path((id, link)): Path<(i64, i64)>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Moderators, format!("/deals/{id}")), async |p: &Post| {
        let viewer = p.viewer()?;
        p.write(async |tx| {
            links::remove(tx.conn(), link, viewer).await?;
            tx.audit("link_removed", &format!("deal {id}"), Some(&format!("link {link}"))).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To(format!("/deals/{id}")))
    })
    .await
}
