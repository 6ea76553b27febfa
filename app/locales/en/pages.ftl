## Every page: the site header, navigation and footer (app/src/pages/common.rs).

common-skip = Skip to content
common-nav-label = Main
common-nav-places = Places
common-nav-deals = All deals
common-nav-upcoming = Coming up
common-nav-record = Record a deal
common-nav-review = Review
common-nav-accounts = Accounts
# Followed by the person's handle.
common-nav-signed-in-as = Signed in as
common-nav-sign-out = Sign out
common-sign-in = Sign in
common-nav-sign-up = Sign up
common-footer = Public records of what local governments give Amazon. Every figure links to its source. Something wrong? Sign in and record a correction.

## Amounts: what shows for a missing amount, and the word after an amount that says what it means.

common-not-disclosed = Not disclosed
common-basis-maximum = maximum
common-basis-estimated = estimated
common-basis-actual-paid = actually paid

## Error pages.

common-please-sign-in = Please sign in
# A link, followed by common-unauth-after.
common-unauth-link = Sign in
common-unauth-after = to see this page.
common-moved-title = Moved
common-moved-heading = This page has moved
common-moved-link = Go to its new address: { $to }
common-went-wrong = Something went wrong

## The not-found page.

common-not-found-title = Not found · Amazon Contract Tracker
common-not-found-heading = We couldn't find that page
common-not-found-text = The link may be mistyped, or the place may have a new address. Search for the place instead:
common-not-found-place-label = Place name
common-place-placeholder = e.g. Arlington County, VA
common-search = Search
common-go-home = Go to the home page

## Totals over a set of deals.

common-no-deals-yet = No deals recorded yet.
common-total-maximum = Up to (contract ceilings)
common-total-estimated = Estimated value
common-total-actual-paid = Actually paid
common-deal-count = { $count ->
    [one] { $count } deal
   *[other] { $count } deals
}
common-total-undisclosed = Amount not disclosed
# After the number of deals whose amount is not public.
common-undisclosed-sub = { $count ->
    [one] deal with no public figure
   *[other] deals with no public figure
}
common-by-kind-caption = By kind of deal
common-col-disclosed = Disclosed amounts
common-col-undisclosed = Undisclosed

## Tables of deals.

common-none-yet = None recorded yet.
common-col-deal = Deal
common-col-government = Government
common-col-kind = Kind
common-col-amount = Amount
common-col-date = Date
common-col-source = Source
common-unreviewed = not yet checked by a moderator
common-document = Document
common-citation = Citation

## The home page, / (app/src/pages/home.rs).

home-title = Amazon Contract Tracker: what local governments give Amazon
home-description = Contracts, subsidies, tax breaks and police partnerships between local governments and Amazon, place by place, with the source documents.
home-feed-title = New and changed deals
home-heading = What did your government give Amazon?
home-intro = Cloud contracts, purchasing deals, Ring camera subsidies, police partnerships, and tax breaks for warehouses and data centers: recorded by residents, each with its source document.
home-place-label = City, county, school district or state
home-find = Find
home-across-site = Across the site
home-totals = { $deals ->
    [one] { $deals } deal
   *[other] { $deals } deals
    } recorded for { $governments ->
    [one] { $governments } government
   *[other] { $governments } governments
    }.
home-latest = Latest deals
home-record = Record a deal
home-browse-all = Browse and search all deals
# Followed by the command, in code: tracker places load DIR.
home-no-places = No cities, counties or school districts are loaded yet, only states. An administrator loads them with

## The place search without JavaScript, /search.

home-search-title = Find a place · Amazon Contract Tracker
home-search-heading = Find a place
home-no-match = No government matches "{ $query }". Try the name only, e.g. "Arlington", or add the state: "Arlington, VA".

## About the data, /about/data (app/src/pages/about.rs). Column names, codes, file names and addresses stay as they are.

about-title = About the data · Amazon Contract Tracker
about-heading = About the data
about-or = or
about-and = and
about-eg = e.g.
# Followed by .csv, "or", .json.
about-download-add = Every list on this site can be downloaded: add
# Followed by example addresses.
about-download-to = to a browse link, a place page or a state page, e.g.
about-download-rest = A file holds every matching deal, not one page. Only published deals are included; deals waiting for review or withdrawn are not.
about-licence-heading = Licence
# Followed by the licence's name (CC BY 4.0).
about-licence-before = The data is published under
about-licence-after = Please credit "Amazon Contract Tracker" and link to the deal pages you use.
about-csv-heading = CSV columns
about-csv-text = UTF-8, comma-separated, one header row. A cell that would start with = + - or @ starts with an apostrophe instead, so spreadsheets don't run it as a formula; the importer removes it again.
about-column = Column
about-meaning = Meaning

