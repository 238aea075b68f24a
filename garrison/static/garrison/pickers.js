// Pickers (core.widgets.SearchSelect): a <select data-search-url> holds only the chosen row;
// Tom Select turns it into a box that asks the register's scoped search as the user types
// (core.pickers answers {"results": [{value, text}]}, at most 20 rows). The server searches and
// ranks: the box shows what it answers, in its order, without filtering it again.
(function () {
  "use strict";
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.dataset.searchUrl;
    var separator = url.indexOf("?") === -1 ? "?" : "&";
    var noResults = select.dataset.noResults || "";
    var settings = {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 250,
      allowEmptyOption: !select.multiple,
      placeholder: select.dataset.placeholder || "",
      plugins: select.multiple ? ["remove_button"] : [],
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        var box = this;
        fetch(url + separator + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            box.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escapeHtml(noResults) + "</div>";
        },
      },
    };
    new TomSelect(select, settings);
  }
  function initAll(root) {
    (root || document).querySelectorAll("select[data-search-url]").forEach(init);
  }
  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
