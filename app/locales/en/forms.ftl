## The deal form (/deals/new and the edit page): app/src/pages/new_deal.rs

form-signin-before = Please
form-signin-link = sign in
form-signin-after = to record a deal.
form-page-title = Record a deal · Amazon Contract Tracker
form-heading = Record a deal
form-intro = Record one agreement between a government and Amazon. Cite at least one source a reader can check: a link to the contract, minutes or news story, or the title and publisher of a document you hold.

## The deal form: what each field is called (labels, and the list of problems at the top)

form-field-title = Title
form-field-jurisdiction = Government that made the deal
form-field-entity = Amazon company
form-field-kind = Kind of deal
form-field-status = Where it stands
form-field-agency = Awarding body or agency
form-field-program = Program
form-field-amount = Amount
form-field-value-basis = What the amount means
form-field-jobs = Jobs promised
form-field-announced = Announced
form-field-approved = Approved
form-field-starts = Starts
form-field-ends = Ends
form-field-facility-name = Facility or project name
form-field-facility-location = Where the facility is
form-field-description = What happened
form-field-sources = Sources
form-field-source-url = Source { $n }, link
form-field-source-title = Source { $n }, title
form-field-source-publisher = Source { $n }, publisher
form-field-source-published = Source { $n }, published
form-field-source-archive-url = Source { $n }, archived copy
form-field-source-note = Source { $n }, note
form-field-source-file = Source { $n }, document

## The deal form: fieldsets, hints, buttons

form-optional = (optional)
form-choose = Choose…
form-company-part-of = { $name } (part of { $parent })
form-dates-hint = A year (2023), year and month (2023-05), or full date (2023-05-17).
form-duplicates-heading = Is it one of these?
form-duplicates-before = If it is, stop here and
form-duplicates-strong = correct that deal
form-duplicates-after = instead. If yours is a different deal, save it below.
form-legend-deal = The deal
form-title-hint = Short and plain, e.g. "AWS cloud hosting for county systems".
form-jurisdiction-hint = The city, county, school district or state that pays, signs or grants, not where the building is. E.g. "Arlington County, VA".
form-agency-hint = E.g. "Board of Supervisors" or "Police Department".
form-program-hint = E.g. "Business Investment Grant".
form-legend-money = Money
form-legend-dates = Dates
form-legend-facility = Facility
form-facility-name-hint = E.g. "Project Rex" or "DCA-12 data center".
form-facility-location-hint = May differ from the government that made the deal.
form-summary-label = What you changed, and why
form-summary-hint = Shown in the deal's public history, e.g. "Amount corrected from the signed contract".
form-save-changes = Save changes
form-save-different = It's a different deal: save it
form-save = Save deal

## The deal form: fields someone else changed meanwhile (also on the review page)

form-conflicts-legend = Changed by someone else while you were editing
form-conflicts-kept = These changes were made meanwhile and stay; the form below shows them:
form-conflicts-choose = You both changed these. Choose which value to keep for each:
form-conflict-when-started = When you started:
form-conflict-keep-now = Keep the current value:
form-conflict-use-mine = Use yours:

## Islands (app/src/islands/mod.rs): looked up by the page that shows them, passed as props

island-place-placeholder = e.g. Arlington County, VA
island-amount-label = Amount in US dollars
island-amount-hint = E.g. $23,000,000 or 1.5 million. Enter 0 for a deal that costs the government nothing.
island-amount-undisclosed = Amount not disclosed
island-basis-label = What the amount means
island-choose = Choose…
island-sources-legend = Sources
island-sources-add = Add another source
island-source-heading = Source { $n }
island-source-url = Link to the document
island-source-url-hint = Starts with https:// or http://. Leave empty for a document with no public link.
island-source-title = Title
island-source-title-hint = Needed when there is no link.
island-source-publisher = Publisher
island-source-publisher-hint = Who issued it, e.g. "City Clerk". Needed when there is no link.
island-source-published = Published
island-source-archive-url = Archived copy
island-source-note = Note
island-source-note-hint = What in the document supports the deal, e.g. a page number.
island-source-file = Document (optional)
island-source-file-hint = The document itself, if you hold it: a PDF, a scan (PNG, JPEG or TIFF), a saved web page or a text file, up to { $mb } MB. The site keeps it with its SHA-256 fingerprint and searches its text. Give it a title and publisher when it has no link.
island-source-file-kept = A document is kept for this source.
island-source-file-wait = Wait until the document has been sent (the bar under it shows how far it is), then save.
island-source-file-kept-link = Fingerprint

