// "Share this page" on place pages: the phone's share sheet where the browser has one (Web
// Share API), otherwise the link is copied. A few lines of script instead of a WebAssembly
// island, so a place page's first visit stays small. The button is hidden until this runs;
// the address is always shown beside it in a field that can be selected by hand. Its texts
// come from the button's data attributes, written by the server (so they are translated
// with the page, not here).
(function () {
  var button = document.querySelector('.share-button[data-url]');
  if (!button) return;
  var status = document.querySelector('.share-status');
  var say = function (text) { if (status) status.textContent = text; };
  button.hidden = false;
  button.addEventListener('click', function () {
    var url = button.getAttribute('data-url');
    var title = button.getAttribute('data-title');
    var copy = function () {
      if (!navigator.clipboard) { say(button.getAttribute('data-failed')); return; }
      navigator.clipboard.writeText(url).then(
        function () { say(button.getAttribute('data-copied')); },
        function () { say(button.getAttribute('data-failed')); }
      );
    };
    if (navigator.share) {
      navigator.share({ url: url, title: title }).then(function () { say(''); }, copy);
    } else {
      copy();
    }
  });
})();
