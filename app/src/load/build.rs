//! Turning the reference files into the set of jurisdictions to store, with parents and slugs.

use super::files::{read_gazetteer, Files};
use super::names::*;
use super::schools::{census_schools, ocd_schools};
use super::topo::CountyMap;
use std::collections::{BTreeMap, HashMap};

/// The consolidated city-county governments that the Census lists only as "(balance)" rows
/// (FUNCSTAT F), yet are the governments people mean: GEOID → (display name, legal type).
const BALANCE_ROWS: &[(&str, &str, &str)] = &[
    ("4752006", "Nashville-Davidson", "metropolitan government"),
    ("1836003", "Indianapolis", "city"),
    ("2148006", "Louisville/Jefferson County", "metro government"),
    ("1303440", "Athens-Clarke County", "unified government"),
    ("1304204", "Augusta-Richmond County", "consolidated government"),
    ("3011397", "Butte-Silver Bow", "consolidated government"),
];

/// A jurisdiction to store, keyed by its Census GEOIDFQ (or `leaid:` + LEAID).
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub key: String,
    pub kind: &'static str,
    pub legal_type: String,
    pub official_name: String,
    pub display_name: String,
    pub state_usps: String,
    pub state_fips: String,
    pub geoidfq: Option<String>,
    pub leaid: Option<String>,
    pub ocd_id: Option<String>,
    pub ansicode: Option<String>,
    /// The key of the parent county; `None` means the state.
    pub parent_key: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Land area in square metres (the Gazetteer's ALAND), to rank governments that share
    /// a name; the Gazetteer has no population.
    pub aland: Option<i64>,
    pub slug: String,
    /// Further identifiers that lead here (an independent city's county GEOIDFQ).
    pub aliases: Vec<String>,
}

/// A Census-designated place, kept only to point searches at its county.
#[derive(Clone, Debug)]
pub struct Unincorporated {
    pub geoidfq: String,
    pub name: String,
    pub state_usps: String,
    pub county_key: Option<String>,
}

/// Everything a load will write.
pub struct Plan {
    pub jurisdictions: Vec<Candidate>,
    pub unincorporated: Vec<Unincorporated>,
    pub notes: Vec<String>,
}

/// State facts the loader needs: USPS → FIPS.
pub type States = HashMap<String, String>;

pub(super) fn num(row: &HashMap<String, String>, col: &str) -> Option<f64> {
    row.get(col).and_then(|v| v.parse().ok())
}

pub(super) fn get(row: &HashMap<String, String>, col: &str) -> String {
    row.get(col).cloned().unwrap_or_default()
}

pub(super) struct CountyIndex {
    /// 5-digit GEOID → key of the jurisdiction that governs that county area, and whether
    /// that is an independent city (whose places then have the state as parent).
    by_geoid: HashMap<String, (String, bool)>,
    /// Per state: (lat, lon, key) of each county, for points that fall outside every shape.
    points: HashMap<String, Vec<(f64, f64, String)>>,
    map: Option<CountyMap>,
}

impl CountyIndex {
    pub(super) fn county_for(&self, usps: &str, fips: &str, lat: Option<f64>, lon: Option<f64>) -> Option<(String, bool)> {
        let (lat, lon) = (lat?, lon?);
        if let Some(g) = self.map.as_ref().and_then(|m| m.county_at(lon, lat)) {
            // Only trust a county of the same state (shapes are simplified at borders).
            if let Some(hit) = self.by_geoid.get(g).filter(|_| g.starts_with(fips)) {
                return Some(hit.clone());
            }
        }
        self.points
            .get(usps)?
            .iter()
            .min_by(|a, b| {
                let da = (a.0 - lat).powi(2) + (a.1 - lon).powi(2);
                let db = (b.0 - lat).powi(2) + (b.1 - lon).powi(2);
                da.total_cmp(&db)
            })
            .map(|c| (c.2.clone(), false))
    }
}

