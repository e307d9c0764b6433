// Session timeout without lost work (WCAG 2.2.1): two minutes before the idle limit a dialog
// (role=alertdialog, focus on "Angemeldet bleiben", Escape also extends) offers to extend the
// session; and after a login that followed an expired session, the form gets back what was
// typed (the server kept it, komman/sitzung.py). Progressive enhancement only.
(() => {
  const WARNUNG_S = 120;
  const koerper = document.body;

  // --- Restore what was typed before the session ended ---
  const wiederherstellen = () => {
    const quelle = document.getElementById("komman-wiederherstellen");
    if (!quelle) return;
    const daten = JSON.parse(quelle.textContent);
    const bereich = document.querySelector("main") || document;
    Object.entries(daten).forEach(([name, werte]) => {
      const felder = Array.from(bereich.querySelectorAll(`[name="${CSS.escape(name)}"]`)).filter(
        (f) => !["hidden", "file", "password", "submit", "button"].includes(f.type)
      );
      felder.forEach((feld, i) => {
        if (feld.type === "checkbox" || feld.type === "radio") {
          feld.checked = werte.includes(feld.value);
        } else if (feld.tagName === "SELECT" && feld.multiple) {
          Array.from(feld.options).forEach((o) => { o.selected = werte.includes(o.value); });
        } else if (i < werte.length) {
          feld.value = werte[i];
        }
        feld.dispatchEvent(new Event("input", { bubbles: true }));
        feld.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  };

  // --- The warning before the end ---
  if (!koerper.dataset.sitzungVerbleibend) {
    document.addEventListener("DOMContentLoaded", wiederherstellen);
    return;
  }
  let zeitgeber = null;
  let uhr = null;
  let ende = 0;
  let vorher = null;
  const dialog = document.createElement("dialog");
  dialog.className = "sitzung-dialog";
  dialog.setAttribute("role", "alertdialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", "sitzung-titel");
  dialog.setAttribute("aria-describedby", "sitzung-text");
  dialog.innerHTML = `
    <h2 id="sitzung-titel" class="h4">Ihre Sitzung läuft bald ab</h2>
    <p id="sitzung-text"></p>
    <p class="sitzung-zeit" aria-hidden="true"></p>
    <div class="d-flex flex-wrap gap-2">
      <button type="button" class="btn btn-primary" data-sitzung="bleiben">Angemeldet bleiben</button>
      <button type="button" class="btn btn-outline-secondary" data-sitzung="abmelden">Jetzt abmelden</button>
    </div>`;
  const text = dialog.querySelector("#sitzung-text");
  const zeit = dialog.querySelector(".sitzung-zeit");
  const bleiben = dialog.querySelector('[data-sitzung="bleiben"]');

  const planen = (sekunden) => {
    clearTimeout(zeitgeber);
    zeitgeber = setTimeout(pruefen, Math.max(0, sekunden - WARNUNG_S) * 1000);
  };
  const abgelaufen = () => {
    clearInterval(uhr);
    dialog.querySelector("#sitzung-titel").textContent = "Ihre Sitzung ist abgelaufen";
    text.textContent =
      "Aus Sicherheitsgründen wurden Sie abgemeldet. Was Sie in ein Formular eingegeben haben, geht nicht verloren: " +
      "Speichern Sie wie gewohnt; nach der neuen Anmeldung stehen Ihre Eingaben wieder im Formular.";
    zeit.textContent = "";
    bleiben.textContent = "Schließen";
    bleiben.dataset.sitzung = "schliessen";
  };
  const ticken = () => {
    const rest = Math.max(0, Math.round((ende - Date.now()) / 1000));
    const m = Math.floor(rest / 60);
    const s = String(rest % 60).padStart(2, "0");
    zeit.textContent = `Verbleibende Zeit: ${m}:${s} Minuten`;
    if (rest <= 0) abgelaufen();
  };
  const zeigen = (sekunden) => {
    ende = Date.now() + sekunden * 1000;
    const minuten = Math.max(1, Math.ceil(sekunden / 60));
    text.textContent =
      `Sie waren eine Weile nicht aktiv. In etwa ${minuten === 1 ? "einer Minute" : minuten + " Minuten"} werden Sie ` +
      "aus Sicherheitsgründen abgemeldet. Möchten Sie angemeldet bleiben?";
    ticken();
    uhr = setInterval(ticken, 1000);
    vorher = document.activeElement;
    if (!dialog.open) dialog.showModal();
    bleiben.focus();
  };
  const schliessen = () => {
    clearInterval(uhr);
    if (dialog.open) dialog.close();
    if (vorher && typeof vorher.focus === "function") vorher.focus();
  };
  const json = async (antwort) =>
    antwort.ok && (antwort.headers.get("Content-Type") || "").includes("json") ? antwort.json() : null;
  async function pruefen() {
    try {
      const stand = await json(await fetch(koerper.dataset.sitzungStand, { credentials: "same-origin" }));
      if (!stand) return zeigen(0); // already over: the dialog says so at once
      if (stand.verbleibend > WARNUNG_S + 10) return planen(stand.verbleibend); // active in another tab
      zeigen(stand.verbleibend);
    } catch (fehler) {
      planen(WARNUNG_S + 30);
    }
  }
  const verlaengern = async () => {
    try {
      const antwort = await fetch(koerper.dataset.sitzungVerlaengern, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": koerper.dataset.csrf },
      });
      const stand = await json(antwort);
      if (!stand) return abgelaufen();
      schliessen();
      planen(stand.verbleibend);
    } catch (fehler) {
      text.textContent = "Die Verbindung zum Portal ist gestört. Bitte versuchen Sie es erneut.";
    }
  };
  const abmelden = () => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = koerper.dataset.sitzungAbmelden;
    form.innerHTML = `<input type="hidden" name="csrfmiddlewaretoken" value="${koerper.dataset.csrf}">`;
    document.body.appendChild(form);
    form.submit();
  };
  dialog.addEventListener("click", (e) => {
    const art = e.target.dataset && e.target.dataset.sitzung;
    if (art === "bleiben") verlaengern();
    else if (art === "abmelden") abmelden();
    else if (art === "schliessen") schliessen();
  });
  dialog.addEventListener("cancel", (e) => {
    // Escape: the safe choice is to stay logged in.
    e.preventDefault();
    if (bleiben.dataset.sitzung === "bleiben") verlaengern();
    else schliessen();
  });
  // Focus stays inside the dialog (showModal makes the page inert; Tab cycles the two buttons).
  document.addEventListener("DOMContentLoaded", () => {
    document.body.appendChild(dialog);
    wiederherstellen();
    planen(Number(koerper.dataset.sitzungVerbleibend));
  });
})();
