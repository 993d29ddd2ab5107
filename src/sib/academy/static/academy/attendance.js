// Keyboard-first attendance grid. Without JavaScript the grid is a plain form with "Save all".
// ↑/↓ move between people (overriding the radio group's own arrow behaviour), ←/→ stay native;
// P, L, A, E choose the status of the focused row; a row saves itself (htmx) when it changes.
(function () {
  "use strict";

  function rows(grid) { return Array.from(grid.querySelectorAll("tr[data-row]")); }

  function focusRow(row) {
    if (!row) return;
    const target = row.querySelector("input[type=radio]:checked") || row.querySelector("input[type=radio]");
    if (target) target.focus();
  }

  function save(row) {
    if (window.htmx) {
      window.htmx.trigger(row, "sib-save");
    }
  }

  function setup(grid) {
    // Keys are fixed in both languages: P present, L late, A absent, E excused.
    const keys = { P: "present", L: "late", A: "absent", E: "excused" };

    grid.addEventListener("keydown", function (event) {
      const row = event.target.closest("tr[data-row]");
      if (!row || event.ctrlKey || event.metaKey || event.altKey) return;
      const all = rows(grid);
      const index = all.indexOf(row);
      const inMinutes = event.target.classList.contains("late-minutes");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        focusRow(all[index + (event.key === "ArrowDown" ? 1 : -1)]);
        return;
      }
      if (inMinutes) {
        if (event.key === "Enter") {
          event.preventDefault();
          save(row);
          focusRow(all[index + 1]);
        }
        return;
      }
      const status = keys[event.key.toUpperCase()];
      if (!status) return;
      event.preventDefault();
      const radio = row.querySelector('input[type=radio][value="' + status + '"]');
      radio.checked = true;
      const minutes = row.querySelector(".late-minutes");
      if (status === "late") {
        minutes.focus();
        minutes.select();
        return;
      }
      minutes.value = "";
      save(row);
      focusRow(all[index + 1]);
    });

    grid.addEventListener("change", function (event) {
      const row = event.target.closest("tr[data-row]");
      if (!row) return;
      if (event.target.type === "radio" && event.target.value === "late") {
        const minutes = row.querySelector(".late-minutes");
        if (!minutes.value) { minutes.focus(); return; }
      }
      if (event.target.type === "radio" && event.target.value !== "late") {
        row.querySelector(".late-minutes").value = "";
      }
      save(row);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-attendance-grid]").forEach(setup);
  });
})();
