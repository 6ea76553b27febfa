# Source documents kept on the site: the document page, attaching one, and their errors.

document-type-pdf = PDF
document-type-image = Scanned image
document-type-html = Saved web page
document-type-text = Text file

source-document-invalid = This source's document reference is not valid. Open the source's "Attach the document" link to add the file again.
field-source-document = Document kept (SHA-256)

document-file-missing = Choose the file to upload.
document-file-empty = That file is empty. Choose the document itself.
document-file-kind = The site keeps PDFs, scanned images (PNG, JPEG, TIFF), saved web pages (HTML) and text files. This file is none of these, whatever its name says.
document-image-damaged = This image looks damaged: its header can't be read. Save or scan it again and upload that copy.
document-file-too-large = That file is larger than { $mb } MB, the most this site takes. Upload a smaller copy (for example only the pages that matter).
document-upload-unreadable = The upload was cut off or could not be read. Try again.
document-quota = You have uploaded { $mb } MB of documents in the last 24 hours, the most one account may. Try again tomorrow, or ask a moderator.
document-not-stored = The file could not be stored just now. Nothing was changed; try again in a minute.

document-page-title = { $name } (source document)
document-private = Only you and the moderators can see this document until a moderator approves the change that cites it.
document-row-publisher = Published by
document-row-type = Kind of file
document-row-size = Size
document-row-pages = Pages
document-row-uploaded = Uploaded
document-uploaded-by = { $date } by { $who }
document-row-sha256 = SHA-256 fingerprint
document-download = Download the file
document-open = Open it in the browser
document-cited-by = Deals that cite it
document-citing-withdrawn = withdrawn
document-citing-pending = change waiting for review
document-check-heading = Check a copy you hold
document-check-intro = This fingerprint changes if a single byte of the file changes. To check a copy on your computer, run this line in a terminal in the folder that holds it (the file name must match):
document-check-label = Or choose your copy here
document-check-hint = Your browser computes its fingerprint itself; the file is not uploaded.
document-check-checking = Checking…
document-check-same = Your copy is this document, byte for byte.
document-check-different = Your copy is not the same file: its fingerprint differs.
document-check-unavailable = This browser can't compute the fingerprint here. Use the line above instead.
document-text-heading = Text of the document
document-text-waiting = The text of this document is being read. It shows here, and in search, within a few minutes.
document-text-none = No text was found in this file.
document-text-failed = The text of this file could not be read (it may be damaged, protected, or too large to read safely). The file itself is kept and can be downloaded.
document-page-n = Page { $page }
document-show-all = Show the text of every page (only the first { $shown } are shown)

attach-page-title = Attach a source document
attach-heading = Attach the document
attach-intro = Upload the document behind the source "{ $source }" of
attach-has-document = This source already has a document. A new file replaces it in the deal; the old one stays in the history.
attach-see-document = See the current document
attach-file-label = The document
attach-file-hint = A PDF, a scan (PNG, JPEG or TIFF), a saved web page or a text file, up to { $mb } MB. The site keeps it with its SHA-256 fingerprint.
attach-review-note = Attaching a document is an edit of the deal: a moderator reviews it before the public sees the file.
attach-uploading = Uploading:
attach-review-note-moderator = As a moderator, your attachment is published at once, and kept in the deal's history.
attach-submit = Upload and attach

deal-page-document-kept = Document kept on this site
deal-page-document-attach = Attach the document
deal-page-document-replace = Replace the document

browse-found-in = On page { $page } of “{ $title }”
