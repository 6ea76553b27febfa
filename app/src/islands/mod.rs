//! The only parts of the app that ship as WebAssembly. Each works as plain HTML first:
//! without JavaScript the same fields are submitted and the server does the work.
//!
//! The message catalogues don't ship in the WebAssembly: an island gets every word it shows
//! with its props, looked up by the page that renders it. Nothing here calls `t!` or `lang()`.

pub mod documents;

use crate::api::suggest_places;
use crate::model::{view::PlaceSuggestion, SourceInput};
use crate::pages::{ErrorTexts, FieldErrorText};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The words of [`AmountField`], in the page's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AmountWords {
    /// The amount's label ("Amount in US dollars").
    pub label: String,
    pub hint: String,
    /// The "Amount not disclosed" box.
    pub undisclosed: String,
    /// The basis's label ("What the amount means").
    pub basis: String,
    /// The empty choice ("Choose…").
    pub choose: String,
    /// Each value basis as (code, label), in order.
    pub bases: Vec<(String, String)>,
}

/// The words of [`SourcesEditor`], in the page's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceWords {
    pub legend: String,
    /// The button that adds a source.
    pub add: String,
    /// "Source 1", "Source 2", …: the heading of each source by position.
    pub headings: Vec<String>,
    pub url: String,
    pub url_hint: String,
    pub title: String,
    pub title_hint: String,
    pub publisher: String,
    pub publisher_hint: String,
    pub published: String,
    pub archive_url: String,
    pub note: String,
    pub note_hint: String,
    /// The document file field: its label, its hint, and what it says of a kept one.
    pub file: String,
    pub file_hint: String,
    pub file_kept: String,
    pub file_kept_link: String,
    /// Where documents' pages are, in the page's language (`/es/documents/` in Spanish).
    pub documents: String,
    /// "Uploading:" before the percentage sent, and what a failed upload says.
    pub uploading: String,
    pub upload_failed: String,
    /// The largest file the server takes, and what a larger one is told.
    pub max_bytes: u64,
    pub too_large: String,
    /// What saving says while a file is still on its way.
    pub wait: String,
}

impl SourceWords {
    /// The heading of the source at position `i` (from 0).
    fn heading(&self, i: usize) -> String {
        self.headings.get(i).cloned().unwrap_or_else(|| (i + 1).to_string())
    }
}

