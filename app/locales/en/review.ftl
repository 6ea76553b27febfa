## The moderators' queue (app/src/pages/review.rs).

review-page-title = Review queue · Amazon Contract Tracker
review-heading = Review queue
review-import-link = Import deals from a spreadsheet

## After a decision: "Published. <deal> now shows revision 3; see its history."

review-published = Published.
review-published-revision = now shows revision { $number }
review-see-history = see its history
# "Turned down. The author sees your reason on <deal>'s history and their account."
review-turned-down = Turned down.
review-turned-down-before = The author sees your reason on
review-turned-down-after = 's history and their account.

## The queue: pending changes, proposed governments, open reports.

review-waiting = Waiting for review ({ $count })
review-nothing-waiting = Nothing is waiting. Thank you.
review-proposals = Proposed governments ({ $count })
review-no-proposals = No proposals.
review-proposal-within = Within { $parent } · proposed by { $by }
review-deleted-user = deleted user
review-approve = Approve
review-reason = Reason
review-reject = Reject
review-reports = Open reports ({ $count })
review-no-reports = No open reports.
review-flag-line = { $kind } · reported by { $by } on { $date }
review-flag-report = Report
review-resolve-label = What you did about it
review-resolve = Resolve report

## One pending change, side by side with the published deal.

review-new-deal = New deal:
review-change-to = Change to:
review-revision-line = Revision { $number } by { $author } on { $date } · "{ $summary }"
review-stale = This change was made from an older version. Approving it merges it with the changes published since; none of them touch the same fields. The right column shows the result.
review-field = Field
review-published-now = Published now
review-once-approved = Once approved
review-proposed = Proposed
review-conflict = A change published since this edit was made touches the same fields. Choose what to keep; the other changes are kept as published.
review-note = Note
review-note-optional = (optional; shown in the history)
review-approve-publish = Approve and publish
review-reject-reason = Reason the author will see

## Importing a spreadsheet (app/src/pages/import.rs).

import-page-title = Import · Amazon Contract Tracker
import-heading = Import deals from a spreadsheet
import-only-moderators = Only moderators can import files. Ask a moderator, or record deals one by one.
import-sign-in-first = Please sign in as a moderator to import files.
import-sign-in = Sign in
# "Upload a CSV … (the columns of a <CSV download>, plus an optional <external_id>) or …"
import-intro-before = Upload a CSV in the tracker's own format (the columns of a
import-intro-link = CSV download
import-intro-middle = , plus an optional
import-intro-after = ) or a Good Jobs First Subsidy Tracker export. You'll see what every row becomes before anything is saved. Deals you import are published at once, and each one's history names the file.
import-imported = Imported { $file }: { $summary }
import-file-label = CSV file
# Followed by the command "tracker import FILE.csv".
import-file-hint = UTF-8, with a header row. Up to 16 MB; larger files:
import-partial = Import the good rows even if some rows have problems
import-update = Apply changes to rows imported before (as new revisions)
import-duplicates = Import possible duplicates too (rows with the same government, company, year and amount as a deal already recorded)
import-check = Check the file

## The report on a file.

import-report-written = What was imported from { $file }
import-report-preview = What { $file } would import
import-read-as = Read as { $format }. { $summary }
import-write = { $count ->
    [one] Import { $count } row
   *[other] Import { $count } rows
}
import-caption = Every row, with the government it was matched to
import-col-line = Line
import-col-deal = Deal
import-col-government = Government (how it was found)
import-col-result = Result
import-problem = Problem: { $outcome }
import-see-deal = See deal { $id }
review-profiles = How to take part: proposed changes ({ $count })
review-no-profiles = No changes proposed.
review-profile-for = How to take part in { $place }
review-profile-by = Proposed by { $by }
review-profile-place = The government's page
