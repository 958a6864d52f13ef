// Plan editor, progressive enhancement: add rows, add sub-activities, move activities up and
// down. Without this script the same buttons submit the form and the server adds the row;
// the order is then set with the "Thứ tự" fields.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) { return; }

  var focusId = form.getAttribute("data-focus");
  if (focusId) {
    var target = document.querySelector("[id^='" + focusId + "']");
    if (target) { target.focus(); }
  }

  function total(prefix) { return form.querySelector("[name='" + prefix + "-TOTAL_FORMS']"); }

  function newRow(prefix) {
    var counter = total(prefix);
    var tpl = document.getElementById("tpl-" + prefix);
    if (!counter || !tpl) { return null; }
    var index = parseInt(counter.value, 10);
    var html = tpl.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    counter.value = String(index + 1);
    if (window.cchcUnitFilter) { window.cchcUnitFilter(row); }
    return row;
  }

  function activityRows() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-rows='activities'] > [data-row]"));
  }

  function parentOf(row) {
    var input = row.querySelector("input[name$='-parent']");
    return input && input.value.trim() ? input.value.trim() : "";
  }

  // ORDER follows what the person sees; a new row left blank keeps no ORDER, so that the
  // server still treats it as untouched and ignores it.
  function renumber() {
    var initial = form.querySelector("[name='activities-INITIAL_FORMS']");
    var initialCount = initial ? parseInt(initial.value, 10) : 0;
    activityRows().forEach(function (row, i) {
      var order = row.querySelector("input[name$='-ORDER']");
      var title = row.querySelector("textarea[name$='-title']");
      var index = order ? parseInt(order.name.split("-")[1], 10) : 0;
      var blank = title && !title.value.trim() && !parentOf(row) && index >= initialCount;
      if (order) { order.value = blank ? "" : String(i + 1); }
      row.classList.toggle("is-child", parentOf(row) !== "");
    });
  }
  var moved = false;
  form.addEventListener("submit", function () { if (moved) { renumber(); } });

  // A top-level row moves with its sub-activities; a sub-activity moves among its siblings.
  function block(row) {
    var rows = [row];
    if (parentOf(row)) { return rows; }
    var number = row.getAttribute("data-number");
    var next = row.nextElementSibling;
    while (next && parentOf(next) === number) { rows.push(next); next = next.nextElementSibling; }
    return rows;
  }

  function blockStart(row, up) {
    var sibling = up ? row.previousElementSibling : block(row).slice(-1)[0].nextElementSibling;
    if (!sibling) { return null; }
    var own = parentOf(row);
    if (own) { return parentOf(sibling) === own ? sibling : null; }
    if (up) {
      while (sibling && parentOf(sibling)) { sibling = sibling.previousElementSibling; }
    } else if (parentOf(sibling)) {
      return null;
    }
    return sibling;
  }

  function move(row, up) {
    var other = blockStart(row, up);
    if (!other) { return; }
    var container = row.parentNode;
    var mine = block(row);
    if (up) {
      mine.forEach(function (r) { container.insertBefore(r, other); });
    } else {
      var after = block(other).slice(-1)[0].nextElementSibling;
      mine.forEach(function (r) { container.insertBefore(r, after); });
    }
    moved = true;
    renumber();
    row.querySelector("[data-move='" + (up ? "up" : "down") + "']").focus();
  }

  function addTools(row) {
    var tools = row.querySelector("[data-row-tools]");
    if (!tools || tools.querySelector("[data-move]")) { return; }
    [["up", "Chuyển lên"], ["down", "Chuyển xuống"]].forEach(function (pair) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-secondary";
      b.setAttribute("data-move", pair[0]);
      b.textContent = pair[1];
      b.addEventListener("click", function () { move(row, pair[0] === "up"); });
      tools.appendChild(b);
    });
    var child = tools.querySelector("[data-add-child]");
    if (child) {
      child.addEventListener("click", function (e) {
        e.preventDefault();
        var fresh = newRow("activities");
        if (!fresh) { return; }
        var number = row.getAttribute("data-number");
        var last = block(row).slice(-1)[0];
        row.parentNode.insertBefore(fresh, last.nextElementSibling);
        fresh.querySelector("input[name$='-parent']").value = number;
        addTools(fresh);
        moved = true;
        renumber();
        fresh.querySelector("textarea, input:not([type=hidden])").focus();
      });
    }
  }

  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (e) {
      var prefix = button.getAttribute("data-add-row");
      var fresh = newRow(prefix);
      if (!fresh) { return; }
      e.preventDefault();
      form.querySelector("[data-rows='" + prefix + "']").appendChild(fresh);
      if (prefix === "activities") { addTools(fresh); }
      var first = fresh.querySelector("textarea, select, input:not([type=hidden])");
      if (first) { first.focus(); }
    });
  });

  activityRows().forEach(addTools);
})();