/// A place name field with suggestions as you type. With `navigate`, picking a suggestion
/// opens that place's page; otherwise it fills the field and a hidden `jurisdiction_id`.
#[island]
pub fn PlaceSearch(
    input_id: String,
    name: String,
    value: String,
    navigate: bool,
    picked_id: String,
    invalid: bool,
    describedby: String,
    /// The page's language, for the address a pick opens.
    lang: crate::i18n::Lang,
    /// The example in the empty field, in the page's language.
    placeholder: String,
) -> impl IntoView {
    let (text, set_text) = signal(value.clone());
    let (picked, set_picked) = signal(picked_id);
    let (items, set_items) = signal(Vec::<PlaceSuggestion>::new());
    let (active, set_active) = signal(None::<usize>);
    let (seq, set_seq) = signal(0u64);
    let list_id = format!("{input_id}-list");
    let fetch = move |q: String| {
        let n = seq.get_untracked() + 1;
        set_seq.set(n);
        if q.trim().chars().count() < 2 {
            set_items.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(list) = suggest_places(q, lang).await {
                // Answers can arrive out of order; only the latest query's may show.
                if seq.get_untracked() == n {
                    set_items.set(list);
                    set_active.set(None);
                }
            }
        });
    };
    let pick = move |s: PlaceSuggestion| {
        if navigate {
            let _ = window().location().set_href(&s.path.url(lang));
        } else {
            set_text.set(s.value.clone());
            set_picked.set(s.jurisdiction_id.to_string());
            set_items.set(Vec::new());
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let len = items.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if len > 0 => {
                ev.prevent_default();
                set_active.set(Some(active.get_untracked().map_or(0, |i| (i + 1) % len)));
            }
            "ArrowUp" if len > 0 => {
                ev.prevent_default();
                set_active.set(Some(active.get_untracked().map_or(len - 1, |i| (i + len - 1) % len)));
            }
            "Enter" => {
                if let Some(s) = active.get_untracked().and_then(|i| items.with_untracked(|v| v.get(i).cloned())) {
                    ev.prevent_default();
                    pick(s);
                }
            }
            "Escape" => set_items.set(Vec::new()),
            _ => {}
        }
    };
    let list_id2 = list_id.clone();
    let list_id3 = list_id.clone();
    view! {
        <div class="combo">
            <input id=input_id name=name type="text" autocomplete="off" spellcheck="false"
                role="combobox" aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || (!items.read().is_empty()).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("{list_id2}-{i}"))
                aria-invalid=invalid.then_some("true") aria-describedby=describedby
                placeholder=placeholder
                value=value prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    set_text.set(v.clone());
                    set_picked.set(String::new());
                    fetch(v);
                }
                on:keydown=on_keydown
                on:blur=move |_| { set_active.set(None); set_items.set(Vec::new()); }/>
            {(!navigate).then(|| view! { <input type="hidden" name="jurisdiction_id" value=move || picked.get()/> })}
            <ul id=list_id role="listbox" class="suggestions" hidden=move || items.read().is_empty()>
                {move || items.get().into_iter().enumerate().map(|(i, s)| {
                    let label = s.label.clone();
                    view! {
                        <li role="option" id=format!("{list_id3}-{i}")
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:mousedown=move |ev| { ev.prevent_default(); pick(s.clone()); }>
                            {label}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The amount, its "not disclosed" box and its basis. Ticking the box switches the amount
/// fields off, so an undisclosed deal can never be sent with a figure.
#[island]
pub fn AmountField(amount: String, undisclosed: bool, basis: String, errors: ErrorTexts, words: AmountWords) -> impl IntoView {
    let (off, set_off) = signal(undisclosed);
    let invalid = |f: &str| errors.contains_key(f).then_some("true");
    let AmountWords { label, hint, undisclosed: undisclosed_label, basis: basis_label, choose, bases } = words;
    view! {
        <div class="field">
            <label for="amount">{label}</label>
            <input id="amount" name="amount" inputmode="decimal" value=amount
                disabled=move || off.get() aria-invalid=invalid("amount") aria-describedby="amount-hint err-amount"/>
            <p class="hint" id="amount-hint">{hint}</p>
            <FieldErrorText name="amount".to_string() texts=errors.clone()/>
        </div>
        <div class="field check">
            <input type="checkbox" id="undisclosed" name="undisclosed" value="on" checked=undisclosed
                on:change=move |ev| set_off.set(event_target_checked(&ev))/>
            <label for="undisclosed">{undisclosed_label}</label>
        </div>
        <div class="field">
            <label for="value_basis">{basis_label}</label>
            <select id="value_basis" name="value_basis" disabled=move || off.get()
                aria-invalid=invalid("value_basis") aria-describedby="err-value_basis">
                <option value="" selected=basis.is_empty()>{choose}</option>
                {bases.into_iter().map(|(code, name)| {
                    let sel = code == basis;
                    view! { <option value=code selected=sel>{name}</option> }
                }).collect_view()}
            </select>
            <FieldErrorText name="value_basis".to_string() texts=errors.clone()/>
        </div>
    }
}

fn source_fields(i: usize, s: SourceInput, errors: &ErrorTexts, words: &SourceWords) -> impl IntoView {
    let f = move |col: &str| format!("source_{col}_{i}");
    let input = |col: &'static str, label: String, kind: &'static str, value: String, hint: Option<String>| {
        let id = f(col);
        let invalid = errors.contains_key(&id).then_some("true");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id.clone() name=format!("source_{col}") type=kind value=value aria-invalid=invalid
                    aria-describedby=format!("{id}-hint err-{id}")/>
                {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
                <FieldErrorText name=id texts=errors.clone()/>
            </div>
        }
    };
    let heading = words.heading(i);
    let label = heading.clone();
    view! {
        <div class="source" role="group" aria-label=label>
            <h2 class="source-heading">{heading}</h2>
            // Which source this is, so an edit merges with others' by source, not position.
            <input type="hidden" name="source_id" value=s.id.clone()/>
            <FieldErrorText name=f("document") texts=errors.clone()/>
            {input("url", words.url.clone(), "url", s.url, Some(words.url_hint.clone()))}
            {input("title", words.title.clone(), "text", s.title, Some(words.title_hint.clone()))}
            {input("publisher", words.publisher.clone(), "text", s.publisher, Some(words.publisher_hint.clone()))}
            {input("published", words.published.clone(), "text", s.published, None)}
            {input("archive_url", words.archive_url.clone(), "url", s.archive_url, None)}
            {input("note", words.note.clone(), "text", s.note, Some(words.note_hint.clone()))}
            {file_field(i, s.document, errors, words)}
        </div>
    }
}

/// What a source's file field shows as its file is sent.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "some are only read by the browser's code"))]
struct FileState {
    /// The SHA-256 the source carries.
    doc: RwSignal<String>,
    /// The percentage sent, while a file is on its way.
    sent: RwSignal<Option<u32>>,
    /// What went wrong in the browser or with the file, in plain words.
    problem: RwSignal<Option<String>>,
    /// Which choice of file is being sent: a later choice's answer wins.
    choice: RwSignal<u32>,
    /// A file was kept since the page came: the server's earlier problem no longer holds.
    fresh: RwSignal<bool>,
    /// Whether the form waits for this field's file before it is sent.
    guarded: RwSignal<bool>,
}

/// A source's document: a file to upload with the form, and the one already kept, if any.
/// With JavaScript a chosen file is sent at once (`POST /documents`), its progress shown,
/// and the form then carries only its fingerprint; without, the form itself carries it.
fn file_field(i: usize, document: String, errors: &ErrorTexts, words: &SourceWords) -> impl IntoView {
    let id = format!("source_file_{i}");
    let had_error = errors.contains_key(&id);
    let st = FileState {
        doc: RwSignal::new(document),
        sent: RwSignal::new(None),
        problem: RwSignal::new(None),
        choice: RwSignal::new(0),
        fresh: RwSignal::new(false),
        guarded: RwSignal::new(false),
    };
    let action = words.documents.trim_end_matches('/').to_string();
    let say = FileSay {
        failed: words.upload_failed.clone(),
        too_large: words.too_large.clone(),
        wait: words.wait.clone(),
        max_bytes: words.max_bytes,
    };
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        send_file(&ev, &action, st, &say);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &action, st, &say);
    };
    let (kept_text, kept_link, documents) = (words.file_kept.clone(), words.file_kept_link.clone(), words.documents.clone());
    let uploading = words.uploading.clone();
    let (kept_id, hint_id, progress_id, problem_id) =
        (format!("{id}-kept"), format!("{id}-hint"), format!("{id}-progress"), format!("{id}-problem"));
    let described = {
        let (id, kept_id, hint_id, problem_id) = (id.clone(), kept_id.clone(), hint_id.clone(), problem_id.clone());
        move || {
            let mut ids = Vec::new();
            if !st.doc.get().is_empty() {
                ids.push(kept_id.clone());
            }
            ids.push(hint_id.clone());
            if st.problem.get().is_some() {
                ids.push(problem_id.clone());
            }
            ids.extend([format!("err-{id}"), format!("err-source_document_{i}")]);
            ids.join(" ")
        }
    };
    let invalid = move || (st.problem.get().is_some() || (had_error && !st.fresh.get())).then_some("true");
    view! {
        <div class="field">
            <label for=id.clone()>{words.file.clone()}</label>
            // The document kept for it, carried through the edit; a file chosen below replaces it.
            <input type="hidden" name="source_document" value=st.doc.get_untracked() prop:value=move || st.doc.get()/>
            {move || {
                let d = st.doc.get();
                (!d.is_empty()).then(|| {
                    let short: String = d.chars().take(12).collect();
                    view! {
                        <p class="hint kept-document" id=kept_id.clone()>{kept_text.clone()}" "
                            <a href=format!("{documents}{d}")>{format!("{kept_link} {short}…")}</a></p>
                    }
                })
            }}
            <input id=id.clone() name="source_file" type="file" aria-invalid=invalid
                accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.html,.htm,.txt,application/pdf,image/png,image/jpeg,image/tiff,text/html,text/plain"
                aria-describedby=described on:change=on_change/>
            <p class="hint" id=hint_id>{words.file_hint.clone()}</p>
            <div class="upload-progress" role="status" aria-live="polite" hidden=move || st.sent.get().is_none()>
                <label for=progress_id.clone()>{move || format!("{} {} %", uploading, st.sent.get().unwrap_or(0))}</label>
                <progress id=progress_id max="100" value=move || st.sent.get().unwrap_or(0)></progress>
            </div>
            <p class="field-error" role="alert" id=problem_id hidden=move || st.problem.get().is_none()>{move || st.problem.get()}</p>
            <div hidden=move || st.fresh.get()><FieldErrorText name=id texts=errors.clone()/></div>
        </div>
    }
}

/// The file field's words for what can happen as a file is sent.
#[derive(Clone)]
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "read by the browser's code"))]
struct FileSay {
    failed: String,
    too_large: String,
    wait: String,
    max_bytes: u64,
}