## What each CSV column holds.

about-col-id = The deal's number; its page is /deals/{"{"}id{"}"}.
about-col-url = The deal's page on this site.
about-col-title = A short plain title.
about-col-kind = procurement_contract, cloud_contract, cooperative_purchasing, cash_grant, tax_abatement, tax_credit, tif, land_deal, loan, fee_waiver, infrastructure, device_subsidy, police_partnership or other.
about-col-status = proposed, approved, active, completed, cancelled, terminated or clawed_back.
about-col-government = The awarding government: the one that pays, signs or grants (not where a building stands).
about-col-government-kind = state, county, place, township, school_district or special_district.
about-col-state = Two-letter state code.
about-col-geoidfq = Census fully-qualified GEOID of the government, e.g. 0500000US51013.
about-col-leaid = NCES school district id, for school districts.
about-col-entity = The Amazon company that is party to the deal.
about-col-amount-usd = Dollars with cents, e.g. 23000000.00. Empty when not disclosed: never read an empty amount as zero.
about-col-amount-disclosed = yes or no. A disclosed 0 (a no-cost partnership) is a real value.
about-col-value-basis = maximum (a ceiling), estimated, or actual_paid. Don't add amounts of different bases together.
about-col-dates = Dates known to the year (2023), month (2023-05) or day (2023-05-17).
about-col-agency-program = The awarding body or agency, and the program, as the sources name them.
about-col-jobs-promised = Jobs promised in return, when stated.
about-col-facility = The project or facility (e.g. Project Rex) and where it is.
about-col-description = What happened, in plain words.
about-col-sources = The sources, one entry per source in each column, in the same order, separated by " | " (empty where a source has no such part, e.g. a document without a link). The importer also reads older files with source_citations ("title (publisher)"). On import, source_files names the document behind each source, as a path inside the folder given with `tracker import --files-from DIR`. Exports do not carry it: a kept document is at /documents/ and its SHA-256.
about-col-recorded-updated = When the deal was first recorded and last changed (UTC).

## JSON, SQLite and OCDS.

