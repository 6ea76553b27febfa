//! The Open Contracting Data Standard (1.1) export: `/ocds/releases.json` (a release package
//! of every published deal in a browse view, streamed) and `/deals/{id}/ocds.json` (a record
//! package: every approved revision as a release, the compiled release, and the versioned
//! release built from them).
//!
//! Core OCDS models procurement. Tax breaks, grants and other subsidies are carried as
//! contracts between the government (buyer, and funder for subsidies) and the Amazon company
//! (supplier, or payee for subsidies), with what OCDS has no field for in the `amazonTracker`
//! extension object, documented on /about/data.

use app::i18n::Lang;
use app::repo::exports::ExportRow;
use app::web::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Map, Value};

/// Prefix of every OCID. Not a registered OCDS prefix; a deployment that registers one
/// would change it here (and every OCID with it).
pub const OCID_PREFIX: &str = "ocds-amzntr";

/// Kinds where the government gives rather than buys.
const SUBSIDY_KINDS: &[&str] =
    &["cash_grant", "tax_abatement", "tax_credit", "tif", "land_deal", "loan", "fee_waiver", "infrastructure", "device_subsidy"];

pub fn ocid(id: i64) -> String {
    format!("{OCID_PREFIX}-{id}")
}

/// A stored timestamp or partial date ("2023", "2023-05", "2023-05-04") as RFC 3339.
fn datetime(s: &str) -> String {
    match s.len() {
        4 => format!("{s}-01-01T00:00:00Z"),
        7 => format!("{s}-01T00:00:00Z"),
        10 => format!("{s}T00:00:00Z"),
        _ if s.ends_with('Z') || s.contains('+') => s.to_string(),
        _ => format!("{s}Z"),
    }
}

fn contract_status(status: &str) -> &'static str {
    match status {
        "proposed" | "approved" => "pending",
        "active" => "active",
        "cancelled" => "cancelled",
        _ => "terminated",
    }
}

fn government_party(r: &ExportRow, origin: &str, subsidy: bool) -> Value {
    let g = &r.government;
    let (scheme, ident) = match (&g.geoidfq, &g.leaid) {
        (Some(id), _) => ("US-CENSUS-GEOIDFQ", id.clone()),
        (None, Some(l)) => ("US-NCES-LEAID", l.clone()),
        (None, None) => ("US-TRACKER-PAGE", g.url(Lang::En)),
    };
    let mut roles = vec!["buyer"];
    if subsidy {
        roles.push("funder");
    }
    json!({
        "id": format!("{scheme}-{ident}"),
        "name": g.display_name,
        "identifier": { "scheme": scheme, "id": ident, "legalName": g.display_name, "uri": format!("{origin}{}", g.url(Lang::En)) },
        "address": { "region": g.state_usps, "countryName": "United States" },
        "roles": roles,
    })
}

