//! Charts and maps drawn on the server as inline SVG, so they read without JavaScript,
//! each with a plain table beside it for screen readers and for copying figures.

use super::common::basis_word;
use crate::model::{
    format_dollars,
    view::{GroupTotal, MapView, YearCount},
    DealKind,
};
use leptos::prelude::*;

/// One colour per kind, distinguishable with the common colour-vision deficiencies
/// (Okabe–Ito first, then darker extras) and at least 3:1 against white.
fn kind_colour(kind: DealKind) -> &'static str {
    const COLOURS: [&str; 14] = [
        "#0072B2", "#B35900", "#007A5A", "#A8507E", "#2B7BB9", "#C0392B", "#7A6A00", "#333333", "#6B6B6B", "#7A5195", "#B03A5B", "#003F5C",
        "#8C5A00", "#4B3F9E",
    ];
    let i = DealKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    COLOURS[i % COLOURS.len()]
}

/// A round step for the axis so that it has at most five gridlines.
fn step_for(max: i64) -> i64 {
    let mut step = 1;
    for m in [1, 2, 5].iter().cycle().scan(1i64, |scale, &m| {
        let v = m * *scale;
        if m == 5 {
            *scale *= 10;
        }
        Some(v)
    }) {
        step = m;
        if max / m <= 5 {
            break;
        }
    }
    step
}

/// "1 deal dated in 2024." or "12 deals dated from 2019 to 2024; the busiest year had 5."
fn timeline_summary(total: i64, first: i32, last: i32, max: i64) -> String {
    // Years go in as text: they are not counts, and read without separators.
    if first == last {
        crate::t!("chart-timeline-one-year", count = total, year = first.to_string())
    } else {
        crate::t!("chart-timeline-years", count = total, first = first.to_string(), last = last.to_string(), max = max)
    }
}

