## The fixed vocabularies (app/src/model/kinds.rs): one message per code, `<prefix>-<code>`.

## DealKind

kind-procurement_contract = Procurement contract
kind-cloud_contract = Cloud services contract
kind-cooperative_purchasing = Cooperative purchasing
kind-cash_grant = Cash grant
kind-tax_abatement = Tax abatement
kind-tax_credit = Tax credit
kind-tif = Tax increment financing (TIF)
kind-land_deal = Land deal
kind-loan = Loan
kind-fee_waiver = Fee waiver
kind-infrastructure = Infrastructure paid for
kind-device_subsidy = Device subsidy (e.g. Ring cameras)
kind-police_partnership = Police partnership
kind-other = Other

## DealStatus

status-proposed = Proposed
status-approved = Approved by the government
status-active = Active
status-completed = Completed
status-cancelled = Cancelled
status-terminated = Terminated
status-clawed_back = Clawed back

## ValueBasis

basis-maximum = Maximum (ceiling)
basis-estimated = Estimated
basis-actual_paid = Actually paid

## JurisdictionKind

government-state = State
government-county = County
government-place = City or town
government-township = Town or township
government-school_district = School district
government-special_district = Special district

## ReviewState

review-state-unreviewed = Not yet checked by a moderator
review-state-approved = Checked by a moderator

## Role

role-contributor = Contributor
role-moderator = Moderator
role-admin = Administrator

## EventKind

event-hearing = Public hearing
event-vote = Vote
event-comment_deadline = Public comment deadline
event-renewal_option = Renewal option date
event-expiry = Expiry

## EventOutcome

outcome-approved = Approved
outcome-rejected = Rejected
outcome-tabled = Tabled
outcome-postponed = Postponed
