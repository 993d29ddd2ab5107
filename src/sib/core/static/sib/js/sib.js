// Small progressive enhancements shared by every page. Everything works without this file.
(function () {
  "use strict";
  // Move focus to <main> after a skip-link jump so screen readers start reading there.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a.skip-link");
    if (!link) return;
    const main = document.getElementById("main");
    if (main) { main.focus(); }
  });
})();
