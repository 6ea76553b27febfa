//! School districts: from the Census school-district Gazetteer files (LEAID) and, where
//! those are missing, the Open Civic Data identifiers list.

use super::build::{get, num, Candidate, CountyIndex, States};
use super::files::{csv_fields, read_gazetteer, Files};
use super::names::*;
use std::collections::HashMap;

pub(super) fn census_schools(files: &Files, states: &States, index: &CountyIndex) -> Result<Vec<Candidate>, String> {
    let mut out = Vec::new();
    for path in &files.census_schools {
        for r in read_gazetteer(path)? {
            let usps = get(&r, "USPS");
            let Some(fips) = states.get(&usps) else { continue };
            let geoid = get(&r, "GEOID");
            let (lat, lon) = (num(&r, "INTPTLAT"), num(&r, "INTPTLONG"));
            let geoidfq = get(&r, "GEOIDFQ");
            out.push(Candidate {
                key: geoidfq.clone(),
                kind: "school_district",
                legal_type: "school district".into(),
                official_name: get(&r, "NAME"),
                display_name: get(&r, "NAME"),
                state_usps: usps.clone(),
                state_fips: fips.clone(),
                geoidfq: (!geoidfq.is_empty()).then_some(geoidfq),
                leaid: Some(geoid),
                ocd_id: None,
                ansicode: None,
                parent_key: index.county_for(&usps, &states[&usps], lat, lon).filter(|c| !c.1).map(|c| c.0),
                lat,
                lon,
                aland: num(&r, "ALAND").map(|a| a as i64),
                slug: String::new(),
                aliases: Vec::new(),
            });
        }
    }
    Ok(out)
}

pub(super) fn ocd_schools(files: &Files, states: &States, loaded: &[Candidate], notes: &mut Vec<String>) -> Result<Vec<Candidate>, String> {
    let (Some(ids_path), Some(names_path)) = (&files.school_ids, &files.school_names) else {
        notes.push("no school-district files: school districts were not loaded".into());
        return Ok(Vec::new());
    };
    let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("can't read {}: {e}", p.display()));
    let names: HashMap<String, String> =
        read(names_path)?.lines().map(csv_fields).filter(|f| f.len() >= 2).map(|f| (f[0].clone(), f[1].clone())).collect();
    // Counties by (state, name key without the county word) for the OCD id's county part.
    let mut county_keys: HashMap<(String, String), String> = HashMap::new();
    for c in loaded.iter().filter(|c| c.kind == "county") {
        let (base, _) = split_suffix(&c.display_name, COUNTY_SUFFIXES);
        county_keys.insert((c.state_usps.clone(), match_key(&base)), c.key.clone());
    }
    let place_parent: HashMap<(String, String), Option<String>> = loaded
        .iter()
        .filter(|c| c.kind == "place")
        .map(|c| ((c.state_usps.clone(), match_key(&c.display_name)), c.parent_key.clone()))
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for line in read(ids_path)?.lines().skip(1) {
        let f = csv_fields(line);
        if f.len() < 3 {
            continue;
        }
        let (ocd, leaid) = (f[0].clone(), f[2].trim().to_string());
        if leaid.len() != 7 || !leaid.chars().all(|c| c.is_ascii_digit()) || !seen.insert(leaid.clone()) {
            continue;
        }
        let mut usps = None;
        let mut parent_key = None;
        for part in ocd.split('/') {
            let Some((k, v)) = part.split_once(':') else { continue };
            match k {
                "state" | "district" | "territory" => usps = Some(v.to_ascii_uppercase()),
                "county" | "parish" | "borough" | "census_area" => {
                    let st = usps.clone().unwrap_or_default();
                    parent_key = county_keys.get(&(st, match_key(&v.replace('_', " ")))).cloned();
                }
                "place" => {
                    let st = usps.clone().unwrap_or_default();
                    parent_key = place_parent.get(&(st, match_key(&v.replace('_', " ")))).cloned().flatten();
                }
                _ => {}
            }
        }
        let Some(usps) = usps.filter(|u| states.contains_key(u)) else { continue };
        let raw = names.get(&ocd).cloned().unwrap_or_else(|| ocd.rsplit(':').next().unwrap_or_default().replace('_', " "));
        out.push(Candidate {
            key: format!("leaid:{leaid}"),
            kind: "school_district",
            legal_type: "school district".into(),
            official_name: raw.clone(),
            display_name: school_name(&raw),
            state_fips: states[&usps].clone(),
            state_usps: usps,
            geoidfq: None,
            leaid: Some(leaid),
            ocd_id: Some(ocd),
            ansicode: None,
            parent_key,
            lat: None,
            aland: None,
            lon: None,
            slug: String::new(),
            aliases: Vec::new(),
        });
    }
    Ok(out)
}