## Editing a deal (/deals/{id}/edit): app/src/pages/edit_deal.rs

edit-signin-before = Please
edit-signin-link = sign in
edit-signin-after = to edit a deal.
edit-page-title = Edit: { $title } · Amazon Contract Tracker
edit-breadcrumb = Breadcrumb
edit-heading = Edit this deal
edit-moderator-note = You are a moderator: your changes are published at once, and recorded in the history.
edit-contributor-note = Your changes go to a moderator. The public keeps seeing the current version until they approve.
edit-earlier-waiting = Your earlier change is still waiting for review.
edit-earlier-starts = This form starts from it; saving replaces it with this version.
edit-earlier-link = See your waiting change
edit-others-waiting = { $count ->
    [one] { $count } change by others waits for review;
   *[other] { $count } changes by others wait for review;
}
edit-review-queue-link = see the review queue
edit-conflicts-history-link = See what changed in the history

## A deal's history (/deals/{id}/history): app/src/pages/history.rs

history-no-change = No field changed.
history-col-field = Field
history-col-before = Before
history-col-recorded = Recorded as
history-col-after = After
history-page-title = History: { $title } · Amazon Contract Tracker
history-breadcrumb = Breadcrumb
history-heading = History of this deal
history-intro = Every change is kept. Each entry shows who made it, when, why, and what it changed.
history-withdrawn = This deal has since been withdrawn.
history-state-shown = shown now
history-state-earlier = published earlier
history-state-pending = waiting for review
history-state-rejected = not accepted
history-state-merged = published as part of a later revision
history-state-superseded = replaced by its author's newer version
history-revision = Revision { $number }
history-made-by = { $when } by { $author }
history-deleted-user = deleted user
history-started-from = started from revision { $number }
history-merged-from = Publishes revision { $number }, which was made from an older version, merged with the changes made since.
history-rejected-reason = Moderator's reason:
history-note-from = Note from { $name }:
history-a-moderator = a moderator
history-revert-summary = Revert to revision { $number }…
history-revert-reason = Why? Shown in the public history
history-revert-confirm = Yes, replace what the public sees with revision { $number }
history-revert-button = Revert to revision { $number }

## Proposing a government (/places/propose): app/src/pages/propose.rs

propose-signin-before = Please
propose-signin-link = sign in
propose-signin-after = to propose a government.
propose-page-title = Propose a government · Amazon Contract Tracker
propose-heading = Propose a government
propose-intro = Port and airport authorities, industrial development boards and economic development agencies often make deals with Amazon but are not in the Census lists. Propose one here; a moderator checks it before it appears.
propose-sent = Thank you. A moderator will review your proposal.
propose-name = Full name
propose-kind = Kind
propose-state = State (two letters)
propose-parent = County or city it belongs to
propose-optional = (optional)
propose-parent-placeholder = e.g. King County, WA
propose-note = Where it is established
propose-note-hint = A statute, charter or official web page a moderator can check.
propose-send = Send proposal

## The deal form's events

form-events-summary = Hearings, votes and deadlines (add one)
form-events-legend = Decisions and dates
form-events-hint = When is this deal decided or renewed? Add the public hearing, the vote, the deadline for public comments, or a renewal option date, so people can take part. One event at a time: save, then edit to add another.
form-event-heading = Event { $n }
form-event-kind = What happens
form-event-date = Date
form-event-date-hint = The day, like 2027-03-14.
form-event-time = Time (optional)
form-event-time-hint = Local time, like 18:30. Leave it empty for a deadline or an all-day date.
form-event-zone = Time zone
form-event-zone-default = The state's time zone
form-event-body = Who decides (optional)
form-event-body-hint = For example "Arlington County Board" or "School Board".
form-event-location = Where (optional)
form-event-location-hint = The meeting's address, or a link to watch or join it.
form-event-agenda-url = Agenda or notice link (optional)
form-event-outcome = Outcome
form-event-outcome-none = Not held yet, or not known
form-event-outcome-url = Source for the outcome
form-event-outcome-url-hint = The minutes or a story that shows what was decided. Needed with an outcome.