/// Deals per year, stacked by kind, with the same figures as a table.
#[component]
pub fn Timeline(years: Vec<YearCount>, #[prop(into)] id: String) -> impl IntoView {
    if years.is_empty() {
        return view! { <p class="sub">{crate::t!("chart-timeline-empty")}</p> }.into_any();
    }
    let first = years.iter().map(|y| y.year).min().unwrap_or(0);
    let last = years.iter().map(|y| y.year).max().unwrap_or(0);
    let span: Vec<i32> = (first..=last).collect();
    let mut kinds: Vec<DealKind> = years.iter().map(|y| y.kind).collect();
    kinds.sort();
    kinds.dedup();
    let count = |year: i32, kind: DealKind| years.iter().find(|y| y.year == year && y.kind == kind).map_or(0, |y| y.deals);
    let per_year: Vec<i64> = span.iter().map(|&y| kinds.iter().map(|&k| count(y, k)).sum()).collect();
    let max = per_year.iter().copied().max().unwrap_or(1).max(1);
    let step = step_for(max);
    let top = (max + step - 1) / step * step;
    // Plot area inside a 400×220 frame (40 units for the axis on the left, 24 at the bottom):
    // narrow enough that its labels stay readable on a 360-pixel phone.
    let (left, bottom, width, height) = (40.0, 196.0, 352.0, 180.0);
    let slot = width / span.len() as f64;
    let bar = (slot * 0.7).min(48.0);
    let y_of = |n: i64| bottom - height * n as f64 / top as f64;
    // Year labels are about 32 units wide: at most ten fit.
    let label_every = span.len().div_ceil(10).max(1);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let summary = timeline_summary(per_year.iter().sum::<i64>(), first, last, max);
    let bars = span
        .iter()
        .enumerate()
        .flat_map(|(i, &year)| {
            let x = left + slot * i as f64 + (slot - bar) / 2.0;
            let mut base = 0i64;
            kinds
                .iter()
                .filter_map(|&k| {
                    let n = count(year, k);
                    if n == 0 {
                        return None;
                    }
                    let (y0, y1) = (y_of(base), y_of(base + n));
                    base += n;
                    Some(view! {
                        <rect x=format!("{x:.1}") y=format!("{y1:.1}") width=format!("{bar:.1}") height=format!("{:.1}", y0 - y1) fill=kind_colour(k)>
                            <title>{format!("{year}: {n} {}", k.label())}</title>
                        </rect>
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let grid = (0..=top / step)
        .map(|i| {
            let n = i * step;
            let y = y_of(n);
            view! {
                <line x1=left x2=left + width y1=format!("{y:.1}") y2=format!("{y:.1}") class="grid"/>
                <text x=left - 6.0 y=format!("{:.1}", y + 4.0) text-anchor="end">{n}</text>
            }
        })
        .collect_view();
    let year_labels = span
        .iter()
        .enumerate()
        .filter(|(i, _)| i % label_every == 0)
        .map(|(i, year)| {
            view! { <text x=format!("{:.1}", left + slot * i as f64 + slot / 2.0) y="214" text-anchor="middle">{*year}</text> }
        })
        .collect_view();
    let table_kinds = kinds.clone();
    view! {
        <figure class="chart">
            <svg viewBox="0 0 400 220" class="timeline" role="img" aria-labelledby=labelled_by>
                <title id=title_id>{crate::t!("chart-timeline-title", summary = &summary)}</title>
                {grid}
                {bars}
                {year_labels}
            </svg>
            <figcaption>
                <ul class="legend">
                    {kinds.iter().map(|k| view! {
                        <li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" fill=kind_colour(*k)/></svg>{k.label()}</li>
                    }).collect_view()}
                </ul>
                <p class="sub">{summary}</p>
            </figcaption>
            <details>
                <summary>{crate::t!("chart-show-table")}</summary>
                <div class="table-wrap">
                    <table>
                        <caption>{crate::t!("chart-timeline-caption")}</caption>
                        <thead><tr><th scope="col">{crate::t!("chart-year")}</th>
                            {table_kinds.iter().map(|k| view! { <th scope="col" class="num">{k.label()}</th> }).collect_view()}
                            <th scope="col" class="num">{crate::t!("chart-all")}</th></tr></thead>
                        <tbody>
                            {span.iter().zip(per_year.iter()).map(|(&year, &all)| view! {
                                <tr><th scope="row">{year}</th>
                                    {table_kinds.iter().map(|&k| view! { <td class="num">{count(year, k)}</td> }).collect_view()}
                                    <td class="num">{all}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}

/// A breakdown table: deals, disclosed sums by basis, undisclosed.
#[component]
pub fn Breakdown(#[prop(into)] caption: String, #[prop(into)] heading: String, rows: Vec<GroupTotal>) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <div class="table-wrap">
                <table class="breakdown">
                    <caption>{caption}</caption>
                    <thead><tr><th scope="col">{heading}</th><th scope="col" class="num">{crate::t!("chart-deals")}</th>
                        <th scope="col">{crate::t!("chart-disclosed")}</th><th scope="col" class="num">{crate::t!("chart-undisclosed")}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|g| view! {
                            <tr>
                                <th scope="row">{g.label}</th>
                                <td class="num">{g.deals}</td>
                                <td>{if g.by_basis.is_empty() { "—".to_string() } else {
                                    g.by_basis.iter().map(|b| format!("{} {}", format_dollars(b.cents), basis_word(b.basis))).collect::<Vec<_>>().join("; ")
                                }}</td>
                                <td class="num">{g.undisclosed}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}

/// A map: each area a link to its page, shaded by its deals, with a legend.
#[component]
pub fn AreaMap(map: MapView, #[prop(into)] label: String) -> impl IntoView {
    let with_deals: Vec<(String, Option<String>, i64)> = {
        let mut v: Vec<_> = map.areas.iter().filter(|a| a.deals > 0).map(|a| (a.name.clone(), a.url.clone(), a.deals)).collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        v
    };
    view! {
        <figure class="map">
            <svg viewBox=map.view_box.clone() aria-label=label.clone()>
                {map.areas.into_iter().map(|a| {
                    let name = crate::t!("chart-map-area", name = &a.name, count = a.deals);
                    let class = format!("shade-{}", a.shade);
                    let link_label = name.clone();
                    match a.url {
                        Some(url) => view! {
                            <a href=url aria-label=link_label><path d=a.path class=class><title>{name}</title></path></a>
                        }.into_any(),
                        None => view! { <path d=a.path class=class><title>{name}</title></path> }.into_any(),
                    }
                }).collect_view()}
            </svg>
            <figcaption>
                <ul class="legend">
                    {map.legend.into_iter().map(|(shade, text)| view! {
                        <li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" class=format!("shade-{shade}")/></svg>{text}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
            {(!with_deals.is_empty()).then(|| view! {
                <details>
                    <summary>{crate::t!("chart-map-list")}</summary>
                    <ul class="area-list">
                        {with_deals.into_iter().map(|(name, url, n)| view! {
                            <li>{match url {
                                Some(u) => view! { <a href=u>{name}</a> }.into_any(),
                                None => view! { <span>{name}</span> }.into_any(),
                            }}{crate::t!("chart-map-list-count", count = n)}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::step_for;

    #[test]
    fn axis_steps_are_round_and_few() {
        assert_eq!(step_for(1), 1);
        assert_eq!(step_for(5), 1);
        assert_eq!(step_for(7), 2);
        assert_eq!(step_for(23), 5);
        assert_eq!(step_for(60), 20);
        assert_eq!(step_for(480), 100);
    }
}
