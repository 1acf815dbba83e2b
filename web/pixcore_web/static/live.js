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

// The report form: the rules check the report as it is typed (nothing is filed).
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var out = document.getElementById("report-check");
  if (!form || !out) { return; }
  var timer = null;
  function check() {
    fetch(form.dataset.check, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (reply) { return reply.text(); })
      .then(function (html) { out.innerHTML = html; })
      .catch(function () { out.textContent = ""; });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
})();
