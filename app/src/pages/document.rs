//! `/documents/{sha256}`: a kept source document (what it is, who cites it, its text, its
//! fingerprint), and `/deals/{id}/sources/{source}/document`: attaching one to a source.

use super::common::{error_view, server_data, tr, FieldErrorMsg};
use crate::api::{get_attach, get_document};
use crate::i18n::href;
use crate::islands::documents::{CheckCopy, CheckWords, UploadForm, UploadWords};
use crate::model::document::{attach_path, download_name, format_size, DocumentView};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The document's page.
#[component]
pub fn DocumentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.read().get("sha").unwrap_or_default(), query.read().get("text").as_deref() == Some("all"));
    let data = server_data(key, |(sha, all)| get_document(sha, all));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DocumentBody d/> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

/// What the text part says when there is no text to show.
fn text_note(d: &DocumentView) -> Option<String> {
    match d.text_status.as_str() {
        "waiting" => Some(crate::t!("document-text-waiting")),
        "none" => Some(crate::t!("document-text-none")),
        "failed" => Some(crate::t!("document-text-failed")),
        _ => None,
    }
}

#[component]
fn DocumentBody(d: DocumentView) -> impl IntoView {
    let name = d.title.clone().unwrap_or_else(|| d.file_name.clone());
    let kind = crate::t!(d.media_type.msg_id());
    let sha = d.sha256.clone();
    let sum_line = format!("{}  {}", d.sha256, download_name(&d.file_name, d.media_type));
    let words = CheckWords {
        label: crate::t!("document-check-label"),
        hint: crate::t!("document-check-hint"),
        checking: crate::t!("document-check-checking"),
        same: crate::t!("document-check-same"),
        different: crate::t!("document-check-different"),
        unavailable: crate::t!("document-check-unavailable"),
    };
    let pages = d.pages.map(|p| p.to_string());
    let uploaded = crate::model::dates::long_date(&d.uploaded_at);
    let by = d.uploaded_by.clone().unwrap_or_else(|| crate::t!("deal-page-deleted-user"));
    let inline = d.media_type.inline();
    let all_link = href(&format!("/documents/{}?text=all#text", d.sha256));
    view! {
        <Title text=crate::t!("document-page-title", name = &name)/>
        <h1>{name.clone()}</h1>
        {(!d.public).then(|| view! { <p class="notice" role="status">{crate::t!("document-private")}</p> })}
        <dl class="facts">
            {d.publisher.clone().map(|p| view! { <div class="row"><dt>{crate::t!("document-row-publisher")}</dt><dd>{p}</dd></div> })}
            <div class="row"><dt>{crate::t!("document-row-type")}</dt><dd>{kind}</dd></div>
            <div class="row"><dt>{crate::t!("document-row-size")}</dt><dd>{format_size(d.size)}</dd></div>
            {pages.map(|p| view! { <div class="row"><dt>{crate::t!("document-row-pages")}</dt><dd>{p}</dd></div> })}
            <div class="row"><dt>{crate::t!("document-row-uploaded")}</dt><dd>{crate::t!("document-uploaded-by", date = &uploaded, who = &by)}</dd></div>
            <div class="row"><dt>{crate::t!("document-row-sha256")}</dt><dd><code class="hash">{sha.clone()}</code></dd></div>
        </dl>
        <p class="actions">
            <a class="button" href=format!("/documents/{sha}/file")>{crate::t!("document-download")}</a>
            {inline.then(|| view! { " " <a href=format!("/documents/{sha}/view")>{crate::t!("document-open")}</a> })}
        </p>
        <h2 id="citing">{crate::t!("document-cited-by")}</h2>
        <ul class="citing">
            {d.citing.iter().map(|c| {
                let state = if c.withdrawn {
                    Some(crate::t!("document-citing-withdrawn"))
                } else if !c.published {
                    Some(crate::t!("document-citing-pending"))
                } else {
                    None
                };
                view! { <li><a href=href(&format!("/deals/{}", c.id))>{c.title.clone()}</a>{state.map(|s| format!(" ({s})"))}</li> }
            }).collect_view()}
        </ul>
        <h2 id="check">{crate::t!("document-check-heading")}</h2>
        <p>{crate::t!("document-check-intro")}</p>
        <pre class="sum"><code>{sum_line}</code></pre>
        <CheckCopy expected=sha.clone() words/>
        <h2 id="text">{crate::t!("document-text-heading")}</h2>
        {text_note(&d).map(|n| view! { <p class="sub">{n}</p> })}
        {d.text.iter().map(|(page, text)| view! {
            <section class="doc-page" id=format!("page-{page}") aria-label=crate::t!("document-page-n", page = page.to_string())>
                <h3>{crate::t!("document-page-n", page = page.to_string())}</h3>
                <p class="doc-text">{text.clone()}</p>
            </section>
        }).collect_view()}
        {d.more_text.then(|| view! { <p><a href=all_link>{crate::t!("document-show-all", shown = crate::model::document::PAGES_SHOWN.to_string())}</a></p> })}
    }
}

/// The form that attaches a document to a source.
#[component]
pub fn AttachDocumentPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), p.get("source").unwrap_or_default())
    };
    let data = server_data(key, |(id, source)| get_attach(id, source));
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let moderator = crate::api::current_viewer().is_some_and(|v| v.is_moderator());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(a) => {
                            let action = href(&attach_path(a.deal_id, &a.source_id));
                            let errors = echo.errors.clone();
                            let invalid = errors.contains_key("file").then_some("true");
                            view! {
                                <Title text=crate::t!("attach-page-title")/>
                                <h1>{crate::t!("attach-heading")}</h1>
                                <p>{crate::t!("attach-intro", source = &a.source_label)}" "
                                   <a href=href(&format!("/deals/{}", a.deal_id))>{a.deal_title.clone()}</a></p>
                                {a.current.clone().map(|c| view! {
                                    <p class="notice">{crate::t!("attach-has-document")}" "
                                        <a href=href(&format!("/documents/{c}"))>{crate::t!("attach-see-document")}</a></p>
                                })}
                                {echo.summary.as_ref().map(tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
                                <UploadForm action words=UploadWords {
                                    uploading: crate::t!("attach-uploading"),
                                    failed: crate::t!("document-upload-unreadable"),
                                }>
                                    <div class="field">
                                        <label for="file">{crate::t!("attach-file-label")}</label>
                                        <input id="file" name="file" type="file" required
                                            accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.html,.htm,.txt,application/pdf,image/png,image/jpeg,image/tiff,text/html,text/plain"
                                            aria-invalid=invalid aria-describedby="file-hint err-file"/>
                                        <p class="hint" id="file-hint">{crate::t!("attach-file-hint", mb = a.max_mb.to_string())}</p>
                                        <FieldErrorMsg name="file".to_string() errors=errors.clone()/>
                                    </div>
                                    <p class="sub">{if moderator { crate::t!("attach-review-note-moderator") } else { crate::t!("attach-review-note") }}</p>
                                    <button type="submit" class="primary">{crate::t!("attach-submit")}</button>
                                </UploadForm>
                            }
                            .into_any()
                        }
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}
