//! `/embed/places/{usps}[/{slug}]`: a small summary other sites may frame. Plain HTML and
//! CSS (no script, no WebAssembly); the only route whose responses allow framing.

use super::common::{error_view, money, public_url};
use crate::i18n::lang;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The framed summary: the government, its disclosed totals, the undisclosed count, and a
/// link to the full page with the evidence.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let data = super::place::routed_place();
    let site = public_url();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let site = site.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let p = d.place.clone();
                        let t = d.own_totals.clone();
                        let full = format!("{site}{}", p.url(lang()));
                        view! {
                            <Title text=crate::t!("embed-title", place = p.label())/>
                            <Meta name="robots" content="noindex"/>
                            <Link rel="canonical" href=full.clone()/>
                            <div class="embed-card">
                                <h1 class="embed-place">{p.label()}</h1>
                                {if t.deals == 0 {
                                    view! { <p>{crate::t!("embed-none")}</p> }.into_any()
                                } else {
                                    view! {
                                        <p class="embed-count">{crate::t!("embed-count", count = t.deals)}</p>
                                        <ul class="embed-figures">
                                            {t.by_basis.iter().map(|b| view! {
                                                <li><strong>{money(Some(b.cents))}</strong>" "{super::common::basis_word(b.basis)}
                                                    {format!(" {}", crate::t!("embed-basis-deals", count = b.deals))}</li>
                                            }).collect_view()}
                                            {(t.undisclosed > 0).then(|| view! {
                                                <li><strong>{t.undisclosed}</strong>{format!(" {}", crate::t!("embed-undisclosed", count = t.undisclosed))}</li>
                                            })}
                                        </ul>
                                    }.into_any()
                                }}
                                <p><a href=full target="_blank" rel="noopener">{crate::t!("embed-see-all")}</a></p>
                                <p class="sub">"Amazon Contract Tracker"</p>
                            </div>
                        }.into_any()
                    }
                    Err(e) => error_view(e),
                }
            })}}
        </Suspense>
    }
}
