## The list of deals, /deals (app/src/pages/browse.rs).

browse-title = All deals · Amazon Contract Tracker
browse-feed-title = New and changed deals in this view
browse-heading = All deals
# count is the number of matching deals (for the plural), total the same number as shown (1,234).
browse-matches = { $count ->
    [one] { $total } deal matches.
   *[other] { $total } deals match.
}
browse-in-place = In { $place }.

## The filters.

browse-filters = Filters
browse-search-label = Search the text
browse-search-placeholder = e.g. data center, Ring, GovCloud
browse-place-chip = Place: { $place }
browse-remove = (remove)
browse-state = State
browse-state-placeholder = e.g. VA
browse-kind = Kind
browse-status = Status
browse-company = Amazon company
browse-company-any = Any
browse-company-part-of = { $name } (part of { $parent })
browse-company-and-its = { $name } and its companies
browse-amount-from = Amount from
browse-amount-to = Amount up to
browse-date-from = From date
browse-date-to = To date
browse-amount = Amount
browse-disclosed-any = Disclosed or not
browse-disclosed-yes = Disclosed only
browse-disclosed-no = Not disclosed only
browse-order = Order
browse-sort-newest = Newest recorded
browse-sort-amount = Largest amount
browse-sort-approved = Latest approval date
browse-sort-relevance = Best match (with a search)
browse-submit = Show deals
browse-clear = Clear all filters

## The results.

browse-jump = Filter these deals
# Followed by the links CSV · JSON · Follow this list · About the data.
browse-download = Download this view:
browse-follow = Follow this list
browse-about-data = About the data
browse-facets-heading = How these deals break down
browse-year = Year
# A search that found nothing: before and after the suggested spelling, which is a link.
browse-suggest-before = No deals match. Did you mean
browse-suggest-after = ?
browse-none = No deals match. Remove a filter, or search for fewer words.
browse-pages = Pages
browse-first-page = ← First page
browse-next-page = Next 50 →
browse-source = Source

## A deal's page, /deals/{id} (app/src/pages/deal.rs): a withdrawn deal.

deal-page-withdrawn-title = Withdrawn: { $title } · Amazon Contract Tracker
deal-page-breadcrumb = Breadcrumb
deal-page-withdrawn-heading = This deal was withdrawn
# Followed by the deal's title.
deal-page-number-colon = Deal number { $id }:
# Between the government and the Amazon company: "Arlington County and Amazon Web Services, Inc."
deal-page-and = and
deal-page-withdrawn-lede = A moderator withdrew it. It no longer counts in any total or list.
# Followed by the moderator's reason, as written.
deal-page-withdrawn-reason = Reason:
# Followed by a link to the kept deal, then deal-page-duplicate-kept.
deal-page-duplicated = It duplicated deal number { $id }:
deal-page-deal-n = deal { $id }
deal-page-duplicate-kept = , which is kept.
deal-page-full-history = See its full history

## A deal's page: the deal and its fields.

# The page's description for search engines and link previews: amount is the figure or "Not disclosed", basis "maximum" or nothing.
deal-page-description = { $place }: { $title } with { $company }. { $amount } { $basis }
# After the Amazon company's name.
deal-page-part-of = (part of { $parent })
deal-page-unreviewed = not yet checked by a moderator
deal-page-row-kind = Kind
deal-page-row-status = Status
deal-page-row-agency = Awarding body or agency
deal-page-row-program = Program
deal-page-row-amount = Amount
deal-page-row-basis = What the amount means
deal-page-row-announced = Announced
deal-page-row-approved = Approved
deal-page-row-starts = Starts
deal-page-row-ends = Ends
deal-page-row-jobs = Jobs promised
deal-page-row-facility = Facility or project
deal-page-row-facility-location = Facility location
deal-page-row-government = Government
deal-page-row-identifier = Official identifier
deal-page-what-happened = What happened
deal-page-sources = Sources
deal-page-archived-copy = archived copy
deal-page-corrections = Corrections
# Followed by what the moderator did, as written.
deal-page-resolved-on = A reported problem was resolved on { $date }:
deal-page-number = Deal number { $id }.
deal-page-recorded-by = Recorded by { $who } on { $date }.
deal-page-deleted-user = deleted user
deal-page-revisions = { $count ->
    [one] { $count } revision so far.
   *[other] { $count } revisions so far.
}
deal-page-see-history = See the history

## A deal's page: where the reader's own changes stand.

deal-page-rejected = Not published: a moderator turned this deal down.
deal-page-rejected-reason = Their reason: { $reason }
# Then two links: "Correct it and send it again", ", or ", "see its history", ".".
deal-page-rejected-only-you = Only you and the moderators can see it.
deal-page-rejected-correct = Correct it and send it again
deal-page-rejected-or = , or{" "}
deal-page-rejected-history = see its history
deal-page-waiting = Waiting for review.
deal-page-waiting-only-you = Only you and the moderators can see this deal until a moderator approves it.
deal-page-waiting-status = See its review status
deal-page-sent = Thank you. Your change was sent to the moderators; this page shows the current version until they approve it.
deal-page-mine-waiting = Your change is waiting for review.
deal-page-mine-published-shown = This page shows the published version until a moderator approves it.
deal-page-see-mine = See your change
deal-page-change-again = Change it again
deal-page-flagged = Thank you. The moderators will look at your report; your account page shows what they did about it.

## A deal's page: correct, report, withdraw.

# A link, followed by deal-page-sign-in-after.
deal-page-sign-in = Sign in
deal-page-sign-in-after = to correct this deal or report a problem.
deal-page-improve = Improve this record
deal-page-correct = Correct this deal
deal-page-report = Report a problem
deal-page-report-not-sent = Your report was not sent: see the note below.
deal-page-report-what = What is wrong?
deal-page-report-details = Details
deal-page-report-send = Send report
deal-page-withdraw = Withdraw this deal (moderators)
deal-page-withdraw-reason = Reason, shown publicly
deal-page-withdraw-duplicate = Duplicate of (the kept deal's number or link)
deal-page-optional = (optional)
deal-page-withdraw-duplicate-hint = Every deal's number is at the bottom of its page, e.g. 42; or paste its address.
deal-page-withdraw-button = Withdraw

## A deal's page: links between deals.

deal-page-links = Related deals
deal-page-links-none = None linked yet.
deal-page-link-remove = Remove link
deal-page-link-add = Link another deal
deal-page-link-kind = How they relate
deal-page-link-package = Part of the same package
deal-page-link-amends = This deal amends the other
deal-page-link-renews = This deal renews the other
deal-page-link-cooperative = This deal buys under the other's cooperative contract
deal-page-link-other = The other deal's number
deal-page-link-other-hint = It is in the other deal's address: /deals/42 is number 42.
deal-page-link-button = Link

## What a reader's report says is wrong (FLAG_KINDS in app/src/model/workflow.rs).

flag-reason-amount-wrong = The amount is wrong
flag-reason-duplicate = Duplicate of another deal
flag-reason-source-dead = A source link is dead
flag-reason-other = Something else