about-json-heading = JSON shape
about-sqlite-heading = The whole data set as a database
about-sqlite-download = Download tracker-public.sqlite
about-sqlite-text = every published deal, its sources and approved revisions, the jurisdictions and Amazon companies, and contributors' public names, as one SQLite file for Datasette, notebooks or any SQL tool. Accounts, sessions, reports and anything waiting for review are left out. It is rebuilt within a minute of a change.
about-ocds-heading = Open Contracting Data Standard
# After the address /ocds/releases.json; followed by a link to the browse page.
about-ocds-package = is an OCDS 1.1 release package of every published deal, and takes the same filters as the
about-ocds-browse-page = browse page
# After the address /deals/{id}/ocds.json.
about-ocds-record = is a record package for one deal: each approved revision as a release, the compiled release, and the versioned release that shows how each field changed.
# Shown in the pattern ocds-amzntr-{deal id}.
about-ocid-deal-id = deal id
about-ocid-note = (the prefix is not registered with OCDS).
# Followed by the role buyer.
about-ocds-party = The government is a party with the roles
# After the role funder; followed by the scheme US-CENSUS-GEOIDFQ.
about-ocds-funder = for grants, tax breaks and other subsidies); its identifier is the Census GEOIDFQ (scheme
# Followed by the scheme US-NCES-LEAID.
about-ocds-leaid = or, for school districts, the NCES LEAID (
# Followed by the role supplier.
about-ocds-supplier = The Amazon company is
# After the role payee.
about-ocds-payee = for subsidies). Each deal is one award and one contract; sources are contract documents.
# Followed by the field name value.
about-ocds-no-value = An undisclosed amount has no
about-ocds-no-value-after = at all, never 0. Partial dates (a year, a month) become the first day of that period.
# Followed by the extension's name, amazonTracker.
about-ocds-extension = Extension
# Followed by the list of the extension's fields.
about-ocds-extension-carries = on each release carries what core OCDS has no field for:
# Followed by the field name sha256.
about-ocds-kept = A source whose document the site keeps has a second document, the kept file, with its fingerprint in
# Followed by the extension's address.
about-ocds-declared = Every package lists the extension that declares these fields:
about-ocds-extension-kind = (the tracker's kinds of deal),

## Feeds.

about-feeds-heading = Feeds
# Followed by a link (about-feeds-follow), then "): /feed.atom".
about-feeds-intro = New deals and approved changes as Atom feeds (
about-feeds-follow = how to follow them
about-feeds-site = for the whole site,
about-feeds-state = for a state,
about-feeds-government = for a government, and
about-feeds-browse = for any browse view.

## Importing Good Jobs First files. Their column names ("Type of Subsidy", Program Name, Notes) and the words matched stay in English.

about-gjf-heading = Importing Good Jobs First files
about-gjf-type = Rows of a Good Jobs First Subsidy Tracker export get their kind from the "Type of Subsidy":
about-kind = Kind
about-gjf-words = When the type says nothing more specific (anything else, or "megadeal"), the Program Name and Notes decide, by whole words:
# words: the words that mean police, as matched; followed by the code police_partnership.
about-gjf-with-police = ; with { $words } as well →
about-gjf-neighbors = neighbors or portal with police or sheriff →
about-gjf-otherwise = otherwise
# Followed by the option --update.
about-gjf-reimport = A file imported again after these rules changed reports the rows whose kind changes as changes (applied with
about-gjf-reimport-after = never as new deals.

## Corrections.

about-corrections-heading = Corrections
about-corrections-before = Found a mistake? Sign in, open the deal and choose
about-corrections-correct = Correct this deal
about-corrections-middle = (a moderator checks the change), or
about-corrections-report = Report a problem
about-corrections-after = Every change is kept in the deal's public history.

## Sign up and sign in, /signup and /login (app/src/pages/auth.rs).

auth-signup-title = Sign up · Amazon Contract Tracker
auth-create-account = Create an account
auth-signup-intro = Your handle is the only name shown publicly. There is no email: keep your password safe.
auth-handle = Handle
auth-handle-hint = 3 to 32 letters, digits, - or _.
auth-password = Password
auth-password-hint = At least 12 characters. A short phrase works well.
auth-password-again = Password again
auth-create-account-button = Create account
# Followed by a link to sign in.
auth-have-account = Already have an account?
auth-sign-in-link = Sign in
auth-login-title = Sign in · Amazon Contract Tracker
auth-sign-in = Sign in
auth-sign-in-to-continue = Sign in to continue.
# Followed by a link to create an account.
auth-new-here = New here?

## The account page, /account (app/src/pages/account.rs).

account-title = Your account · Amazon Contract Tracker
account-heading = Your account
# role: the account's role (contributor, moderator, admin).
account-signed-in-as = Signed in as { $handle } ({ $role }).
account-password-changed = Your password was changed. Other devices were signed out.
account-submissions = Your submissions
account-no-submissions = You haven't recorded or changed a deal yet.
account-revision = revision { $number }
account-state-published = published
account-state-pending = waiting for review
account-state-rejected = not accepted
account-state-merged = published, merged with later changes
account-state-superseded = replaced by your newer version
# Followed by the moderator's reason.
account-moderator = Moderator:
account-reports = Problems you reported
account-no-reports = You haven't reported a problem with a deal.
account-reported-on = reported { $date }
account-report-resolved = resolved
account-report-open = open
# Followed by what the moderator wrote.
account-resolved-by = On { $date }, a moderator:
account-change-password-heading = Change your password
account-current-password = Current password
account-new-password = New password
account-new-password-again = New password again
account-change-password = Change password
account-delete-heading = Delete your account
account-delete-text = Your handle is removed. Every deal and change you made stays, shown as by "deleted user".
account-your-password = Your password
account-delete-button = Delete my account
# A link, followed by account-sign-in-after.
account-sign-in-link = Sign in
account-sign-in-after = to see your account.

## The accounts list for admins, /admin/users.

account-admin-title = Accounts · Amazon Contract Tracker
account-admin-heading = Accounts
account-col-handle = Handle
account-col-since = Since
account-col-role = Role
account-role-of = Role of { $handle }
account-change-role = Change