fn entity_id(name: &str) -> String {
    let slug: String = name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("amazon-{}", slug.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-"))
}

/// One release describing the deal as `r` shows it.
pub fn release(r: &ExportRow, origin: &str, release_id: &str, date: &str) -> Value {
    let d = &r.deal;
    let iso = |p: &Option<app::model::PartialDate>| p.map(|p| p.to_iso());
    let (kind, status) = (d.kind.code(), d.status.code());
    let subsidy = SUBSIDY_KINDS.contains(&kind);
    let gov = government_party(r, origin, subsidy);
    let gov_ref = json!({ "id": gov["id"], "name": r.government.display_name });
    let supplier = json!({ "id": entity_id(&r.entity), "name": r.entity, "roles": [if subsidy { "payee" } else { "supplier" }] });
    let supplier_ref = json!({ "id": supplier["id"], "name": r.entity });
    let value = d.amount_cents.map(|c| json!({ "amount": c as f64 / 100.0, "currency": "USD" }));
    let mut period = Map::new();
    if let Some(s) = iso(&d.starts) {
        period.insert("startDate".into(), datetime(&s).into());
    }
    if let Some(e) = iso(&d.ends) {
        period.insert("endDate".into(), datetime(&e).into());
    }
    // Each source as a document; a source whose document the site keeps has a second entry
    // for the kept file, with its fingerprint (the `amazonTracker` extension's `sha256`).
    let kept = d.sources.iter().enumerate().filter_map(|(i, s)| {
        let sha = s.document.as_ref()?;
        let mut doc = Map::new();
        doc.insert("id".into(), format!("source-{}-kept", i + 1).into());
        doc.insert("title".into(), s.title.clone().or(s.url.clone()).unwrap_or_else(|| "Source document".into()).into());
        doc.insert("description".into(), "The copy of this source kept by the tracker.".into());
        doc.insert("url".into(), format!("{origin}/documents/{sha}/file").into());
        doc.insert("sha256".into(), sha.clone().into());
        Some(Value::Object(doc))
    });
    let documents: Vec<Value> = d
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut doc = Map::new();
            doc.insert("id".into(), format!("source-{}", i + 1).into());
            if let Some(t) = &s.title {
                doc.insert("title".into(), t.clone().into());
            }
            if let Some(u) = s.url.as_ref().or(s.archive_url.as_ref()) {
                doc.insert("url".into(), u.clone().into());
            }
            if let Some(p) = s.published {
                doc.insert("datePublished".into(), datetime(&p.to_iso()).into());
            }
            let note = [s.publisher.clone(), s.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(". ");
            if !note.is_empty() {
                doc.insert("description".into(), note.into());
            }
            doc.insert("language".into(), "en".into());
            Value::Object(doc)
        })
        .chain(kept)
        .collect();
    let mut contract = Map::new();
    contract.insert("id".into(), format!("{}-contract", r.id).into());
    contract.insert("awardID".into(), format!("{}-award", r.id).into());
    contract.insert("title".into(), d.title.clone().into());
    if let Some(text) = &d.description {
        contract.insert("description".into(), text.clone().into());
    }
    contract.insert("status".into(), contract_status(status).into());
    if let Some(v) = &value {
        contract.insert("value".into(), v.clone());
    }
    if !period.is_empty() {
        contract.insert("period".into(), Value::Object(period));
    }
    if let Some(a) = iso(&d.approved) {
        contract.insert("dateSigned".into(), datetime(&a).into());
    }
    if !documents.is_empty() {
        contract.insert("documents".into(), documents.into());
    }
    let mut award = json!({
        "id": format!("{}-award", r.id),
        "title": d.title,
        "status": match status { "proposed" => "pending", "cancelled" => "cancelled", _ => "active" },
        "suppliers": [supplier_ref],
    });
    if let Some(v) = &value {
        award["value"] = v.clone();
    }
    if let Some(a) = iso(&d.approved) {
        award["date"] = datetime(&a).into();
    }
    json!({
        "ocid": ocid(r.id),
        "id": release_id,
        "date": datetime(date),
        "tag": [if status == "proposed" { "planning" } else { "contract" }],
        "initiationType": "tender",
        "language": "en",
        "parties": [gov, supplier],
        "buyer": gov_ref,
        "awards": [award],
        "contracts": [Value::Object(contract)],
        "amazonTracker": {
            "url": format!("{origin}/deals/{}", r.id),
            "kind": kind,
            "status": status,
            "amountDisclosed": d.amount_cents.is_some(),
            "valueBasis": d.value_basis.map(|b| b.code()),
            "announcedDate": iso(&d.announced).as_deref().map(datetime),
            "agency": d.agency,
            "program": d.program,
            "jobsPromised": d.jobs_promised,
            "facility": { "name": d.facility_name, "location": d.facility_location },
            "government": { "kind": r.government.kind.code(), "state": r.government.state_usps, "page": format!("{origin}{}", r.government.url(Lang::En)) },
        },
    })
}

