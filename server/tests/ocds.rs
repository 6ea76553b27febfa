//! The Open Contracting export, validated against the OCDS 1.1 schemas in ../shared/ocds.

mod common;

use common::{deal_form, TestApp};
use serde_json::Value;

const BASE: &str = "https://standard.open-contracting.org/schema/1__1__5/";

fn schema(name: &str) -> Value {
    let path = common::refdata().join("../ocds").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (the OCDS schemas are needed)", path.display()));
    serde_json::from_str(&text).expect("schema json")
}

/// Validates against a package schema, with the schemas it refers to served from disk.
fn errors(package_schema: &str, instance: &Value) -> Vec<String> {
    let mut options = jsonschema::options().with_draft(jsonschema::Draft::Draft4).should_validate_formats(true);
    for name in ["release-schema.json", "versioned-release-validation-schema.json"] {
        options = options.with_resource(format!("{BASE}{name}"), jsonschema::Resource::from_contents(schema(name)).expect("resource"));
    }
    let validator = options.build(&schema(package_schema)).expect("schema compiles");
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path)).collect()
}

fn with<'a>(form: &[(&'a str, &'a str)], key: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    form.iter().map(|&(k, v)| if k == key { (k, value) } else { (k, v) }).collect()
}

#[tokio::test]
async fn release_packages_and_records_validate_against_the_ocds_schemas() {
    let app = TestApp::start().await;
    let m = app.staff("mod_ocds", "moderator").await;
    let cloud = app.record(&m, "County cloud hosting", "Franklin County, OH").await;
    // A tax abatement with the amount not disclosed, and a second revision of the cloud deal.
    let mut abatement = with(&deal_form("Warehouse abatement", "Columbus, OH"), "kind", "tax_abatement");
    abatement.retain(|(k, _)| !matches!(*k, "amount" | "value_basis"));
    abatement.extend([("amount", ""), ("value_basis", ""), ("undisclosed", "on"), ("not_duplicate", "1")]);
    assert_eq!(app.post_form("/deals/new", Some(&m), &abatement).await.status(), 303);
    app.record(&m, "Elsewhere", "Oakland, CA").await;
    let mut edit = with(&deal_form("County cloud hosting", "Franklin County, OH"), "amount", "$7,500,000");
    edit.push(("base", "1"));
    edit.push(("summary", "Amount from the signed contract"));
    assert_eq!(app.post_form(&format!("/deals/{cloud}/edit"), Some(&m), &edit).await.status(), 303);
    // A contributor's deal waits for review and is in neither.
    let c = app.sign_up("contrib_ocds").await;
    app.record(&c, "Pending in Ohio", "Columbus, OH").await;

    let res = app.get("/ocds/releases.json?state=oh", None).await;
    assert_eq!(res.status(), 200);
    let package: Value = res.json().await.unwrap();
    assert_eq!(errors("release-package-schema.json", &package), Vec::<String>::new());
    let releases = package["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 2, "the filter applies: Ohio's two published deals");
    let cloud_release = releases.iter().find(|r| r["ocid"] == format!("ocds-amzntr-{cloud}")).expect("the cloud deal");
    assert_eq!(cloud_release["contracts"][0]["value"]["amount"], 7_500_000.0);
    assert_eq!(cloud_release["buyer"]["name"], "Franklin County");
    assert_eq!(cloud_release["parties"][0]["identifier"]["id"], "0500000US39049");
    let abatement = releases.iter().find(|r| r["contracts"][0]["title"] == "Warehouse abatement").unwrap();
    assert!(abatement["contracts"][0].get("value").is_none(), "undisclosed: no value, never 0");
    assert_eq!(abatement["amazonTracker"]["kind"], "tax_abatement");
    assert_eq!(abatement["amazonTracker"]["amountDisclosed"], false);
    assert!(abatement["parties"][0]["roles"].as_array().unwrap().contains(&Value::from("funder")));

    let res = app.get(&format!("/deals/{cloud}/ocds.json"), None).await;
    assert_eq!(res.status(), 200);
    let record: Value = res.json().await.unwrap();
    assert_eq!(errors("record-package-schema.json", &record), Vec::<String>::new());
    let rec = &record["records"][0];
    assert_eq!(rec["releases"].as_array().unwrap().len(), 2, "one release per approved revision");
    assert_eq!(rec["compiledRelease"]["contracts"][0]["value"]["amount"], 7_500_000.0);
    let amounts = rec["versionedRelease"]["contracts"][0]["value"]["amount"].as_array().unwrap();
    assert_eq!(amounts.iter().map(|v| v["value"].clone()).collect::<Vec<_>>(), vec![Value::from(23_000_000.0), Value::from(7_500_000.0)]);
    assert_eq!(rec["versionedRelease"]["contracts"][0]["title"].as_array().unwrap().len(), 1, "unchanged fields have one version");

    // The validator itself catches a broken package, so the checks above can fail.
    let mut broken = package.clone();
    broken["releases"][0]["tag"] = Value::from("not a list");
    assert!(!errors("release-package-schema.json", &broken).is_empty());

    assert_eq!(app.get("/deals/999999/ocds.json", None).await.status(), 404);
    let pending: i64 = sqlx::query_scalar("SELECT id FROM deals WHERE title = 'Pending in Ohio'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.get(&format!("/deals/{pending}/ocds.json"), None).await.status(), 404);
    assert_eq!(app.get("/ocds/releases.json?min=lots", None).await.status(), 400);
}

/// The OCDS Data Review Tool's library (`libcoveocds`, installed by scripts/test.sh into
/// target/cove), with the 1.1.5 standard from ../shared/ocds (it cannot download here).
fn review_tool() -> std::path::PathBuf {
    let tool = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cove/bin/libcoveocds");
    assert!(tool.is_file(), "{} is missing: scripts/test.sh installs libcoveocds there", tool.display());
    tool
}

#[tokio::test]
async fn the_review_tool_finds_no_errors_and_every_field_declared_by_the_extension() {
    let app = TestApp::start().await;
    let m = app.staff("mod_cove", "moderator").await;
    let cloud = app.record(&m, "County cloud hosting", "Franklin County, OH").await;
    let mut abatement = with(&deal_form("Warehouse abatement", "Columbus, OH"), "kind", "tax_abatement");
    abatement.extend([
        ("facility_name", "Warehouse CMH7"),
        ("jobs", "500"),
        ("agency", "Development"),
        ("program", "Enterprise zone"),
        ("announced", "2022"),
    ]);
    abatement.push(("not_duplicate", "1"));
    assert_eq!(app.post_form("/deals/new", Some(&m), &abatement).await.status(), 303);
    // A kept document: listed with its fingerprint.
    let pdf = b"%PDF-1.4\n% minutes\n".to_vec();
    let sha = hex::encode(sha2::Digest::finalize(sha2::Digest::chain_update(<sha2::Sha256 as sha2::Digest>::new(), &pdf)));
    let source: String =
        sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ?").bind(cloud).fetch_one(&app.pool).await.unwrap();
    let part = reqwest::multipart::Part::bytes(pdf).file_name("minutes.pdf");
    let res = app
        .client
        .post(format!("{}/deals/{cloud}/sources/{source}/document", app.base))
        .header("cookie", &m)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    let package: Value = app.get("/ocds/releases.json?state=oh", None).await.json().await.unwrap();
    assert_eq!(package["extensions"][0], format!("{}/ocds/extension.json", app.base));
    let cloud_release = package["releases"].as_array().unwrap().iter().find(|r| r["ocid"] == format!("ocds-amzntr-{cloud}")).unwrap();
    let kept = cloud_release["contracts"][0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d.get("sha256").is_some())
        .expect("the kept document");
    assert_eq!(kept["sha256"], sha.as_str());
    assert_eq!(kept["url"], format!("{}/documents/{sha}/file", app.base));
    assert_eq!(errors("release-package-schema.json", &package), Vec::<String>::new());

    // The tool reads the extension from the site while it runs, so it runs beside the server.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("releases.json");
    std::fs::write(&file, package.to_string()).unwrap();
    let zip = common::refdata().join("../ocds/standard-1__1__5.zip");
    let out = tokio::process::Command::new(review_tool())
        .args(["-s", "1.1", "--additional-checks", "all", "--standard-zip"])
        .arg(&zip)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("the tool's JSON report");
    assert_eq!(report["validation_errors"], Value::Array(vec![]), "{report:#}");
    assert_eq!(report["additional_fields"], Value::Array(vec![]), "every field is core OCDS or declared: {report:#}");
    let extensions = &report["extensions"];
    assert_eq!(extensions["extensions"][0]["url"], format!("{}/ocds/extension.json", app.base), "{report:#}");
    assert_eq!(extensions["invalid_extension"], Value::Object(Default::default()), "{report:#}");

    // Without the extension the same fields are reported as undeclared: the check can fail.
    let mut bare = package.clone();
    bare.as_object_mut().unwrap().remove("extensions");
    std::fs::write(&file, bare.to_string()).unwrap();
    let out = tokio::process::Command::new(review_tool())
        .args(["-s", "1.1", "--standard-zip"])
        .arg(&zip)
        .arg("-o")
        .arg(dir.path().join("out2"))
        .arg(&file)
        .output()
        .await
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("the tool's JSON report");
    assert!(report["additional_fields"].to_string().contains("amazonTracker"), "{report:#}");
}
