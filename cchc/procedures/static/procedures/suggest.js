/* Suggest-as-you-type for the procedure search (ARIA 1.2 combobox with a listbox).
   Without JavaScript the form still submits a normal search. */
(function () {
  "use strict";
  var input = document.getElementById("id_q");
  var list = document.getElementById("proc-suggest");
  var status = document.getElementById("proc-suggest-status");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null, active = -1, items = [], last = "", controller = null;

  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function select(index) {
    items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else { input.removeAttribute("aria-activedescendant"); }
  }
  function render(results) {
    list.innerHTML = ""; items = []; active = -1;
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "proc-suggest-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-url", r.url);
      li.appendChild(document.createTextNode(r.name));
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.appendChild(document.createTextNode(" — " + r.field + " (" + r.code + ")"));
      li.appendChild(meta);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = r.url; });
      list.appendChild(li); items.push(li);
    });
    var open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open ? results.length + " gợi ý; dùng phím mũi tên để chọn." : "Không có gợi ý.";
  }
  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === last) { return; }
    last = q;
    if (q.length < 2) { close(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q.slice(0, 200)), {
      headers: { "Accept": "application/json" }, signal: controller ? controller.signal : undefined
    }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === q) { render(data.results || []); } })
      .catch(function () { /* offline or aborted: the form still works */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden || !items.length) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); select((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].getAttribute("data-url"); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
