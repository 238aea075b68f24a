// Select all: a header checkbox ticks or unticks every row's checkbox of its table (approval
// lists, registration of the ticked citizens). Progressive: the header box is hidden in the
// page and shown only here, so without JavaScript the rows' own checkboxes work as before.
// <input type="checkbox" data-select-all="<the rows' checkbox name>" hidden>
(function () {
  "use strict";
  function rows(box) {
    var scope = box.closest("table") || box.form || document;
    return Array.prototype.slice.call(
      scope.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]')
    ).filter(function (row) { return !row.disabled; });
  }
  function reflect(box) {
    var all = rows(box);
    var ticked = all.filter(function (row) { return row.checked; }).length;
    box.checked = all.length > 0 && ticked === all.length;
    box.indeterminate = ticked > 0 && ticked < all.length;
  }
  function setUp() {
    document.querySelectorAll("input[type=checkbox][data-select-all]").forEach(function (box) {
      if (box.dataset.ready === "1") return;
      box.dataset.ready = "1";
      box.hidden = false;
      box.disabled = rows(box).length === 0;
      box.addEventListener("change", function () {
        rows(box).forEach(function (row) { row.checked = box.checked; });
        box.indeterminate = false;
      });
      rows(box).forEach(function (row) {
        row.addEventListener("change", function () { reflect(box); });
      });
      reflect(box);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  document.addEventListener("htmx:afterSettle", setUp);
})();
