//! Islands of the document pages: checking a copy one holds against a kept document (the
//! file is hashed in the browser with Web Crypto and never leaves it), and the upload's
//! progress. Without JavaScript the page shows the `sha256sum` line instead, and the upload
//! form posts as a plain multipart form.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The words of [`CheckCopy`], in the page's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckWords {
    pub label: String,
    pub hint: String,
    pub checking: String,
    pub same: String,
    pub different: String,
    /// The browser cannot hash here (no Web Crypto outside HTTPS).
    pub unavailable: String,
}

/// The SHA-256 of a chosen file, by the browser's own Web Crypto.
#[cfg(feature = "hydrate")]
async fn digest(file: web_sys::File) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let promise = subtle.digest_with_str_and_buffer_source("SHA-256", buffer.unchecked_ref()).ok()?;
    let hash = JsFuture::from(promise).await.ok()?;
    Some(js_sys::Uint8Array::new(&hash).to_vec().iter().map(|b| format!("{b:02x}")).collect())
}

/// Choose a file; the page says whether it is this document, byte for byte.
#[island]
pub fn CheckCopy(expected: String, words: CheckWords) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    // None: nothing chosen; Some(None): checking; Some(Some(answer)).
    let (result, set_result) = signal(None::<Option<Result<bool, ()>>>);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let expected = expected.clone();
            set_result.set(Some(None));
            leptos::task::spawn_local(async move {
                let answer = digest(file).await.map(|got| got == expected).ok_or(());
                set_result.set(Some(Some(answer)));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &expected, set_result);
    };
    let CheckWords { label, hint, checking, same, different, unavailable } = words;
    view! {
        <div class="field check-copy" hidden=move || !ready.get()>
            <label for="check-copy">{label}</label>
            <input id="check-copy" type="file" aria-describedby="check-copy-hint check-copy-result" on:change=on_change/>
            <p class="hint" id="check-copy-hint">{hint}</p>
            <p id="check-copy-result" role="status" aria-live="polite" class=move || match result.get() {
                Some(Some(Ok(true))) => "notice",
                Some(Some(_)) => "error",
                _ => "",
            }>
                {move || match result.get() {
                    None => String::new(),
                    Some(None) => checking.clone(),
                    Some(Some(Ok(true))) => same.clone(),
                    Some(Some(Ok(false))) => different.clone(),
                    Some(Some(Err(()))) => unavailable.clone(),
                }}
            </p>
        </div>
    }
}

/// The words of [`UploadForm`], in the page's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadWords {
    /// "Uploading", followed by the share sent.
    pub uploading: String,
    /// Said when the connection fails mid-upload.
    pub failed: String,
}

/// The attach form. Without JavaScript it posts as a plain multipart form; with it, the
/// same post goes by XMLHttpRequest so the page can show how much has been sent, then
/// follows the answer: the deal page on success, or the form's own error in place.
#[island]
pub fn UploadForm(action: String, words: UploadWords, children: Children) -> impl IntoView {
    let (sent, set_sent) = signal(None::<u32>);
    let (problem, set_problem) = signal(None::<String>);
    let UploadWords { uploading, failed } = words;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send(ev, set_sent, set_problem, failed.clone());
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, set_sent, set_problem, &failed);
    };
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="stack" on:submit=on_submit>
            {children()}
            <div class="upload-progress" role="status" aria-live="polite" hidden=move || sent.get().is_none()>
                <label for="upload-progress">{move || format!("{} {} %", uploading, sent.get().unwrap_or(0))}</label>
                <progress id="upload-progress" max="100" value=move || sent.get().unwrap_or(0)></progress>
            </div>
            <p class="field-error" role="alert" id="upload-problem" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
        </form>
    }
}

/// Sends the form by XMLHttpRequest, reporting progress; a failure the server explains is
/// read from the page it answered with.
#[cfg(feature = "hydrate")]
fn send(ev: leptos::ev::SubmitEvent, set_sent: WriteSignal<Option<u32>>, set_problem: WriteSignal<Option<String>>, failed: String) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else { return };
    let action = form.action();
    if xhr.open("POST", &action).is_err() {
        return;
    }
    ev.prevent_default();
    set_problem.set(None);
    set_sent.set(Some(0));
    if let Ok(upload) = xhr.upload() {
        let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                set_sent.set(Some((e.loaded() / e.total() * 100.0).round() as u32));
            }
        });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let failed_again = failed.clone();
    let answered = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let to = answered.response_url();
        if answered.status().unwrap_or(0) < 400 && !to.is_empty() && to != action {
            // Redirected to the deal: go there, as the plain form would.
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&to);
            }
            return;
        }
        set_sent.set(None);
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        let said = web_sys::DomParser::new()
            .ok()
            .and_then(|p| p.parse_from_string(&text, web_sys::SupportedType::TextHtml).ok())
            .and_then(|doc| doc.query_selector("#err-file, main [role=alert]").ok().flatten())
            .and_then(|el| el.text_content());
        set_problem.set(Some(said.unwrap_or_else(|| failed.clone())));
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        set_sent.set(None);
        set_problem.set(Some(failed_again.clone()));
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_form_data(Some(&data));
}
