# Following by email: the form on /follow, the pages a mailed link opens, and the mails.

follow-mail-heading = By email
follow-mail-text = Get an email when deals here are recorded or corrected, with the decisions coming up in the week ahead. No account needed; you can stop at any time from a link in every email.
follow-mail-off = Email updates are not set up on this site. Use a feed reader (below) to follow it instead.
follow-mail-sent = Check your inbox: we sent you an email with a link to confirm. Nothing is sent until you confirm, and the link works for 48 hours.
follow-email-label = Your email address
follow-email-hint = Used only to send these updates. It is never shown or shared, and stopping the emails deletes it.
follow-frequency-label = How often
follow-frequency-instant = As it happens
follow-frequency-daily = Once a day
follow-frequency-weekly = Once a week
follow-mail-submit = Send me email updates
follow-email-missing = Enter your email address.
follow-email-too-long = That email address is too long.
follow-email-invalid = That does not look like an email address. Check it, for example name@example.org.
follow-frequency-missing = Choose how often you want the emails.
follow-everything = Every deal on the site
follow-link-expired = This link has expired or was already used. Follow the place again from its page to get a new one.
follow-find-place = Find a place to follow
follow-confirm-title = Confirm your email updates · Amazon Contract Tracker
follow-confirm-heading = Confirm your email updates
follow-confirm-text = Send emails about { $what } to { $email }? How often: { $frequency }.
follow-confirm-button = Yes, send me the emails
follow-confirm-ignore = If you did not ask for this, close this page: nothing will be sent.
follow-unconfirmed = waiting for confirmation
follow-save = Save
follow-stop-button = Stop emails about { $what }
follow-manage-title = Your email updates · Amazon Contract Tracker
follow-manage-heading = Your email updates
follow-manage-text = What { $email } gets emails about:
follow-manage-none = This address gets no emails from this site, or the link has expired.
follow-manage-link = See all the emails this address gets
follow-confirmed = Confirmed. You will get emails about what you follow.
follow-stopped = Stopped. You will not get more emails about it.
follow-saved = Saved.
follow-gone = That was already stopped.
follow-unsubscribe-title = Stop emails · Amazon Contract Tracker
follow-unsubscribe-heading = Stop these emails
follow-unsubscribe-text = Stop sending emails about { $what } to { $email }?
follow-unsubscribe-button = Stop the emails
follow-unsubscribed = Done: you will not get more of these emails. An address that follows nothing else is deleted.

mail-confirm-subject = Confirm: emails about { $what }
mail-confirm-text = Someone, hopefully you, asked the Amazon Contract Tracker to email this address about { $what }. Confirm to start the emails.
mail-confirm-button = Confirm the emails
mail-confirm-ignore = If you did not ask for this, ignore this email: nothing more will be sent, and the address is forgotten in 7 days.
mail-instant-subject = { $count ->
    [one] New on the tracker: { $what }
   *[other] { $count } updates: { $what }
}
mail-digest-daily-subject = Today on the tracker: { $what }
mail-digest-weekly-subject = This week on the tracker: { $what }
mail-intro = New and corrected deals for { $what }.
mail-deals-heading = Deals
mail-deal-new = New: { $title }
mail-deal-changed = Corrected: { $title }
mail-more = { $count } more on the site
mail-coming-up-heading = Coming up in the next 7 days
mail-open-site = See it all on the site
# The frequency inside a sentence (the mail's footer).
mail-frequency-instant = as it happens
mail-frequency-daily = once a day
mail-frequency-weekly = once a week
mail-footer = You get these emails about { $what } ({ $frequency }). Change how often, or stop them: { $manage }
mail-unsubscribe = Stop these emails
mail-manage = your email settings
