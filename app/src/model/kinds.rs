//! The fixed vocabularies: each value has a stable code (stored, exported) and a plain label.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code stored in the database and used in URLs and exports.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            /// The words a resident reads.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            /// Looks a value up by its code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// What kind of deal a government made with Amazon.
    DealKind {
        ProcurementContract => ("procurement_contract", "Procurement contract"),
        CloudContract => ("cloud_contract", "Cloud services contract"),
        CooperativePurchasing => ("cooperative_purchasing", "Cooperative purchasing"),
        CashGrant => ("cash_grant", "Cash grant"),
        TaxAbatement => ("tax_abatement", "Tax abatement"),
        TaxCredit => ("tax_credit", "Tax credit"),
        Tif => ("tif", "Tax increment financing (TIF)"),
        LandDeal => ("land_deal", "Land deal"),
        Loan => ("loan", "Loan"),
        FeeWaiver => ("fee_waiver", "Fee waiver"),
        Infrastructure => ("infrastructure", "Infrastructure paid for"),
        DeviceSubsidy => ("device_subsidy", "Device subsidy (e.g. Ring cameras)"),
        PolicePartnership => ("police_partnership", "Police partnership"),
        Other => ("other", "Other"),
    }
}

vocabulary! {
    /// Where a deal stands.
    DealStatus {
        Proposed => ("proposed", "Proposed"),
        Approved => ("approved", "Approved by the government"),
        Active => ("active", "Active"),
        Completed => ("completed", "Completed"),
        Cancelled => ("cancelled", "Cancelled"),
        Terminated => ("terminated", "Terminated"),
        ClawedBack => ("clawed_back", "Clawed back"),
    }
}

vocabulary! {
    /// What a disclosed amount means. A ceiling, an estimate and money actually paid are
    /// different facts and are never summed into one figure without saying so.
    ValueBasis {
        Maximum => ("maximum", "Maximum (ceiling)"),
        Estimated => ("estimated", "Estimated"),
        ActualPaid => ("actual_paid", "Actually paid"),
    }
}

vocabulary! {
    /// The kinds of government a deal can belong to.
    JurisdictionKind {
        State => ("state", "State"),
        County => ("county", "County"),
        Place => ("place", "City or town"),
        Township => ("township", "Town or township"),
        SchoolDistrict => ("school_district", "School district"),
        SpecialDistrict => ("special_district", "Special district"),
    }
}

vocabulary! {
    /// Whether a moderator has looked at a deal.
    ReviewState {
        Unreviewed => ("unreviewed", "Not yet checked by a moderator"),
        Approved => ("approved", "Checked by a moderator"),
    }
}

vocabulary! {
    /// What an account may do.
    Role {
        Contributor => ("contributor", "Contributor"),
        Moderator => ("moderator", "Moderator"),
        Admin => ("admin", "Administrator"),
    }
}

impl Role {
    /// Whether this role reviews others' work (moderators and admins).
    pub fn is_moderator(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}
