/* Progressive enhancement of the feedback form; the form works without it.
   - shows the published time and fee of the chosen service, and the visit date in the Buddhist era;
   - one tap sends once (the button is disabled after the first tap; the server also ignores repeats);
   - offline: keeps the answers on the phone and sends them when the network returns.
     Every saved form carries its own idempotency key, so sending twice still makes one response. */
(function () {
  "use strict";
  var form = document.getElementById("feedback-form");
  if (!form) return;
  var QUEUE = "siang-feedback-queue";
  var notice = document.getElementById("offline");
  var sending = false;

  function text(id, value) { var el = document.getElementById(id); if (el && value) el.textContent = value; }

  var select = document.getElementById("process");
  function showPublished() {
    var option = select.options[select.selectedIndex];
    if (!option || !option.dataset) return;
    text("pub-time", option.dataset.time || "—");
    text("pub-fee", option.dataset.fee || "—");
  }
  if (select) { select.addEventListener("change", showPublished); if (select.value) showPublished(); }

  var date = document.getElementById("visit_date");
  var be = document.getElementById("visit_date-be");
  if (date && be) {
    date.addEventListener("change", function () {
      var parts = (date.value || "").split("-");
      if (parts.length !== 3) return;
      var months = be.dataset.months.split(",");
      var year = parseInt(parts[0], 10), day = parseInt(parts[2], 10), month = months[parseInt(parts[1], 10) - 1];
      be.textContent = be.dataset.lang === "en"
        ? day + " " + month + " " + year + " (B.E. " + (year + 543) + ")"
        : day + " " + month + " " + (year + 543);
    });
  }

  function load() { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function store(items) { try { localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (e) { /* full or disabled */ } }
  function say(message) {
    if (!notice || !message) return;
    notice.textContent = message;
    notice.hidden = false;
    if (notice.scrollIntoView) notice.scrollIntoView({ block: "center" });
  }

  function flush() {
    if (sending || !navigator.onLine) return;
    var items = load();
    if (!items.length) return;
    var item = items[0];
    sending = true;
    say(notice && notice.dataset.sending);
    fetch(item.action, {
      method: "POST", body: item.body, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      if (response.status === 429 || response.status >= 500) { sending = false; return; }
      store(load().filter(function (other) { return other.key !== item.key; }));
      if (response.redirected) { window.location.assign(response.url); return; }
      return response.text().then(function (html) { document.open(); document.write(html); document.close(); });
    }).catch(function () { sending = false; });
  }

  form.addEventListener("submit", function (event) {
    var button = form.querySelector("button[type=submit]");
    if (navigator.onLine === false && window.fetch) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form)).toString();
      var key = form.elements.t.value;
      var items = load().filter(function (other) { return other.key !== key; });
      items.push({ key: key, action: form.action, body: body });
      store(items);
      say(notice && notice.dataset.saved);
      return;
    }
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  });

  window.addEventListener("online", flush);
  window.addEventListener("pageshow", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = false;
  });
  setInterval(flush, 5000);
  flush();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/f/sw.js", { scope: "/f/" }).catch(function () { /* optional */ });
  }
})();
