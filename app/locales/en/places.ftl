## Place pages (`/places/{usps}[/{slug}]`, pages/place.rs)

# The sentence a shared link shows. $disclosed and $undisclosed are place-share-disclosed and
# place-share-undisclosed, or empty.
place-share-none = Deals between { $place } and Amazon, with source documents. None recorded yet.
place-share-description = { $count ->
    [one] { $place }: { $count } deal with Amazon{ $disclosed }{ $undisclosed }. Every figure links to its source.
   *[other] { $place }: { $count } deals with Amazon{ $disclosed }{ $undisclosed }. Every figure links to its source.
}
# $amounts: "$23,000,000 maximum, $1,000 estimated".
place-share-disclosed = , { $amounts } disclosed
place-share-undisclosed = , { $count } with the amount not disclosed
place-over-time = Over time
place-by-status = By status
place-status = Status
place-by-company = By Amazon company
place-company = Company
# Under a table of the newest deals: "These are the 50 newest of 51 deals. [link], where you can…"
place-more-link-area = See every deal of { $place } and the governments in it in the deals list
place-more-link = See all of them in the deals list
place-newest = These are the { $shown } newest of { $total } deals.
place-more-after = , where you can filter, sort and download them.
place-title = { $place } and Amazon · Amazon Contract Tracker
place-and-amazon = { $place } and Amazon
place-within-state = Every government in { $place }
place-within-county = Cities, towns and districts in { $place }
place-feed-title = Deals of { $place } with Amazon
place-breadcrumb = Breadcrumb
place-all-states = All states
place-lede-state = The state government of { $place }
# $kind: "county", "city", "school district".
place-lede-local = { $place } ({ $kind }) in { $state }
place-census = Census
place-link-label = Link to this page
# Followed by the date.
place-last-updated = Last updated
place-own-heading-state = Deals made by the state of { $place }
place-own-heading = Deals made by { $place }
place-own-empty = No deals recorded yet. Know of one? Record it with its source.
place-the-deals = The deals
place-map-heading = Deals by county
place-map-sub = Each county is shaded by the deals made by it or by the cities, towns and districts in it. Select a county to open its page.
place-map-label = Map of the counties of { $place }, shaded by the number of deals
place-within-sub-state = { $count ->
    [one] Summed separately from the state's own deals. { $count } government with deals.
   *[other] Summed separately from the state's own deals. { $count } governments with deals.
}
place-within-sub-county = { $count ->
    [one] Summed separately from the county's own deals. { $count } government with deals.
   *[other] Summed separately from the county's own deals. { $count } governments with deals.
}
place-within-empty = None of them has a deal recorded yet.
place-linked-deals = Linked deals
# Followed by links to the CSV and JSON files.
place-download = Download:
place-follow = Follow this place
place-filter = Filter these deals
place-embed-summary = Put this summary on your website
place-embed-copy = Copy this code into your page
place-embed-preview = Preview the embedded summary
place-record = Record a deal for this place

## The list of states (`/places`, pages/place.rs)

place-index-title = All states · Amazon Contract Tracker
place-index-description = What state and local governments in every US state gave Amazon: contracts, subsidies, tax breaks and partnerships, with their sources.
place-index-og-title = Amazon deals, state by state
place-index-heading = Places
# Followed by the link place-index-propose and a full stop.
place-index-intro = Pick a state to see what its government, and every county, city, town and school district in it, gave Amazon. A port authority or development board missing?
place-index-propose = Propose it
place-index-map-label = Map of the states, shaded by the number of deals recorded in each
place-index-every-state = Every state
place-index-state-deals = { $count ->
    [one] { $count } deal
   *[other] { $count } deals
}

## Charts: the timeline, breakdown tables and maps (pages/charts.rs)

chart-timeline-one-year = { $count ->
    [one] { $count } deal dated in { $year }.
   *[other] { $count } deals dated in { $year }.
}
chart-timeline-years = { $count ->
    [one] { $count } deal dated from { $first } to { $last }; the busiest year had { $max }.
   *[other] { $count } deals dated from { $first } to { $last }; the busiest year had { $max }.
}
chart-timeline-empty = No deal has a date yet, so there is no timeline.
# $summary: chart-timeline-one-year or chart-timeline-years.
chart-timeline-title = Deals per year, by kind. { $summary }
chart-show-table = Show the figures as a table
chart-timeline-caption = Deals per year, by kind
chart-year = Year
chart-all = All
chart-deals = Deals
chart-disclosed = Disclosed amounts
chart-undisclosed = Undisclosed
# One area of a map: "Franklin County: 2 deals".
chart-map-area = { $count ->
    [one] { $name }: { $count } deal
   *[other] { $name }: { $count } deals
}
chart-map-list = Show the map as a list
# After an area's name in the list: "Franklin County: 2 deals".
chart-map-list-count = { $count ->
    [one] : { $count } deal
   *[other] : { $count } deals
}

## Map legends (maps.rs)

map-legend-none = No deals recorded
map-legend-range = { $from }–{ $to } deals
map-legend-exact = { $count ->
    [one] { $count } deal
   *[other] { $count } deals
}
map-legend-more = { $count } or more deals

## The embeddable summary (`/embed/places/…`, pages/embed.rs)

embed-title = { $place } and Amazon
embed-none = No deals with Amazon recorded yet.
embed-count = { $count ->
    [one] { $count } deal with Amazon
   *[other] { $count } deals with Amazon
}
# After an amount and its basis: "$23,000,000 maximum (2 deals)".
embed-basis-deals = { $count ->
    [one] ({ $count } deal)
   *[other] ({ $count } deals)
}
# After the number of deals, which is shown in bold.
embed-undisclosed = { $count ->
    [one] deal with the amount not disclosed
   *[other] deals with the amount not disclosed
}
embed-see-all = See every deal and its sources

## The share button (pages/share.rs; share.js shows these texts)

share-copied = Link copied. Paste it into a message or a post.
share-failed = Your browser did not allow copying: select the address in the box and copy it.
share-button = Share this page

## How to follow a feed (`/follow`, pages/follow.rs)

follow-title = Follow · Amazon Contract Tracker
follow-heading = Follow new and changed deals
follow-lede = Hear about new deals and corrections without checking this site every day.
follow-reader-heading = With a feed reader
follow-reader-text = A feed is a list of updates that a feed reader app checks for you (for example Feedly, Inoreader, NetNewsWire, or Thunderbird on a computer). In the app, choose "Add feed" or "Subscribe", and paste this address:
follow-address-label = Feed address
# Followed by the link follow-open-feed.
follow-raw-text = Opening the address in a browser shows the feed's raw text: that is normal, a feed is meant for reader apps.
follow-open-feed = Open the feed
follow-what-heading = What you will get
follow-what-text = An entry for each deal recorded and each correction a moderator publishes, with the place, the amount and a link to the deal's page and its history.
follow-about-data = About the data and its licence

## Place-search suggestions (`repo::jurisdictions::suggest`).

place-suggest-state = { $name } (state)
place-suggest-unincorporated = { $place }, { $usps } (unincorporated) → { $county }
