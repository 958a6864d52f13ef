// A filter box before every long unit list (progressive enhancement: without this script
// the list is a plain <select>). Typing a few letters, with or without Vietnamese marks,
// hides the units whose names lack a word beginning with each word typed; chosen units
// stay in view.
// Enter picks the first unit left (and does not send the form). The texts come from the
// select's data-filter and data-filter-status attributes, translated by the server.
(function () {
  "use strict";
  // Lower case, no marks, đ as d, words of letters and digits with one space between.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function number(n) { return n.toLocaleString("vi-VN"); }

  function enhance(select, index) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "unit-filter";
    box.id = (select.id || "unit-list-" + index) + "-filter";
    box.autocomplete = "off";
    box.placeholder = select.getAttribute("data-filter");
    box.setAttribute("aria-label", select.getAttribute("data-filter"));
    if (select.id) { box.setAttribute("aria-controls", select.id); }
    var status = document.createElement("span");
    status.className = "unit-filter-status";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);

    var names = null;  // folded option texts, built on the first keystroke
    function apply() {
      var options = select.options;
      if (names === null) {
        names = [];
        for (var k = 0; k < options.length; k++) { names.push(" " + fold(options[k].text)); }
      }
      var words = fold(box.value).split(" ").filter(Boolean);
      var shown = 0;
      var total = 0;
      for (var i = 0; i < options.length; i++) {
        var option = options[i];
        if (option.value === "") { continue; }  // "none" stays
        total += 1;
        // Every word typed begins a word of the name: "thanh" finds "Cẩm Thành", "anh" does not.
        var keep = option.selected || words.every(function (w) { return names[i].indexOf(" " + w) !== -1; });
        option.hidden = !keep;
        if (keep) { shown += 1; }
      }
      var groups = select.getElementsByTagName("optgroup");
      for (var g = 0; g < groups.length; g++) {
        groups[g].hidden = !groups[g].querySelector("option:not([hidden])");
      }
      status.textContent = words.length === 0 ? "" : select.getAttribute("data-filter-status")
        .replace("{shown}", number(shown)).replace("{total}", number(total));
    }
    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      for (var i = 0; i < select.options.length; i++) {
        var option = select.options[i];
        if (option.value !== "" && !option.hidden && !option.selected) {
          option.selected = true;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          apply();
          return;
        }
      }
    });
  }

  var count = 0;
  // Also called by scripts that add rows holding unit lists (plans.js).
  window.cchcUnitFilter = function (root) {
    var lists = root.querySelectorAll("select[data-filter]:not([data-filter-ready])");
    for (var n = 0; n < lists.length; n++) {
      lists[n].setAttribute("data-filter-ready", "");
      count += 1;
      enhance(lists[n], count);
    }
  };
  window.cchcUnitFilter(document);
})();
