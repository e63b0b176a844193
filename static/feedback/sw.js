/* Siang feedback: lets a form opened once be opened again without a network.
   Network first; the last good copy of a form page and its CSS/JS are kept for when there is none.
   Submissions are never cached or replayed here: the page keeps them (see feedback.js). */
var CACHE = "siang-feedback-v1";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/f/") !== 0 && url.pathname.indexOf("/static/feedback/") !== 0) return;
  if (url.pathname === "/f/sw.js") return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || Response.error(); });
    })
  );
});