/// Sends the chosen file to be kept, reporting progress. Kept, the source carries its
/// fingerprint and the file input is cleared, so the form does not send it again; refused,
/// the problem is said under the field; not answered, the file stays for the form to send.
#[cfg(feature = "hydrate")]
fn send_file(ev: &leptos::ev::Event, action: &str, st: FileState, say: &FileSay) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let input: web_sys::HtmlInputElement = event_target(ev);
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    st.problem.set(None);
    if file.size() > say.max_bytes as f64 {
        st.problem.set(Some(say.too_large.clone()));
        input.set_value("");
        return;
    }
    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else { return };
    if data.append_with_blob_and_filename("file", &file, &file.name()).is_err() || xhr.open("POST", action).is_err() {
        return;
    }
    let choice = st.choice.get_untracked().wrapping_add(1);
    st.choice.set(choice);
    let current = move || st.choice.get_untracked() == choice;
    guard_submit(&input, st, say.wait.clone());
    st.sent.set(Some(0));
    if let Ok(upload) = xhr.upload() {
        let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if current() && e.length_computable() && e.total() > 0.0 {
                st.sent.set(Some((e.loaded() / e.total() * 100.0).round() as u32));
            }
        });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let (say_load, failed) = (say.clone(), say.failed.clone());
    let answered = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        if !current() {
            return;
        }
        st.sent.set(None);
        let status = answered.status().unwrap_or(0);
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        let answer = text.trim();
        // The server's answer ends with what is wrong, in plain words.
        let said = text.lines().rev().find(|l| !l.trim().is_empty()).map(str::to_string);
        match status {
            200 if answer.len() == 64 && answer.bytes().all(|b| b.is_ascii_hexdigit()) => {
                st.doc.set(answer.to_string());
                st.fresh.set(true);
                st.problem.set(None);
                input.set_value("");
            }
            413 => {
                st.problem.set(Some(say_load.too_large.clone()));
                input.set_value("");
            }
            422 => {
                st.problem.set(Some(said.unwrap_or_else(|| say_load.failed.clone())));
                input.set_value("");
            }
            // Signed out, too many, or the server unwell: the form may still send the file.
            _ => st.problem.set(Some(said.filter(|_| (400..500).contains(&status)).unwrap_or_else(|| say_load.failed.clone()))),
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        if current() {
            st.sent.set(None);
            st.problem.set(Some(failed.clone()));
        }
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_form_data(Some(&data));
}

