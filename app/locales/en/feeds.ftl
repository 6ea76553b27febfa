## Atom feeds (server/src/feed.rs).

feed-title-all = Deals with Amazon: new and changed
# The variable "described": the browse view in words, e.g. "Tax abatement; in Virginia".
feed-title = Deals with Amazon: { $described }
feed-entry-new = New: { $title }
feed-entry-changed = Changed: { $title }
feed-amount-undisclosed = amount not disclosed
feed-deleted-user = deleted user

## Share cards, the picture a link preview shows (server/src/card.rs).

card-kind-state = State government · Amazon deals
# The variable "kind": what sort of government, e.g. "County", "City".
card-kind = { $kind } · Amazon deals
card-no-deals = No deals with Amazon recorded yet
card-deal-count = { $count ->
    [one] { $count } deal with Amazon
   *[other] { $count } deals with Amazon
}
card-figure-maximum = { $amount } at most (contract ceilings)
card-figure-estimated = { $amount } estimated
card-figure-paid = { $amount } actually paid
card-undisclosed = { $count ->
    [one] { $count } deal with the amount not disclosed
   *[other] { $count } deals with the amount not disclosed
}
card-within = { $count ->
    [one] + { $count } deal by governments within
   *[other] + { $count } deals by governments within
}
# The variable "address": the place's page, e.g. "tracker.example.org/places/va/arlington-county".
card-footer = { $address } · every figure links to its source
card-not-found = There is no such place.
card-failed = The picture could not be made just now. Try again.
feed-take-part-title = How to take part in { $place }: updated