/// The address of a well-known licence, for the package's `license` (a URI).
fn licence_url(name: &str) -> Option<String> {
    let n: String = name.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
    Some(
        match n.as_str() {
            "ccby4.0" | "ccby" => "https://creativecommons.org/licenses/by/4.0/",
            "ccbysa4.0" => "https://creativecommons.org/licenses/by-sa/4.0/",
            "cc0" | "cc01.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
            "odbl" | "odbl1.0" => "https://opendatacommons.org/licenses/odbl/1-0/",
            "pddl" | "pddl1.0" => "https://opendatacommons.org/licenses/pddl/1-0/",
            _ => return None,
        }
        .to_string(),
    )
}

/// The package fields around releases or records.
pub fn package_head(origin: &str, uri: &str, licence: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("uri".into(), format!("{origin}{uri}").into());
    m.insert("version".into(), "1.1".into());
    m.insert("publishedDate".into(), app::repo::now().into());
    m.insert("publisher".into(), json!({ "name": "Amazon Contract Tracker", "uri": origin }));
    m.insert("license".into(), licence_url(licence).unwrap_or_else(|| format!("{origin}/about/data#licence")).into());
    m.insert("publicationPolicy".into(), format!("{origin}/about/data").into());
    m.insert("extensions".into(), json!([format!("{origin}/ocds/extension.json")]));
    m
}

/// The `amazonTracker` extension's release schema patch: every field the export adds to
/// core OCDS, declared (a JSON Merge Patch on the release schema).
const EXTENSION_SCHEMA: &str = include_str!("ocds_extension/release-schema.json");

/// GET /ocds/extension.json: the extension's metadata, listed in every package's
/// `extensions`; validators read `release-schema.json` beside it.
pub async fn extension(State(state): State<AppState>) -> Response {
    let origin = &state.config.public_url;
    let body = json!({
        "name": { "en": "Amazon Contract Tracker" },
        "description": { "en": "What the Amazon Contract Tracker records about a deal that core OCDS has no field for: the kind of deal (a contract, a subsidy, a tax break or a partnership), whether and how its amount was disclosed, the facility and the jobs promised, the awarding government, and the SHA-256 fingerprint of each source document the tracker keeps." },
        "documentationUrl": { "en": format!("{origin}/about/data") },
        "compatibility": ["1.1"],
    });
    json_file(body.to_string())
}

/// GET /ocds/release-schema.json
pub async fn extension_schema() -> Response {
    json_file(EXTENSION_SCHEMA.to_string())
}

fn json_file(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

/// The OCDS versioned release: every field's history as a list of the values it took, each
/// with the release that set it. Objects in arrays are matched by `id` (which is then not
/// versioned); other arrays and scalars are versioned whole; `ocid` is not versioned.
pub fn versioned(releases: &[Value]) -> Value {
    let mut out = Map::new();
    for r in releases {
        let Some(obj) = r.as_object() else { continue };
        let meta = (
            obj.get("id").cloned().unwrap_or(Value::Null),
            obj.get("date").cloned().unwrap_or(Value::Null),
            obj.get("tag").cloned().unwrap_or(Value::Null),
        );
        for (k, v) in obj {
            match k.as_str() {
                "id" | "date" | "tag" => {}
                "ocid" => {
                    out.insert(k.clone(), v.clone());
                }
                _ => merge(&mut out, k, v, &meta),
            }
        }
    }
    Value::Object(out)
}

fn is_identified_list(v: &Value) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(|i| i.get("id").is_some()))
}