/// Saving while a file is on its way would send it a second time and leave the page before
/// it is kept: the form waits, and says so under the field.
#[cfg(feature = "hydrate")]
fn guard_submit(input: &web_sys::HtmlInputElement, st: FileState, wait: String) {
    use wasm_bindgen::{closure::Closure, JsCast};
    if st.guarded.get_untracked() {
        return;
    }
    let Some(form) = input.form() else { return };
    st.guarded.set(true);
    let field = input.clone();
    let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if st.sent.get_untracked().is_some() {
            ev.prevent_default();
            st.problem.set(Some(wait.clone()));
            let _ = field.focus();
        }
    });
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
}

/// One or more sources, with a button to add another.
#[island]
pub fn SourcesEditor(sources: Vec<SourceInput>, errors: ErrorTexts, words: SourceWords) -> impl IntoView {
    let initial = if sources.is_empty() { vec![SourceInput::default()] } else { sources };
    let (rows, set_rows) = signal(initial.into_iter().enumerate().collect::<Vec<_>>());
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser: the button appears once it can work.
    Effect::new(move |_| set_ready.set(true));
    let errs = errors.clone();
    let legend = words.legend.clone();
    let add = words.add.clone();
    view! {
        <fieldset class="sources" aria-describedby="err-sources">
            <legend>{legend}</legend>
            <FieldErrorText name="sources".to_string() texts=errors.clone()/>
            <For each=move || rows.get() key=|(i, _)| *i children=move |(i, s)| source_fields(i, s, &errs, &words)/>
            <button type="button" class="secondary" hidden=move || !ready.get()
                on:click=move |_| set_rows.update(|r| { let n = r.len(); if n < 20 { r.push((n, SourceInput::default())); } })>
                {add}
            </button>
        </fieldset>
    }
}
