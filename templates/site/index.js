// The index's filters: shown only when this runs, so the table reads whole without JavaScript. Rows that do not
// match are hidden; the status line says how many are shown (read out by screen readers).
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("documents");
  if (!form || !table) return;
  var text = document.getElementById("filter-text");
  var type = document.getElementById("filter-type");
  var lang = document.getElementById("filter-language");
  var status = document.getElementById("filter-status");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function apply() {
    var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var ok = words.every(function (w) { return row.dataset.text.indexOf(w) !== -1; }) &&
        (!type.value || row.dataset.type === type.value) &&
        (!lang.value || row.dataset.languages.split(" ").indexOf(lang.value) !== -1);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    status.textContent = shown === rows.length ? "" : shown + " of " + rows.length + " documents shown.";
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  [text, type, lang].forEach(function (control) { control.addEventListener("input", apply); });
  apply();
})();
