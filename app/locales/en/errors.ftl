## What went wrong, by the code the site sends (AppError). Every message says what to do next.

error-not-found = We couldn't find that. Check the link, or search for the place from the home page.
error-unauthenticated = Please sign in first.
error-forbidden = Your account can't do that. Ask a moderator if you think it should.
error-invalid = Some fields need attention; see the notes next to them.
error-handle-taken = That handle is taken. Choose another.
error-bad-credentials = That handle and password don't match. Check both and try again.
error-busy = The site is busy right now. Wait a few seconds and try again.
error-bad-request = The request wasn't understood. Reload the page and try again.
error-moved = This page has moved.
error-conflict = Someone changed this deal after you opened it, in fields you changed too. Their other changes are kept; for each field below, choose which value to keep, then save again.
error-conflict-approval = The deal changed since this edit was made, in fields the edit changes too. Choose which value to keep for each, then approve again.
error-already-decided = Another moderator already decided this change. The queue shows what is still waiting.
error-gone = This deal was withdrawn.
error-rate-limited = { $minutes ->
    [1] Too many attempts in a short time. Wait a minute and try again.
   *[other] Too many attempts in a short time. Wait { $minutes } minutes and try again.
}
error-internal = Something went wrong on our side. Try again; if it keeps happening, tell us.
error-too-large = That form is too large to accept.
error-not-a-form = Send the form as application/x-www-form-urlencoded.
error-cross-site = This form was sent from another website, so it was refused. Open the tracker directly and try again.
error-search-too-slow = That search took too long. Add another word or a filter.
error-no-such-place = There is no such place. Check the address.
error-no-such-deal = There is no published deal with that number.
error-download-preparing = The download is being prepared. Try again in a minute.
error-page-too-large = This page is too large to show. Narrow it with a filter.
error-duplicate-suspected = This may already be recorded. Check the deals below; if yours is different, save it anyway.

## The deal form.

deal-title-missing = Give the deal a short title, e.g. "AWS cloud services contract".
deal-kind-missing = Choose what kind of deal this is.
deal-government-missing = Name the government that made the deal, e.g. "Arlington County, VA".
deal-government-unknown = We couldn't find "{ $typed }". Write it as name and state, e.g. "Oakland, CA" or "Arlington County, VA", or pick from the suggestions.
deal-government-ambiguous = Several governments have that name. Type one of these exactly: { $options }.
deal-company-missing = Choose which Amazon company is the other party.
deal-amount-and-undisclosed = Either enter an amount or tick "Amount not disclosed", not both.
deal-basis-missing = Say whether the amount is a ceiling, an estimate or what was actually paid.
deal-ends-before-start = The end date is before the start date.
deal-status-missing = Choose where the deal stands.
deal-jobs-invalid = Enter the number of jobs promised as a whole number, e.g. 1500.
deal-sources-missing = Cite at least one source: a link to the document, or its title and publisher.
source-title-missing = A source without a link needs a title.
source-publisher-missing = A source without a link needs a publisher (who issued it).
field-too-long = Keep this under { $max } characters.
link-too-long = That link is too long (over 2,000 characters).
link-not-web = Use a web link that starts with http:// or https://.
link-not-address = That isn't a web address. Paste the full link, starting with https://.
date-invalid = "{ $typed }" isn't a date. Write a year (2023), a year and month (2023-05), or a full date (2023-05-17).
date-year-range = The year { $year } is out of range; use a year between 1900 and 2100.
date-month-invalid = There is no month { $month }; months run from 1 to 12.
date-day-invalid = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year } has no day { $day }.
money-missing = Enter an amount in dollars, or tick "Amount not disclosed".
money-negative = An amount can't be negative.
money-invalid = "{ $typed }" isn't an amount. Write it like $23,000,000 or 1.5 million.
money-cents = Use at most two digits after the decimal point (cents).
money-too-large = That amount is larger than any deal this site can record; check the digits.

## Accounts.