fn merge(target: &mut Map<String, Value>, key: &str, value: &Value, meta: &(Value, Value, Value)) {
    match value {
        Value::Object(o) => {
            let slot = target.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(t) = slot {
                for (k, v) in o {
                    merge(t, k, v, meta);
                }
            }
        }
        v if is_identified_list(v) => {
            let slot = target.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = slot else { return };
            for item in v.as_array().into_iter().flatten() {
                let Some(obj) = item.as_object() else { continue };
                let id = obj.get("id").cloned().unwrap_or(Value::Null);
                let at = match list.iter().position(|e| e.get("id") == Some(&id)) {
                    Some(i) => i,
                    None => {
                        let mut m = Map::new();
                        m.insert("id".into(), id.clone());
                        list.push(Value::Object(m));
                        list.len() - 1
                    }
                };
                if let Value::Object(t) = &mut list[at] {
                    for (k, v) in obj.iter().filter(|(k, _)| k.as_str() != "id") {
                        merge(t, k, v, meta);
                    }
                }
            }
        }
        v => {
            let slot = target.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(versions) = slot else { return };
            if versions.last().and_then(|l| l.get("value")) != Some(v) {
                versions.push(json!({ "releaseID": meta.0, "releaseDate": meta.1, "releaseTag": meta.2, "value": v }));
            }
        }
    }
}

/// `/deals/{id}/ocds.json`: the record package of one deal.
pub async fn record(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let problem =
        |status: StatusCode, msg: &str| (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg.to_string()).into_response();
    let Ok(id) = id.parse::<i64>() else { return problem(StatusCode::NOT_FOUND, "There is no such deal.") };
    let rows = match state.pool.acquire().await {
        Ok(mut conn) => app::repo::exports::revision_rows(&mut conn, id).await,
        Err(e) => Err(e),
    };
    let rows = match rows {
        Ok(r) if r.is_empty() => return problem(StatusCode::NOT_FOUND, "There is no published deal with that number."),
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "ocds record failed");
            return problem(StatusCode::SERVICE_UNAVAILABLE, "The record could not be read just now. Try again.");
        }
    };
    let origin = &state.config.public_url;
    let releases: Vec<Value> = rows.iter().map(|(n, at, r)| release(r, origin, &format!("{}-rev-{n}", ocid(id)), at)).collect();
    let mut compiled = releases.last().cloned().unwrap_or(Value::Null);
    compiled["id"] = format!("{}-compiled", ocid(id)).into();
    compiled["tag"] = json!(["compiled"]);
    let mut package = package_head(origin, &format!("/deals/{id}/ocds.json"), &state.config.data_licence);
    package.insert(
        "records".into(),
        json!([{ "ocid": ocid(id), "releases": releases, "compiledRelease": compiled, "versionedRelease": versioned(&releases) }]),
    );
    let mut res = Value::Object(package).to_string().into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_record_only_changes_and_match_list_items_by_id() {
        let r1 = json!({"ocid": "o", "id": "r1", "date": "d1", "tag": ["contract"], "buyer": {"name": "A"},
            "contracts": [{"id": "c", "title": "T", "status": "pending"}]});
        let r2 = json!({"ocid": "o", "id": "r2", "date": "d2", "tag": ["contract"], "buyer": {"name": "A"},
            "contracts": [{"id": "c", "title": "T", "status": "active"}]});
        let v = versioned(&[r1, r2]);
        assert_eq!(v["ocid"], "o");
        assert_eq!(v["buyer"]["name"].as_array().map(Vec::len), Some(1), "unchanged: one version");
        let status = &v["contracts"][0]["status"];
        assert_eq!(status.as_array().map(Vec::len), Some(2));
        assert_eq!(status[1]["value"], "active");
        assert_eq!(status[1]["releaseID"], "r2");
        assert_eq!(v["contracts"][0]["id"], "c", "ids in lists are not versioned");
    }

    #[test]
    fn partial_dates_become_date_times() {
        assert_eq!(datetime("2023"), "2023-01-01T00:00:00Z");
        assert_eq!(datetime("2023-05"), "2023-05-01T00:00:00Z");
        assert_eq!(datetime("2023-05-04"), "2023-05-04T00:00:00Z");
        assert_eq!(datetime("2026-11-29T03:57:08Z"), "2026-11-29T03:57:08Z");
    }
}
