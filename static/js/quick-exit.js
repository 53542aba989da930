/* "Leave this page" (GOV.UK's exit-this-page pattern). Without this script the button is a
   plain link to QUICK_EXIT_URL. With it, leaving also replaces this page's entry in the
   history (location.replace), so the Back button does not return here, the page is blanked
   at once, and pressing Esc three times within two seconds does the same as the button. */
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) {
    return;
  }
  var target = button.getAttribute("href");
  var WINDOW_MS = 2000;
  var PRESSES = 3;
  var presses = [];

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("quick-exit-leaving");
    window.location.replace(target);
  }

  button.addEventListener("click", leave);
  // Every link of the page that says "leave this page quickly" (the violence notice's).
  Array.prototype.forEach.call(document.querySelectorAll("[data-quick-exit-link]"),
    function (link) { link.addEventListener("click", leave); });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (at) { return now - at < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= PRESSES) {
      presses = [];
      leave();
    }
  });

  // Brought back from the browser's page cache (through another entry of the history): the
  // page is shown again rather than left blank.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("quick-exit-leaving");
    }
  });
}());