handle-length = Choose a handle of 3 to 32 characters.
handle-characters = Use only letters, digits, - and _ in your handle.
password-short = Use at least { $min } characters; a short phrase is easiest to remember.
password-long = Use at most 256 characters.
password-mismatch = The two passwords don't match.
password-wrong-current = That isn't your current password.
password-wrong = That isn't your password.
role-invalid = Choose contributor, moderator or admin.

## Review, reports, links and proposed governments.

reason-missing = Give a reason; the author and the public history show it.
reason-too-long = Keep the reason under 2,000 characters.
revert-unconfirmed = Tick the box to confirm: reverting replaces what the public sees.
duplicate-of-invalid = Give the kept deal's number (e.g. 42) or paste its link.
duplicate-of-unknown = There is no live deal with that number (and a deal can't duplicate itself).
report-kind-missing = Choose what is wrong.
report-note-missing = Say what is wrong, in a sentence or two (under 2,000 characters).
link-other-invalid = Enter the other deal's number, e.g. 42 (it is in its address, /deals/42).
link-impossible = That link can't be made: check the deal number (a published deal, not this one) and the kind.
proposal-name-invalid = Give the government's full name, e.g. "Port of Seattle".
proposal-kind-missing = Choose what kind of government it is.
proposal-note-missing = Say where it is established (a statute, a charter or official page), so a moderator can check.
proposal-state-missing = Choose the state.
proposal-parent-invalid = Name the county or city it belongs to, in the same state, e.g. "King County, WA"; or leave it empty.

## Browse filters.

filter-query-too-long = Keep the search under { $max } characters.
filter-state-invalid = Use a two-letter state code, e.g. VA.
filter-place-invalid = That place address isn't valid; pick the place again.
filter-place-unknown = That place isn't known; pick it again.
filter-kind-invalid = "{ $value }" isn't a kind of deal.
filter-status-invalid = "{ $value }" isn't a status.
filter-company-invalid = Choose an Amazon company from the list.
filter-disclosed-invalid = Use yes or no.
filter-sort-invalid = Sort by newest, amount, approved or relevance.
filter-max-below-min = The largest amount is below the smallest.
filter-to-before-from = The end date is before the start date.

## Searching.

search-empty = Search for a word, e.g. "abatement" or "Ring".
search-words-too-short = Use at least one word of three letters or more.

## Importing a spreadsheet.

import-moderators-only = Only moderators can import files.
import-upload-unreadable = The upload could not be read. Try again with a CSV file under 16 MB.
import-choose-file = Choose a CSV file to check.
import-not-utf8 = The file is not UTF-8 text. Save it from your spreadsheet as "CSV UTF-8" and try again.
import-not-csv = The file is not CSV the importer can read: { $detail }
import-unknown-format = The header doesn't match a format the importer knows. Use the tracker's own export columns (title, kind, government, state …) or a Good Jobs First Subsidy Tracker export (Company, Year, State, Subsidy Value, Type of Subsidy …).
import-empty = The file has no rows.
import-not-written = The import could not be written just now; nothing was saved. Try again, and report it if it happens again.

## Events of a deal

event-kind-missing = Choose what kind of event this is (a hearing, a vote, a deadline…), or clear the event's fields.
event-date-missing = Give the event's date.
event-date-invalid = "{ $typed }" is not a date. Use the date picker, or type it as 2027-03-14.
event-time-invalid = "{ $typed }" is not a time. Type it as 18:30, or leave it empty for an all-day date.
event-zone-unknown = Choose a time zone from the list.
event-outcome-unknown = Choose an outcome from the list.
event-outcome-source-missing = Give a link to what shows the outcome (the minutes, a news story).
event-outcome-missing = Choose the outcome this link shows, or clear the link.
event-too-many = A deal can have at most { $max } events. Remove one before adding another.
upcoming-kind-invalid = Choose a kind of event from the list.
upcoming-window-invalid = Choose how far ahead to look from the list.
profile-empty = Say at least one thing: a link to the meeting calendar, how to comment, or where to ask for records.
