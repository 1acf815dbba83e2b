// The technical test of pixcore (issue 16, procedure BEF-10). Collects, on this computer,
// what pixcore's TechnicalTestResult model expects; the verdict is pixcore's (pure,
// judged at the session's date), given back by the host or by
// `pixcore readiness check` on the saved file.
"use strict";

(function () {
  const TEST_FILE = "pixcore-test-telechargement.txt";
  const MAX_TEXT = 4096;
  const result = {
    label: null, user_agent: navigator.userAgent.slice(0, 1024), client_hints: null,
    mobile: null, connected: false, office_suite: false, download_text: null, pdf_code: null,
  };
  const byId = (id) => document.getElementById(id);
  const show = (id, text, ok) => {
    const node = byId(id);
    node.textContent = text;
    node.className = "status " + (ok ? "ok" : "ko");
  };

  async function readClientHints() {
    const data = navigator.userAgentData;
    if (!data || !data.getHighEntropyValues) {
      show("browser", navigator.userAgent, true);
      return;
    }
    try {
      const values = await data.getHighEntropyValues(["fullVersionList"]);
      result.mobile = Boolean(data.mobile);
      result.client_hints = (values.fullVersionList || []).slice(0, 32).map(
        (entry) => ({ brand: String(entry.brand).slice(0, 100),
                      version: String(entry.version).slice(0, 100) }));
      const named = result.client_hints.filter((e) => !/not.a.brand/i.test(e.brand));
      show("browser", named.map((e) => e.brand + " " + e.version).join(", "), true);
    } catch (error) {
      show("browser", navigator.userAgent, true);
    }
  }

  async function probeConnection() {
    try {
      const reply = await fetch(TEST_FILE, { cache: "no-store" });
      result.connected = reply.ok && navigator.onLine !== false;
    } catch (error) {
      result.connected = false;
    }
    show("connection", result.connected ? "oui" : "non", result.connected);
  }

  byId("download-file").addEventListener("change", async (event) => {
    const file = event.target.files && event.target.files[0];
    if (!file) return;
    const text = await file.slice(0, MAX_TEXT).text();
    result.download_text = text.slice(0, MAX_TEXT);
    show("download", "oui (" + file.name + ")", true);
  });

  function collect() {
    const label = byId("label").value.trim();
    const code = byId("pdf-code").value.trim();
    const office = document.querySelector("input[name=office]:checked");
    result.label = label ? label.slice(0, 100) : null;
    result.pdf_code = code ? code.slice(0, 100) : null;
    result.office_suite = Boolean(office && office.value === "yes");
    return result;
  }

  function offerFile(data) {
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "test-technique-" + (data.label || "ordinateur") + ".json";
    link.textContent = "Enregistrer le résultat (JSON)";
    return link;
  }

  function render(data, verdict) {
    const outcome = byId("outcome");
    outcome.replaceChildren();
    if (verdict) {
      const title = document.createElement("p");
      title.className = "status " + (verdict.ready ? "ok" : "ko");
      title.textContent = verdict.ready ? "Cet ordinateur est prêt." : "Cet ordinateur n'est pas prêt :";
      outcome.append(title);
      const list = document.createElement("ul");
      for (const failure of verdict.failures || []) {
        const item = document.createElement("li");
        item.textContent = failure.message;
        list.append(item);
      }
      outcome.append(list);
    }
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(data, null, 2);
    outcome.append(offerFile(data), pre);
  }

  byId("finish").addEventListener("click", async () => {
    const data = collect();
    const target = document.body.dataset.submit || "";
    if (!target.startsWith("/") || target.startsWith("//")) {
      render(data, null);  // no host to post to: save the file for the referent
      return;
    }
    try {
      const reply = await fetch(target, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(data),
      });
      render(data, reply.ok ? await reply.json() : null);
    } catch (error) {
      render(data, null);
    }
  });

  readClientHints();
  probeConnection();
})();
