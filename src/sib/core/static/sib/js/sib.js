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
  // On a phone the main navigation folds behind a "Menu" button (CSS decides when it shows);
  // Escape closes it and returns focus to the button.
  const nav = document.querySelector(".main-nav");
  const toggle = nav && nav.querySelector(".main-nav__toggle");
  if (toggle) {
    nav.classList.add("main-nav--foldable");
    toggle.hidden = false;
    const setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
})();
