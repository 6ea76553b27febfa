## Words the data layer builds into what pages show (app/src/repo, app/src/model).

## A deal's fields as history, the review queue and conflicts name them (app/src/repo/history.rs).

field-title = Title
field-government = Government
field-company = Amazon company
field-kind = Kind
field-status = Status
field-agency = Awarding body or agency
field-program = Program
field-amount = Amount
# An amount with what it means: "$23,000,000 (maximum)".
field-amount-maximum = { $amount } (maximum)
field-amount-estimated = { $amount } (estimated)
field-amount-actually-paid = { $amount } (actually paid)
field-amount-not-disclosed = Not disclosed
field-jobs = Jobs promised
field-announced = Announced
field-approved = Approved
field-starts = Starts
field-ends = Ends
field-facility-name = Facility or project
field-facility-location = Facility location
field-description = What happened
# A source, by its position in the deal's list.
field-source = Source { $number }
# Before the address of a source's archived copy, followed by ": https://…".
field-source-archived = archived
field-event = Event { $number }
field-event-outcome = outcome
# A field or source one version has and another has not, in a conflict.
field-removed = (removed)

## How a link between two deals reads, before the other deal's title (app/src/repo/links.rs).

link-relation-package = Part of the same package as
link-relation-amends = Amends
link-relation-amended-by = Amended by
link-relation-renews = Renews
link-relation-renewed-by = Renewed by
link-relation-buys-under = Buys under the cooperative contract
link-relation-used-by = Used for a cooperative purchase by

## What sort of government a place is, in parentheses after its name (app/src/model/view.rs).

place-type-state = state
place-type-school-district = school district
place-type-special-district = special district

## The census's legal types of places, counties and towns, in lower case. English shows
## the census's word as written; these are for the other languages (a type not listed here
## is shown as written).

legal-type-county = county
legal-type-parish = parish
legal-type-borough = borough
legal-type-census-area = census area
legal-type-city-and-borough = city and borough
legal-type-municipality = municipality
legal-type-municipio = municipio
legal-type-planning-region = planning region
legal-type-city = city
legal-type-consolidated-government = consolidated government
legal-type-unified-government = unified government
legal-type-metropolitan-government = metropolitan government
legal-type-metro-government = metro government
legal-type-urban-county = urban county
legal-type-town = town
legal-type-village = village
legal-type-corporation = corporation
legal-type-cdp = cdp
legal-type-comunidad = comunidad
legal-type-zona-urbana = zona urbana
legal-type-charter-township = charter township
legal-type-township = township
legal-type-plantation = plantation
legal-type-district = district
legal-type-precinct = precinct
legal-type-city-or-town = city or town
legal-type-town-or-township = town or township
legal-type-gore = gore
legal-type-grant = grant
legal-type-purchase = purchase
legal-type-location = location

## A browse view in words, for a feed's title; the parts are joined with "; "
## (app/src/model/filter.rs).

# Between kinds or statuses: "Tax abatement or Cash grant".
filter-describe-or = or
filter-describe-status = status { $statuses }
filter-describe-in = in { $place }
filter-describe-with = with { $company }
filter-describe-matching = matching “{ $query }”
filter-describe-amount-between = { $min } to { $max }
filter-describe-amount-at-least = { $min } or more
filter-describe-amount-up-to = up to { $max }
filter-describe-dated = dated { $date }
filter-describe-dated-between = dated { $from } to { $to }
filter-describe-dated-from = dated { $from } or later
filter-describe-dated-to = dated { $to } or earlier
filter-describe-disclosed = amount disclosed
filter-describe-not-disclosed = amount not disclosed

## Notes the site stores in English with a revision or a decision, shown in the page's
## language (app/src/pages/common.rs, stored_note).

stored-deal-recorded = Deal recorded
stored-edited = Edited
stored-published-before-review = published before review existed
# A moderator brought back an earlier revision; the reason is theirs, as written.
stored-reverted = Reverted to revision { $number }: { $reason }
stored-replaced-by = replaced by revision { $number }
stored-merged-into = merged into revision { $number }
# A deal written by an import: the file's name, the import's number, the file's line.
stored-imported = Imported from { $file } (import { $import }, line { $line })
stored-imported-from = Imported from { $file }
