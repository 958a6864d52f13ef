/* Hide questions whose condition is not met; the server checks the same rule. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) { return; }
  var items = form.querySelectorAll("[data-show-if]");
  function chosen(name) {
    var values = [];
    form.querySelectorAll("input[name='" + CSS.escape(name) + "']").forEach(function (input) {
      if (input.checked && !input.closest("[hidden]")) { values.push(input.value); }
    });
    return values;
  }
  function update() {
    items.forEach(function (item) {
      var wanted = JSON.parse(item.getAttribute("data-show-values") || "[]");
      var shown = chosen(item.getAttribute("data-show-if")).some(function (v) { return wanted.indexOf(v) >= 0; });
      item.hidden = !shown;
      var note = item.querySelector(".condition-note");
      if (note) { note.hidden = true; }
    });
  }
  form.addEventListener("change", function () { update(); update(); });
  update(); update();
})();
