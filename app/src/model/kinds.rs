//! The fixed vocabularies: each value has a stable code (stored, exported) and a plain label
//! in each language, from the catalogues.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($prefix:literal) { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code stored in the database and used in URLs and exports.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            /// The words a resident reads, in the page's language.
            pub fn label(self) -> String { self.label_in(crate::i18n::lang()) }
            /// The words in `lang` (catalogue id `<prefix>-<code>`, `app/locales/*/vocabulary.ftl`).
            pub fn label_in(self, lang: crate::i18n::Lang) -> String {
                crate::i18n::t(lang, match self { $($name::$variant => concat!($prefix, "-", $code)),+ })
            }
            /// Looks a value up by its code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// What kind of deal a government made with Amazon.
    DealKind("kind") {
        ProcurementContract => "procurement_contract",
        CloudContract => "cloud_contract",
        CooperativePurchasing => "cooperative_purchasing",
        CashGrant => "cash_grant",
        TaxAbatement => "tax_abatement",
        TaxCredit => "tax_credit",
        Tif => "tif",
        LandDeal => "land_deal",
        Loan => "loan",
        FeeWaiver => "fee_waiver",
        Infrastructure => "infrastructure",
        DeviceSubsidy => "device_subsidy",
        PolicePartnership => "police_partnership",
        Other => "other",
    }
}

vocabulary! {
    /// Where a deal stands.
    DealStatus("status") {
        Proposed => "proposed",
        Approved => "approved",
        Active => "active",
        Completed => "completed",
        Cancelled => "cancelled",
        Terminated => "terminated",
        ClawedBack => "clawed_back",
    }
}

vocabulary! {
    /// What a disclosed amount means. A ceiling, an estimate and money actually paid are
    /// different facts and are never summed into one figure without saying so.
    ValueBasis("basis") {
        Maximum => "maximum",
        Estimated => "estimated",
        ActualPaid => "actual_paid",
    }
}

vocabulary! {
    /// The kinds of government a deal can belong to.
    JurisdictionKind("government") {
        State => "state",
        County => "county",
        Place => "place",
        Township => "township",
        SchoolDistrict => "school_district",
        SpecialDistrict => "special_district",
    }
}

vocabulary! {
    /// Whether a moderator has looked at a deal.
    ReviewState("review-state") {
        Unreviewed => "unreviewed",
        Approved => "approved",
    }
}

vocabulary! {
    /// What an account may do.
    Role("role") {
        Contributor => "contributor",
        Moderator => "moderator",
        Admin => "admin",
    }
}

impl Role {
    /// Whether this role reviews others' work (moderators and admins).
    pub fn is_moderator(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

vocabulary! {
    /// What a dated event of a deal is: a decision (hearing, vote, comment deadline) or a
    /// date the deal itself turns on (a renewal option, its expiry).
    EventKind("event") {
        Hearing => "hearing",
        Vote => "vote",
        CommentDeadline => "comment_deadline",
        RenewalOption => "renewal_option",
        Expiry => "expiry",
    }
}

vocabulary! {
    /// What came of an event once it was held.
    EventOutcome("outcome") {
        Approved => "approved",
        Rejected => "rejected",
        Tabled => "tabled",
        Postponed => "postponed",
    }
}

impl EventKind {
    /// Whether the event is a decision people can take part in (listed 90 days ahead); the
    /// others are dates the deal turns on (listed a year ahead).
    pub fn is_decision(self) -> bool {
        matches!(self, EventKind::Hearing | EventKind::Vote | EventKind::CommentDeadline)
    }
}