/// Reads the files and plans the jurisdictions. Pure: no database.
pub fn plan(files: &Files, states: &States) -> Result<Plan, String> {
    let mut notes = Vec::new();
    let counties_path = files.counties.as_ref().ok_or("no *_Gaz_counties_national.txt file found")?;
    let places_path = files.places.as_ref().ok_or("no *_Gaz_place_national.txt file found")?;
    let counties = read_gazetteer(counties_path)?;
    let places = read_gazetteer(places_path)?;
    let cousubs = match &files.cousubs {
        Some(p) => read_gazetteer(p)?,
        None => {
            notes.push("no county subdivision file: towns and townships were not loaded".into());
            Vec::new()
        }
    };
    let map = match &files.county_map {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("can't read {}: {e}", p.display()))?;
            Some(CountyMap::from_json(&text)?)
        }
        None => {
            notes.push("no counties-10m.json map: parent counties come from the nearest county centre".into());
            None
        }
    };
    let known = |usps: &str| states.contains_key(usps);
    let place_by_ansi: HashMap<String, &HashMap<String, String>> =
        places.iter().map(|p| (get(p, "ANSICODE"), p)).filter(|(a, _)| !a.is_empty()).collect();

    let mut out: Vec<Candidate> = Vec::new();
    let mut index = CountyIndex { by_geoid: HashMap::new(), points: HashMap::new(), map };
    // Independent cities appear as a county-equivalent and as a place with the same GNIS id:
    // store them once, as the place, with the county GEOIDFQ as an alias.
    let mut independent: HashMap<String, String> = HashMap::new(); // place GEOID → county GEOIDFQ
    for c in &counties {
        let usps = get(c, "USPS");
        if !known(&usps) {
            continue;
        }
        let geoid = get(c, "GEOID");
        let geoidfq = get(c, "GEOIDFQ");
        if let Some(p) = place_by_ansi.get(&get(c, "ANSICODE")) {
            let place_key = get(p, "GEOIDFQ");
            independent.insert(get(p, "GEOID"), geoidfq.clone());
            index.by_geoid.insert(geoid, (place_key, true));
            continue;
        }
        let name = get(c, "NAME");
        let (_, legal) = split_suffix(&name, COUNTY_SUFFIXES);
        let (lat, lon) = (num(c, "INTPTLAT"), num(c, "INTPTLONG"));
        index.by_geoid.insert(geoid.clone(), (geoidfq.clone(), false));
        if let (Some(la), Some(lo)) = (lat, lon) {
            index.points.entry(usps.clone()).or_default().push((la, lo, geoidfq.clone()));
        }
        out.push(Candidate {
            key: geoidfq.clone(),
            kind: "county",
            legal_type: if legal.is_empty() { "county".into() } else { legal },
            official_name: name.clone(),
            display_name: name,
            state_fips: states[&usps].clone(),
            state_usps: usps,
            geoidfq: Some(geoidfq),
            leaid: None,
            ocd_id: None,
            ansicode: Some(get(c, "ANSICODE")),
            parent_key: None,
            lat,
            lon,
            aland: num(c, "ALAND").map(|a| a as i64),
            slug: String::new(),
            aliases: Vec::new(),
        });
    }

    let mut unincorporated = Vec::new();
    for p in &places {
        let usps = get(p, "USPS");
        if !known(&usps) {
            continue;
        }
        let geoid = get(p, "GEOID");
        let funcstat = get(p, "FUNCSTAT");
        let name = get(p, "NAME");
        let (lat, lon) = (num(p, "INTPTLAT"), num(p, "INTPTLONG"));
        let balance = BALANCE_ROWS.iter().find(|b| b.0 == geoid);
        if funcstat != "A" && balance.is_none() {
            if funcstat == "S" {
                let county = index.county_for(&usps, &states[&usps], lat, lon).map(|c| c.0);
                let (base, _) = split_suffix(&name, PLACE_SUFFIXES);
                unincorporated.push(Unincorporated { geoidfq: get(p, "GEOIDFQ"), name: base, state_usps: usps, county_key: county });
            }
            continue;
        }
        let (display, legal) = match balance {
            Some((_, d, l)) => (d.to_string(), l.to_string()),
            None => split_suffix(&name, PLACE_SUFFIXES),
        };
        let parent_key = match index.county_for(&usps, &states[&usps], lat, lon) {
            Some((_, true)) | None => None,
            Some((k, false)) => Some(k),
        };
        let is_independent = independent.get(&geoid).cloned();
        out.push(Candidate {
            key: get(p, "GEOIDFQ"),
            kind: "place",
            legal_type: if legal.is_empty() { "municipality".into() } else { legal },
            official_name: name,
            display_name: display,
            state_fips: states[&usps].clone(),
            state_usps: usps,
            geoidfq: Some(get(p, "GEOIDFQ")),
            leaid: None,
            ocd_id: None,
            ansicode: Some(get(p, "ANSICODE")),
            parent_key: if is_independent.is_some() { None } else { parent_key },
            lat,
            lon,
            aland: num(p, "ALAND").map(|a| a as i64),
            slug: String::new(),
            aliases: is_independent.into_iter().collect(),
        });
    }

    // Towns and townships: active governments. Those marked F or C duplicate a place and are
    // skipped by the FUNCSTAT test; a New York town and the village of the same name are two
    // governments, so names alone never merge them.
    let place_ansi: std::collections::HashSet<String> =
        out.iter().filter(|c| c.kind == "place").filter_map(|c| c.ansicode.clone()).collect();
    for s in &cousubs {
        let usps = get(s, "USPS");
        if !known(&usps) || get(s, "FUNCSTAT") != "A" || place_ansi.contains(&get(s, "ANSICODE")) {
            continue;
        }
        let geoid = get(s, "GEOID");
        let parent_key = geoid.get(..5).and_then(|g| index.by_geoid.get(g)).filter(|c| !c.1).map(|c| c.0.clone());
        let name = get(s, "NAME");
        let (display, legal) = split_suffix(&name, COUSUB_SUFFIXES);
        out.push(Candidate {
            key: get(s, "GEOIDFQ"),
            kind: "township",
            legal_type: if legal.is_empty() { "town".into() } else { legal },
            official_name: name,
            display_name: display,
            state_fips: states[&usps].clone(),
            state_usps: usps,
            geoidfq: Some(get(s, "GEOIDFQ")),
            leaid: None,
            ocd_id: None,
            ansicode: Some(get(s, "ANSICODE")),
            parent_key,
            lat: num(s, "INTPTLAT"),
            lon: num(s, "INTPTLONG"),
            aland: num(s, "ALAND").map(|a| a as i64),
            slug: String::new(),
            aliases: Vec::new(),
        });
    }

    let schools = if files.census_schools.is_empty() {
        ocd_schools(files, states, &out, &mut notes)?
    } else {
        census_schools(files, states, &index)?
    };
    out.extend(schools);
    assign_slugs(&mut out);
    Ok(Plan { jurisdictions: out, unincorporated, notes })
}

