// Unit search suggestions as the user types (progressive enhancement: the form works without it).
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var timer = null;
  function clear() { list.innerHTML = ""; list.hidden = true; }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (item) {
            var li = document.createElement("li");
            li.setAttribute("role", "option");
            var a = document.createElement("a");
            a.href = item.url; a.textContent = item.name;
            li.appendChild(a); list.appendChild(li);
          });
          list.hidden = data.results.length === 0;
        })
        .catch(clear);
    }, 200);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { clear(); } });
})();
