// Countdown of the attempt page. The server enforces the time limit; this only shows it
// and sends the answers when the time is up.
(function () {
  "use strict";
  var clock = document.getElementById("dong-ho");
  var form = document.getElementById("bai-thi");
  var notice = document.getElementById("nhac-gio");
  if (!clock || !form) return;
  var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
  var warned = false;
  var sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) { event.preventDefault(); return; }
    sent = true;
  });
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    clock.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    if (left <= 60 && !warned) {
      warned = true;
      notice.textContent = "Còn 1 phút làm bài.";
    }
    if (left === 0) {
      if (!sent) { sent = true; form.submit(); }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
