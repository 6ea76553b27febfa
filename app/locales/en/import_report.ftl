## The bulk import's report (the moderators' page /review/import; app/src/web/import.rs and
## app/src/import/). Each row's outcome, as the report's "Result" column shows it.

import-report-ready = Ready
import-report-not-written = Not written
import-report-created = Created
import-report-unchanged = Imported before, unchanged
import-report-changed = Imported before with different content (tick "apply changes" to update)
import-report-updated = Updated
# $why is import-report-duplicate-of-deal or import-report-duplicate-of-line.
import-report-duplicate = Not imported: { $why } (tick "import possible duplicates" if it is a different deal)
# $fields: the codes of the fields changed on both sides ("amount, status").
import-report-conflicted = Not updated: the deal was also corrected on the site since it was imported ({ $fields }). Change it on the site.
# $path: the deal's address on the site ("/deals/12").
import-report-duplicate-of-deal = possible duplicate of { $path }: same government, company, year and amount
import-report-duplicate-of-line = possible duplicate of line { $line } of this file: same government, company, year and amount

## Why a changed row could not be applied to its deal. $reason is one of the texts after it.

import-report-update-failed = Deal { $id } could not be updated ({ $reason }).
import-report-update-not-found = not found
import-report-update-forbidden = not allowed
import-report-update-invalid = invalid merge
import-report-update-decided = already decided
import-report-update-withdrawn = withdrawn

## Why a row failed.

import-report-same-row = The same row (external id { $id }) is already on line { $line }.
import-report-not-a-company = "{ $name }" is not an Amazon company the tracker knows.
# $list: the governments found, separated by semicolons.
import-report-several-governments = "{ $name }" matches several governments ({ $list }); add a GEOIDFQ or LEAID column to say which.
import-report-several-agency = The awarding agency "{ $name }" matches several governments ({ $list }); add a GEOIDFQ or LEAID column to say which.
import-report-several-city = The city "{ $name }" matches several governments ({ $list }); add a GEOIDFQ or LEAID column to say which.
import-report-several-county = The county "{ $name }" matches several governments ({ $list }); add a GEOIDFQ or LEAID column to say which.
# $column: the file's column (geoidfq, leaid, ocd_id); $value: what the row has in it.
import-report-no-such-identifier = No government has the { $column } "{ $value }".
import-report-state-missing = The state is missing.
import-report-not-a-state = "{ $state }" is not a US state.
import-report-government-missing = The government is missing.
# $state: the state's two-letter code.
import-report-no-such-government = No government called "{ $name }" in { $state }.

## What stands in for missing cells in a row's description.

# A row of the tracker's format without a title: its government and state follow.
import-report-no-title = (no title) { $government }, { $state }
import-report-subsidy = Subsidy
import-report-no-company = (no company)

## How a row's government was found (after the government's name, in brackets).

import-report-rule-identifier = by its identifier
import-report-rule-government-name = by the government's name
import-report-rule-agency-is-state = the awarding agency is the state
import-report-rule-agency-names-government = the awarding agency names it
import-report-rule-city = the city is a government
import-report-rule-county = by the county
import-report-rule-state = by the state (nothing narrower matched)

## What the file was read as ("Read as …").

import-report-format-tracker = the tracker's own CSV
import-report-format-good-jobs-first = a Good Jobs First Subsidy Tracker export

## The report's totals.

import-report-summary-written = { $created ->
        [one] { $created } deal
       *[other] { $created } deals
    } created, { $updated } updated, { $unchanged } already imported, { $failed ->
        [one] { $failed } row
       *[other] { $failed } rows
    } failed.
import-report-summary-blocked = { $failed } of { $rows } rows have problems. Nothing will be written until they are fixed, or tick "import the good rows".
import-report-summary-ready = { $ready ->
        [one] { $ready } row
       *[other] { $ready } rows
    } ready to import; { $failed } with problems. Nothing is written until you press Import.

# Files named in the source_files column ($file is the path as written in the file).
import-files-no-folder = { $file }: give the folder these files are in with --files-from DIR (files can be imported from the command line only).
import-files-outside = { $file }: name a file inside the --files-from folder (no absolute paths, no "..").
import-files-missing = { $file }: there is no such file in the --files-from folder.
import-files-too-large = { $file }: larger than { $mb } MB, the most the site keeps.
import-files-not-stored = { $file }: could not be stored; nothing was written. Check the documents folder.
