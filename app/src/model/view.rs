//! Read models: what pages show and server functions return.

use super::{
    kinds::*,
    urls::PlacePath,
    workflow::{Resolution, RevisionState},
    PartialDate,
};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A jurisdiction as a link: enough to name it and build its URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionRef {
    pub id: i64,
    pub kind: JurisdictionKind,
    /// The legal or statistical type from the source file ("city", "County", "township").
    pub legal_type: String,
    pub display_name: String,
    pub official_name: String,
    pub state_usps: String,
    pub state_name: String,
    pub slug: String,
    /// Census GEOIDFQ, e.g. "1600000US0653000"; absent for school districts.
    pub geoidfq: Option<String>,
    /// NCES LEAID for school districts.
    pub leaid: Option<String>,
    pub ocd_id: Option<String>,
}

impl JurisdictionRef {
    /// Where this jurisdiction's page lives.
    pub fn path(&self) -> PlacePath {
        if self.kind == JurisdictionKind::State {
            PlacePath::state(&self.state_usps)
        } else {
            PlacePath::local(&self.state_usps, &self.slug)
        }
    }

    /// The public page of this jurisdiction, in `lang`.
    pub fn url(&self, lang: Lang) -> String {
        self.path().url(lang)
    }

    /// "Oakland, CA" or "California".
    pub fn label(&self) -> String {
        if self.kind == JurisdictionKind::State {
            self.display_name.clone()
        } else {
            format!("{}, {}", self.display_name, self.state_usps)
        }
    }

    /// What sort of government this is, in plain words ("city", "county", "school district"),
    /// in the page's language.
    pub fn type_label(&self) -> String {
        self.type_label_in(crate::i18n::lang())
    }

    /// [`type_label`](Self::type_label) in `lang`. The legal type is the census's own word
    /// ("city", "borough", "charter township"): English shows it as written (lower case);
    /// other languages show its translation (`legal-type-<word>`, `app/locales/*/data.ftl`)
    /// when the catalogue has one, else the word as written.
    pub fn type_label_in(&self, lang: Lang) -> String {
        match self.kind {
            JurisdictionKind::State => crate::i18n::t(lang, "place-type-state"),
            JurisdictionKind::SchoolDistrict => crate::i18n::t(lang, "place-type-school-district"),
            JurisdictionKind::SpecialDistrict => crate::i18n::t(lang, "place-type-special-district"),
            _ if lang == Lang::En => self.legal_type.to_lowercase(),
            _ => {
                let written = self.legal_type.to_lowercase();
                let id = format!(
                    "legal-type-{}",
                    written.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
                );
                crate::i18n::try_t(lang, &id).unwrap_or(written)
            }
        }
    }
}

/// A place-search suggestion. Unincorporated areas point to the county that governs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceSuggestion {
    /// The jurisdiction a pick leads to.
    pub jurisdiction_id: i64,
    /// What the person reads: "Oakland, CA (city)" or "Arlington, VA (unincorporated) → Arlington County".
    pub label: String,
    /// The text put back into the field when picked.
    pub value: String,
    /// The page a pick opens.
    pub path: PlacePath,
}

/// An Amazon company that can be party to a deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityView {
    pub id: i64,
    pub name: String,
    pub parent_name: Option<String>,
}

/// A deal with everything its page shows: the deal as published (or, for its author and
/// moderators, as waiting), its government and company by name, and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealView {
    pub id: i64,
    pub deal: super::Deal,
    pub jurisdiction: JurisdictionRef,
    pub entity: EntityView,
    pub review_state: ReviewState,
    pub revision_count: i64,
    /// The author's handle; `None` once the account is deleted.
    pub created_by: Option<String>,
    pub created_by_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    /// False while a contributor's new deal waits for a moderator.
    pub published: bool,
    /// The revision number the public sees.
    pub published_revision: Option<i64>,
    /// Set when the deal was withdrawn, with the reason.
    pub withdrawn_reason: Option<String>,
    /// The deal kept, when this one was withdrawn as its duplicate.
    pub duplicate_of: Option<i64>,
    /// Live links to other deals, from this deal's side.
    pub links: Vec<LinkRow>,
    /// For a deal not yet published: where its newest version stands (waiting, or turned
    /// down) and the moderator's reason.
    pub review: Option<(RevisionState, Option<String>)>,
    /// The number of the viewer's own change that waits for review, when they have one.
    pub my_pending: Option<i64>,
    /// Reported problems that moderators resolved, newest first: what was done, never the
    /// report or who sent it.
    pub resolved_reports: Vec<Resolution>,
    /// The title of the deal this one duplicates, when withdrawn as a duplicate.
    pub duplicate_title: Option<String>,
    /// The documents kept for its sources (type and size), by their SHA-256.
    #[serde(default)]
    pub documents: Vec<super::document::DocumentBrief>,
}

/// A line in a list of deals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealRow {
    pub id: i64,
    pub title: String,
    pub kind: DealKind,
    pub status: DealStatus,
    pub jurisdiction_label: String,
    pub jurisdiction_path: PlacePath,
    pub entity_name: String,
    pub amount_cents: Option<i64>,
    pub value_basis: Option<ValueBasis>,
    /// The most telling date known: approved, else announced, else start.
    pub date: Option<PartialDate>,
    pub review_state: ReviewState,
    /// The first source's link, so the figure is one click from its evidence.
    pub first_source_url: Option<String>,
}