/// Slugs computed over the whole set, so the result does not depend on load order: the
/// display name where unique in its state; else with its type; else with its county; else
/// with its identifier. Only the members of a clash that are at the clash's lowest level of
/// detail move up, so "X City" (by name) keeps its slug when "X" (city) lands on the same text.
pub fn assign_slugs(all: &mut [Candidate]) {
    let county_names: HashMap<String, String> =
        all.iter().filter(|c| c.kind == "county").map(|c| (c.key.clone(), c.display_name.clone())).collect();
    let candidates: Vec<[String; 4]> = all
        .iter()
        .map(|c| {
            let base = slugify(&c.display_name);
            let kind_word = match c.kind {
                "school_district" => "school-district".to_string(),
                "county" => slugify(&c.legal_type),
                _ => slugify(&c.legal_type),
            };
            let with_kind = if base.ends_with(&format!("-{kind_word}")) || kind_word.is_empty() {
                format!("{base}-{}", c.kind.replace('_', "-"))
            } else {
                format!("{base}-{kind_word}")
            };
            let with_county = match c.parent_key.as_ref().and_then(|k| county_names.get(k)) {
                Some(county) => format!("{with_kind}-{}", slugify(county)),
                None => format!("{with_kind}-{}", slugify(&c.state_usps)),
            };
            let ident = c.geoidfq.as_deref().and_then(|g| g.split("US").nth(1)).or(c.leaid.as_deref()).unwrap_or(&c.key);
            let with_id = format!("{base}-{}", slugify(ident));
            [base, with_kind, with_county, with_id]
        })
        .collect();
    let mut level = vec![0usize; all.len()];
    loop {
        let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, c) in all.iter().enumerate() {
            groups.entry((c.state_usps.as_str(), candidates[i][level[i]].as_str())).or_default().push(i);
        }
        let mut bumped = false;
        for members in groups.values().filter(|m| m.len() > 1) {
            let min = members.iter().map(|&i| level[i]).min().unwrap_or(0);
            let max = members.iter().map(|&i| level[i]).max().unwrap_or(0);
            for &i in members {
                // When levels differ, the entries that reached this text by moving up yield.
                if (min == max || level[i] > min) && level[i] < 3 {
                    level[i] += 1;
                    bumped = true;
                }
            }
        }
        if !bumped {
            break;
        }
    }
    for (i, c) in all.iter_mut().enumerate() {
        c.slug = candidates[i][level[i]].clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(key: &str, kind: &'static str, name: &str, legal: &str, parent: Option<&str>) -> Candidate {
        Candidate {
            key: key.into(),
            kind,
            legal_type: legal.into(),
            official_name: name.into(),
            display_name: name.into(),
            state_usps: "OH".into(),
            state_fips: "39".into(),
            geoidfq: Some(key.into()),
            leaid: None,
            ocd_id: None,
            ansicode: None,
            parent_key: parent.map(Into::into),
            lat: None,
            aland: None,
            lon: None,
            slug: String::new(),
            aliases: vec![],
        }
    }

    #[test]
    fn slugs_escalate_and_ignore_order() {
        let mut set = vec![
            cand("0500000US39003", "county", "Allen County", "County", None),
            cand("0500000US39005", "county", "Ashland County", "County", None),
            cand("1600000US3900001", "place", "Jackson", "city", Some("0500000US39003")),
            cand("0600000US3900300001", "township", "Jackson", "township", Some("0500000US39003")),
            cand("0600000US3900500002", "township", "Jackson", "township", Some("0500000US39005")),
            cand("1600000US3900002", "place", "Lima", "city", Some("0500000US39003")),
        ];
        assign_slugs(&mut set);
        let slugs: Vec<&str> = set.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["allen-county", "ashland-county", "jackson-city", "jackson-township-allen-county", "jackson-township-ashland-county", "lima"]
        );
        let mut reversed: Vec<Candidate> = set.iter().rev().cloned().collect();
        assign_slugs(&mut reversed);
        let again: Vec<&str> = reversed.iter().rev().map(|c| c.slug.as_str()).collect();
        assert_eq!(again, slugs);
    }
}
