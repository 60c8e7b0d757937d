// Unit choosers (emulation.forms.UnitTreeSelect): searchable, diacritics aside, and showing the tree.
// Each option carries data-data = {"depth": n, "name": "...", "search": "ascii words"}; a list page's filter
// (data-unit-source) loads its options from that URL (emulation.views.unit_options) when first opened.
(function () {
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase();
  }
  function render(data, escape) {
    var depth = data.depth || 0;
    return '<div class="unit-option unit-depth-' + Math.min(depth, 6) + '">' + escape(data.name || data.text) + "</div>";
  }
  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var multiple = select.multiple;
    var source = select.getAttribute("data-unit-source");
    var ts = new TomSelect(select, {
      searchField: ["search", "text"],
      sortField: [{field: "$order"}],
      maxOptions: null,
      allowEmptyOption: !multiple,
      plugins: multiple ? ["remove_button"] : [],
      // List filters (data-unit-source) carry only the chosen unit: the user's units are loaded from the
      // server once, when the box is first opened, then searched here like the others.
      preload: source ? "focus" : false,
      load: source ? function (query, callback) {
        var self = this;
        if (self.loading > 1) { callback(); return; }
        fetch(source, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (response) { return response.json(); })
          .then(function (data) { self.settings.load = null; callback(data.units); })
          .catch(function () { callback(); });
      } : null,
      render: {
        option: render,
        item: function (data, escape) { return "<div>" + escape(data.name || data.text) + "</div>"; }
      },
      score: function (query) {
        var words = fold(query).split(/\s+/).filter(Boolean);
        return function (item) {
          var hay = (item.search || "") + " " + fold(item.text);
          for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) === -1) return 0;
          return 1;
        };
      }
    });
    ts.on("change", function () {
      if (select.hasAttribute("data-submit-on-change") && select.form) select.form.submit();
    });
  }
  function scan(root) {
    (root || document).querySelectorAll("select[data-unit-tree]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