/// Sums of disclosed money for one value basis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BasisTotal {
    pub basis: Option<ValueBasis>,
    pub cents: i64,
    pub deals: i64,
}

/// One kind's disclosed sums, split by basis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindTotal {
    pub kind: DealKind,
    pub by_basis: Vec<BasisTotal>,
    pub undisclosed: i64,
}

/// Totals over a set of deals. Figures of different bases are never added together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub deals: i64,
    pub undisclosed: i64,
    pub by_basis: Vec<BasisTotal>,
    pub by_kind: Vec<KindTotal>,
    /// Counts and disclosed sums by status ("Approved", "Active" …), most deals first.
    pub by_status: Vec<GroupTotal>,
    /// The same by Amazon entity (Amazon.com, Inc., Amazon Web Services, Ring …).
    pub by_entity: Vec<GroupTotal>,
    /// Deals per year and kind, for the timeline; deals with no date are left out.
    pub by_year: Vec<YearCount>,
    /// When a deal in this set last changed (YYYY-MM-DD).
    pub last_updated: Option<String>,
    /// How many governments have a public deal in this set.
    pub governments: i64,
}

/// One row of a breakdown: a label, how many deals, disclosed sums by basis, undisclosed count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupTotal {
    /// The company's name; for statuses, the status code (pages show its label).
    pub label: String,
    pub deals: i64,
    pub undisclosed: i64,
    pub by_basis: Vec<BasisTotal>,
}

/// How many deals of one kind are dated in one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearCount {
    pub year: i32,
    pub kind: DealKind,
    pub deals: i64,
}

/// A jurisdiction's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceData {
    pub place: JurisdictionRef,
    /// The county (or state) above it.
    pub parent: Option<JurisdictionRef>,
    pub state: JurisdictionRef,
    /// Deals this government made itself.
    pub own_deals: Vec<DealRow>,
    pub own_totals: Totals,
    /// For counties and states: deals of the governments within, summed separately.
    pub within_deals: Vec<DealRow>,
    pub within_totals: Option<Totals>,
    /// This government's deals that are linked to others: (deal id, title, links).
    pub links: Vec<(i64, String, Vec<LinkRow>)>,
    /// For a state: its counties shaded by deals.
    pub map: Option<MapView>,
    /// What is decided next here and in the governments inside (at most ten, by date).
    pub coming_up: super::upcoming::Upcoming,
    /// How to take part here: its meetings, public comment, public records.
    pub profile: Option<super::profile::Profile>,
}

/// The signed-in person: who acts in a request, as pages and the rules see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub handle: String,
    pub role: Role,
}

impl Viewer {
    /// Whether they review others' work (moderators and admins).
    pub fn is_moderator(&self) -> bool {
        self.role.is_moderator()
    }
}

/// Site-wide figures for the home page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteSummary {
    pub totals: Totals,
    pub latest: Vec<DealRow>,
    pub jurisdictions_loaded: i64,
}

/// A link as a deal or place page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: i64,
    /// How the relation reads from this side.
    pub relation: String,
    pub other_id: i64,
    pub other_title: String,
    pub other_place: String,
    pub other_place_path: PlacePath,
}

/// A pending proposal as moderators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub state_usps: String,
    pub parent: String,
    pub note: String,
    pub by: Option<String>,
}

/// A deal in a browse list, with the words that matched the search marked by \u{2}…\u{3}.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrowseRow {
    pub row: DealRow,
    pub marked_title: Option<String>,
    pub snippet: Option<String>,
    /// Where in the deal's source documents the words were found, when not in its title
    /// or description.
    #[serde(default)]
    pub found_in: Option<super::document::DocumentHit>,
}

/// One value of a facet with how many deals it would show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

/// Facet counts, each computed with every other active filter applied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub kind: Vec<FacetValue>,
    pub status: Vec<FacetValue>,
    pub entity: Vec<FacetValue>,
    pub state: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// A page of the browse view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BrowsePage {
    pub rows: Vec<BrowseRow>,
    /// Deals matching the filters, over all pages.
    pub total: i64,
    /// Cursor for the next page, when there is one.
    pub next: Option<String>,
    pub facets: Facets,
    /// The place filter's name, when one is set.
    pub place_label: Option<String>,
    /// For a search that found nothing, the same search spelled as the index has it.
    pub suggestion: Option<String>,
}

/// A map drawn on the server as inline SVG: one linked, shaded shape per area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// The SVG viewBox: "x y width height".
    pub view_box: String,
    pub areas: Vec<MapArea>,
    /// What each shade means, lightest first: (shade, "1–2 deals").
    pub legend: Vec<(u8, String)>,
}

/// One shape on a map: a county on a state's map, a state on the national one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    pub name: String,
    /// Its page; absent when the area is not a jurisdiction we list.
    pub url: Option<String>,
    /// Deals made by it or by governments in it.
    pub deals: i64,
    /// 0 (none) to 4 (most).
    pub shade: u8,
    /// SVG path data.
    pub path: String,
}
