// Progressive enhancement: a letter whose PDF is still being rendered in the background
// ("Wird erstellt") becomes its download link as soon as the PDF is there; a status region
// tells screen-reader users. Without JavaScript the text asks to reload the page later.
(() => {
  const ABSTAND_MS = 4000;
  const HOECHSTENS = 150; // about ten minutes, then the text stays as it is
  const melden = (text) => {
    const meldung = document.getElementById("dokumente-meldung");
    if (meldung) meldung.textContent = text;
  };
  const beobachten = (feld, runde) => {
    if (runde >= HOECHSTENS) return;
    setTimeout(async () => {
      try {
        const antwort = await fetch(feld.dataset.dokumentStand, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (antwort.ok && (await antwort.json()).fertig) {
          const link = document.createElement("a");
          link.href = feld.dataset.dokumentUrl;
          link.setAttribute("download", "");
          link.textContent = feld.dataset.dokumentTitel + " herunterladen";
          feld.replaceWith(link);
          melden(feld.dataset.dokumentTitel + " ist fertig und kann heruntergeladen werden.");
          return;
        }
      } catch (fehler) {
        // network hiccup: try again next round
      }
      beobachten(feld, runde + 1);
    }, ABSTAND_MS);
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-dokument-stand]").forEach((feld) => beobachten(feld, 0));
  });
})();
