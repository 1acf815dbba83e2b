// Live room view: reload the room table on every server-sent event (no inline script: CSP).
(function () {
  "use strict";
  var room = document.getElementById("room");
  var status = document.getElementById("live-status");
  if (!room || !window.EventSource) { return; }
  var refreshing = false;
  function refresh() {
    if (refreshing) { return; }
    refreshing = true;
    fetch(room.dataset.source, { credentials: "same-origin" })
      .then(function (reply) { return reply.ok ? reply.text() : Promise.reject(reply.status); })
      .then(function (html) { room.innerHTML = html; room.dataset.updated = String(Date.now()); })
      .catch(function () { status.textContent = "Mise à jour interrompue : rechargez la page."; })
      .finally(function () { refreshing = false; });
  }
  var source = new EventSource(room.dataset.stream);
  source.addEventListener("room", refresh);
  source.addEventListener("tick", refresh);
  source.onerror = function () { status.textContent = "Connexion perdue, nouvelle tentative…"; };
  source.onopen = function () { status.textContent = "Mise à jour en direct."; room.dataset.live = "1"; };
})();
