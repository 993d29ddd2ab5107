// One key per decision on an application's page: A accept, W waiting list, R reject.
// Keys are ignored while typing in a field, so notes and scores can be written freely.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const button = document.querySelector('button[data-key="' + event.key.toUpperCase() + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
