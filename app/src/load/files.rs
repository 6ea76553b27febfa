//! Finding and reading the reference files in a folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files a load uses; only the three Gazetteer files are required.
#[derive(Debug, Default)]
pub struct Files {
    pub counties: Option<PathBuf>,
    pub places: Option<PathBuf>,
    pub cousubs: Option<PathBuf>,
    /// Lon/lat county TopoJSON (not the pre-projected Albers one).
    pub county_map: Option<PathBuf>,
    /// Albers-projected TopoJSON of counties and states, for drawing maps.
    pub albers_map: Option<PathBuf>,
    /// Open Civic Data school-district id mapping and names.
    pub school_ids: Option<PathBuf>,
    pub school_names: Option<PathBuf>,
    /// Census school-district Gazetteer files (unified, elementary, secondary), when supplied.
    pub census_schools: Vec<PathBuf>,
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && depth > 0 {
            walk(&p, depth - 1, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// Picks the newest vintage of each kind of file found under `dir` (three levels deep).
pub fn find(dir: &Path) -> Files {
    let mut all = Vec::new();
    walk(dir, 3, &mut all);
    all.sort();
    let name = |p: &PathBuf| p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    // File names start with the year, so the last in sorted order is the newest.
    let newest = |suffix: &str| all.iter().rfind(|p| name(p).ends_with(suffix) && name(p).contains("_Gaz_")).cloned();
    let mut census_schools = Vec::new();
    for kind in ["_Gaz_unsd_national.txt", "_Gaz_elsd_national.txt", "_Gaz_scsd_national.txt"] {
        if let Some(p) = all.iter().rfind(|p| name(p).ends_with(kind)) {
            census_schools.push(p.clone());
        }
    }
    Files {
        counties: newest("_Gaz_counties_national.txt"),
        places: newest("_Gaz_place_national.txt"),
        cousubs: newest("_Gaz_cousubs_national.txt"),
        county_map: all.iter().find(|p| name(p) == "counties-10m.json").cloned(),
        albers_map: all.iter().find(|p| name(p) == "counties-albers-10m.json").cloned(),
        school_ids: all.iter().find(|p| name(p) == "us_school_district_nces_mapping.csv").cloned(),
        school_names: all.iter().find(|p| name(p) == "us_school_districts.csv").cloned(),
        census_schools,
    }
}

/// A pipe-delimited Gazetteer file as rows of column name → text.
pub fn read_gazetteer(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("can't read {}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<String> =
        lines.next().ok_or_else(|| format!("{} is empty", path.display()))?.split('|').map(|h| h.trim().to_string()).collect();
    for required in ["USPS", "GEOID", "NAME"] {
        if !header.iter().any(|h| h == required) {
            return Err(format!("{} has no {required} column; is it a Census Gazetteer file?", path.display()));
        }
    }
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().cloned().zip(l.split('|').map(|v| v.trim().to_string())).collect())
        .collect())
}

/// Splits one CSV line, honouring double quotes (the OCD files quote names with commas).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes() {
        assert_eq!(super::csv_fields(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
        assert_eq!(super::csv_fields(r#""say ""hi""",x"#), vec![r#"say "hi""#, "x"]);
    }
}
