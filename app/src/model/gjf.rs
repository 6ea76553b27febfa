//! How a Good Jobs First Subsidy Tracker row becomes a deal's kind: shared by the importer
//! and the page that documents it (/about/data).

/// Good Jobs First "Type of Subsidy" → the tracker's kind. Documented in the README.
pub const GJF_KINDS: &[(&str, &str)] = &[
    ("property tax abatement", "tax_abatement"),
    ("tax abatement", "tax_abatement"),
    ("enterprise zone", "tax_abatement"),
    ("tax exemption", "tax_abatement"),
    ("tax increment financing", "tif"),
    ("tax credit", "tax_credit"),
    ("tax credit/rebate", "tax_credit"),
    ("tax credit/rebate and grant", "tax_credit"),
    ("job creation tax credit", "tax_credit"),
    ("grant", "cash_grant"),
    ("cost reimbursement", "cash_grant"),
    ("training reimbursement", "cash_grant"),
    ("infrastructure assistance", "infrastructure"),
    ("loan", "loan"),
    ("loan or bond financing", "loan"),
    ("bond financing", "loan"),
    ("fee waiver", "fee_waiver"),
    ("land", "land_deal"),
    ("property", "land_deal"),
    ("megadeal", "other"),
];

/// When the Type of Subsidy says nothing more specific than "other" (or "megadeal"), the
/// Program Name and Notes decide, by whole words. Documented on /about/data and the README.
pub const GJF_WORD_RULES: &[(&[&str], &str)] = &[
    (&["ring", "doorbell", "doorbells", "camera", "cameras"], "device_subsidy"),
    (&["aws", "cloud", "hosting", "customer agreement", "web services"], "cloud_contract"),
];

/// Words that make a Ring or camera program a police partnership.
pub const GJF_POLICE_WORDS: &[&str] = &["police", "partnership", "neighbors", "portal", "sheriff", "law enforcement"];
