//! Turning official names into the names and addresses people use.

/// Lower-case ASCII words joined by `-`: "La Cañada Flintridge" → "la-canada-flintridge".
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() && ch != '\'' && ch != '.' {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Splits a Census name into (display name, legal type): "Abbeville city" → ("Abbeville", "city").
/// Suffixes are tried longest first so "city and borough" wins over "borough".
pub fn split_suffix<'a>(name: &'a str, suffixes: &[&'a str]) -> (String, String) {
    let mut sorted: Vec<&&str> = suffixes.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for suffix in sorted {
        if let Some(base) = name.strip_suffix(suffix) {
            if let Some(base) = base.strip_suffix(' ') {
                if !base.is_empty() {
                    return (base.to_string(), suffix.to_string());
                }
            }
        }
    }
    (name.to_string(), String::new())
}

/// Legal suffixes of place names in the Census files.
pub const PLACE_SUFFIXES: &[&str] = &[
    "city and borough",
    "consolidated government",
    "unified government",
    "metropolitan government",
    "metro government",
    "urban county",
    "city",
    "town",
    "village",
    "borough",
    "municipality",
    "corporation",
    "CDP",
    "comunidad",
    "zona urbana",
];

/// Legal suffixes of county subdivision names.
pub const COUSUB_SUFFIXES: &[&str] = &[
    "charter township",
    "township",
    "town",
    "plantation",
    "gore",
    "grant",
    "purchase",
    "location",
    "village",
    "borough",
    "city",
    "district",
    "precinct",
];

/// Legal suffixes of county names (kept in the display name, since people say "Orleans Parish").
pub const COUNTY_SUFFIXES: &[&str] =
    &["County", "Parish", "Borough", "Census Area", "City and Borough", "Municipality", "Municipio", "Planning Region", "city", "City"];

/// NCES abbreviations in school-district names and what they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("co", "County"),
    ("co.", "County"),
    ("cnty", "County"),
    ("pblc", "Public"),
    ("pub", "Public"),
    ("schs", "Schools"),
    ("sch", "School"),
    ("schl", "School"),
    ("dist", "District"),
    ("dist.", "District"),
    ("sd", "School District"),
    ("isd", "Independent School District"),
    ("cisd", "Consolidated Independent School District"),
    ("usd", "Unified School District"),
    ("cusd", "Community Unit School District"),
    ("ccsd", "Community Consolidated School District"),
    ("esd", "Elementary School District"),
    ("hsd", "High School District"),
    ("uhsd", "Union High School District"),
    ("comm", "Community"),
    ("elem", "Elementary"),
    ("el", "Elementary"),
    ("twp", "Township"),
    ("reg", "Regional"),
    ("regl", "Regional"),
    ("cons", "Consolidated"),
    ("consol", "Consolidated"),
    ("cty", "City"),
    ("ctr", "Center"),
    ("vlg", "Village"),
    ("voc", "Vocational"),
    ("tech", "Technical"),
    ("ed", "Education"),
    ("educ", "Education"),
    ("acad", "Academy"),
    ("mt", "Mount"),
    ("ft", "Fort"),
    ("hts", "Heights"),
    ("spgs", "Springs"),
    ("jt", "Joint"),
    ("no.", "No."),
    ("no", "No."),
    ("pcs", "Public Charter School"),
    ("cs", "Charter School"),
    ("h", "High"),
    ("hs", "High School"),
    ("ms", "Middle School"),
    ("rsu", "RSU"),
    ("rop", "ROP"),
    ("boces", "BOCES"),
    ("&", "&"),
];

/// Words written in capitals as they stand.
const UPPER: &[&str] = &[
    "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "r-i", "r-ii", "r-iii", "r-iv", "r-v", "r-vi", "r-vii", "r-viii", "r-ix",
    "r-x", "kipp", "ksd",
];

/// Small words kept lower case inside a name.
const SMALL: &[&str] = &["of", "the", "and", "for", "in", "at", "de", "la"];

/// "prince william co pblc schs" → "Prince William County Public Schools".
pub fn school_name(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == lw) {
            out.push((*full).to_string());
        } else if UPPER.contains(&lw.as_str()) {
            out.push(lw.to_uppercase());
        } else if i > 0 && SMALL.contains(&lw.as_str()) {
            out.push(lw);
        } else {
            out.push(title_word(&lw));
        }
    }
    out.join(" ")
}

fn title_word(w: &str) -> String {
    // Capitalise after hyphens and apostrophes too: "wilkes-barre", "o'fallon".
    let mut out = String::with_capacity(w.len());
    let mut cap = true;
    for ch in w.chars() {
        if cap {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
        cap = ch == '-' || ch == '\'' || ch == '/' || ch == '(';
    }
    out
}

/// A name reduced for matching: lower case, ASCII, no punctuation, single spaces.
pub fn match_key(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(slugify("La Cañada Flintridge"), "la-canada-flintridge");
        assert_eq!(slugify("St. Mary's County"), "st-marys-county");
        assert_eq!(slugify("Louisville/Jefferson County"), "louisville-jefferson-county");
        assert_eq!(slugify("Winston-Salem"), "winston-salem");
    }

    #[test]
    fn suffixes_split_longest_first() {
        assert_eq!(split_suffix("Juneau city and borough", PLACE_SUFFIXES), ("Juneau".into(), "city and borough".into()));
        assert_eq!(split_suffix("Abbeville city", PLACE_SUFFIXES), ("Abbeville".into(), "city".into()));
        assert_eq!(split_suffix("Princeton", PLACE_SUFFIXES), ("Princeton".into(), "".into()));
        assert_eq!(split_suffix("Canton charter township", COUSUB_SUFFIXES), ("Canton".into(), "charter township".into()));
    }

    #[test]
    fn school_names_expand() {
        assert_eq!(school_name("prince william co pblc schs"), "Prince William County Public Schools");
        assert_eq!(school_name("hoover city sd"), "Hoover City School District");
        assert_eq!(school_name("school district of the city of erie"), "School District of the City of Erie");
        assert_eq!(school_name("lincoln co r-iii"), "Lincoln County R-III");
    }
}
