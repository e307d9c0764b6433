/* Antrag form enhancements: add Maßnahme rows, live amounts. The server computes the same
   figures on every save; the page works without this file. No inline script (CSP). */
(function () {
  "use strict";
  var formular = document.getElementById("antragsformular");
  if (!formular) { return; }
  var teil = formular.dataset.teil;

  function zahl(text) {
    // German input "85.500,00" or plain "85500.00" -> Number (display only; money is Decimal on the server)
    var t = String(text || "").replace(/\s|€/g, "");
    if (!t) { return null; }
    if (/^-?\d{1,3}(\.\d{3})+(,\d*)?$/.test(t) || /^-?\d+(,\d*)?$/.test(t)) {
      t = t.replace(/\./g, "").replace(",", ".");
    } else if (!/^-?\d+(\.\d*)?$/.test(t)) {
      return NaN;
    }
    return Number(t);
  }
  function cent(x) { return Math.round(x * 100) / 100; }
  // "höchstens 90 %" rounds down to the cent, as rules.hoechstsatz_betrag (the epsilon absorbs float noise)
  function centAbgerundet(x) { return Math.floor(x * 100 + 1e-6) / 100; }
  function euro(x) {
    if (x === null || isNaN(x)) { return "–"; }
    return x.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " €";
  }
  function feld(zeile, name) { return zeile.querySelector("[name$='-" + name + "']"); }

  var pauschalen = {};
  var daten = document.getElementById("pauschalen-daten");
  if (daten) { pauschalen = JSON.parse(daten.textContent); }

  function rechneTeil2() {
    var summe = 0;
    document.querySelectorAll("#zeilen [data-zeile]").forEach(function (zeile) {
      var loeschen = feld(zeile, "DELETE");
      var code = feld(zeile, "pauschale").value;
      var einheiten = zahl(feld(zeile, "einheiten").value);
      var betrag = null;
      if (code && pauschalen[code] && einheiten && Number.isInteger(einheiten) && einheiten > 0) {
        betrag = Number(pauschalen[code]) * einheiten;
      }
      zeile.querySelector("[data-betrag]").textContent = euro(betrag);
      if (betrag && !(loeschen && loeschen.checked)) { summe += betrag; }
    });
    var ausgabe = document.getElementById("summe");
    if (ausgabe) { ausgabe.textContent = euro(summe); }
    var hinweis = document.getElementById("summe-hinweis");
    var hoechst = zahl(formular.dataset.hoechstbetrag);
    if (hinweis && hoechst !== null && !isNaN(hoechst)) {
      hinweis.textContent = summe > hoechst
        ? "Achtung: Die Summe übersteigt den Höchstbetrag um " + euro(cent(summe - hoechst)) + "."
        : "Noch verfügbar: " + euro(cent(hoechst - summe)) + ".";
    }
  }

  function rechneTeil3() {
    var satz = zahl(formular.dataset.foerdersatz);
    var sachJeStelle = zahl(formular.dataset.sachpauschale);
    var eg11 = zahl(formular.dataset.eg11);
    document.querySelectorAll("#zeilen [data-zeile]").forEach(function (zeile) {
      var stellen = zahl(feld(zeile, "stellen").value) || 0;
      var personal = zahl(feld(zeile, "personalausgaben").value) || 0;
      var honorar = zahl(feld(zeile, "honorarausgaben").value) || 0;
      var sach = zahl(feld(zeile, "sachausgaben").value) || 0;
      if ([stellen, personal, honorar, sach].some(isNaN)) { return; }
      var sachMax = sachJeStelle !== null ? cent(stellen * sachJeStelle) : null;
      var personalMax = eg11 !== null ? cent(stellen * eg11) : null;
      var zf = (personalMax !== null ? Math.min(personal, personalMax) : personal) + honorar +
        (sachMax !== null ? Math.min(sach, sachMax) : sach);
      zeile.querySelector("[data-sachpauschale]").textContent = euro(sachMax);
      zeile.querySelector("[data-zuwendungsfaehig]").textContent = euro(cent(zf));
      zeile.querySelector("[data-grenze]").textContent = satz !== null ? euro(centAbgerundet(zf * satz)) : "–";
    });
  }

  function rechne() {
    if (teil === "II") { rechneTeil2(); }
    if (teil === "III") { rechneTeil3(); }
  }

  var knopf = formular.querySelector("[data-zeile-hinzufuegen]");
  var vorlage = document.getElementById("leere-zeile");
  var gesamt = formular.querySelector("input[name$='-TOTAL_FORMS']");
  if (knopf && vorlage && gesamt) {
    knopf.addEventListener("click", function (ereignis) {
      ereignis.preventDefault();
      var index = Number(gesamt.value);
      var html = vorlage.innerHTML.replace(/__prefix__/g, String(index));
      var huelle = document.createElement("div");
      huelle.innerHTML = html;
      var zeile = huelle.firstElementChild;
      zeile.querySelector("[data-zeile-nr]").textContent = String(index + 1);
      document.getElementById("zeilen").appendChild(zeile);
      gesamt.value = String(index + 1);
      var erstes = zeile.querySelector("select, input:not([type=hidden]), textarea");
      if (erstes) { erstes.focus(); }
      // Screen readers hear the new field's label only; say what happened (live region).
      var meldung = document.getElementById("zeilen-meldung");
      if (meldung) {
        meldung.textContent = "Maßnahme " + String(index + 1) +
          " ist hinzugefügt. Bitte füllen Sie die neue Zeile aus.";
      }
      rechne();
    });
  }

  // The Pauschale list shows the chosen Baustein's Pauschalen only (the server does the same
  // on every page load, so it works without this file). Choosing a Pauschale never changes a
  // chosen Baustein; the server checks the pair and says what does not fit.
  var jeBaustein = {};
  var jeDaten = document.getElementById("pauschalen-je-baustein");
  if (jeDaten) { jeBaustein = JSON.parse(jeDaten.textContent); }
  function pauschalenFiltern(bausteinFeld) {
    var auswahl = formular.querySelector("[name='" + bausteinFeld.name.replace(/-baustein$/, "-pauschale") + "']");
    if (!auswahl) { return; }
    var bisher = auswahl.value;
    var gruppen = bausteinFeld.value && jeBaustein[bausteinFeld.value]
      ? [bausteinFeld.value] : Object.keys(jeBaustein);
    while (auswahl.firstChild) { auswahl.removeChild(auswahl.firstChild); }
    auswahl.appendChild(new Option("Bitte wählen", ""));
    gruppen.forEach(function (b) {
      var gruppe = document.createElement("optgroup");
      var bausteinText = bausteinFeld.querySelector("option[value='" + b + "']");
      gruppe.label = "Baustein " + (bausteinText ? bausteinText.textContent : b);
      jeBaustein[b].forEach(function (eintrag) {
        gruppe.appendChild(new Option(eintrag[1], eintrag[0], false, eintrag[0] === bisher));
      });
      auswahl.appendChild(gruppe);
    });
  }
  formular.addEventListener("change", function (ereignis) {
    var ziel = ereignis.target;
    if (ziel.name && /-baustein$/.test(ziel.name)) { pauschalenFiltern(ziel); }
    // An empty Baustein follows the chosen Pauschale (as the server does); a chosen one never.
    if (ziel.name && /-pauschale$/.test(ziel.name) && ziel.value) {
      var baustein = formular.querySelector("[name='" + ziel.name.replace(/-pauschale$/, "-baustein") + "']");
      if (baustein && !baustein.value) { baustein.value = ziel.value.charAt(0); pauschalenFiltern(baustein); }
    }
  });
  formular.addEventListener("input", rechne);
  formular.addEventListener("change", rechne);
  rechne();
})();
