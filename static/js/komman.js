// Progressive enhancement only: every page works without this file.
// After a failed submit, move the focus to the error summary so screen readers read it
// first and keyboard users can follow its links to the fields (GOV.UK error summary).
// Done again on "load": a URL ending in #inhalt (after the skip link) makes the browser
// focus <main> once the page has loaded, which would otherwise win.
(() => {
  const fokussieren = () => {
    const uebersicht = document.getElementById("fehleruebersicht");
    if (uebersicht && document.activeElement !== uebersicht && !uebersicht.contains(document.activeElement)) {
      uebersicht.focus();
    }
  };
  document.addEventListener("DOMContentLoaded", fokussieren);
  window.addEventListener("load", () => setTimeout(fokussieren, 0));
})();

// A table wider than the screen scrolls inside .table-responsive (allowed for data tables,
// WCAG 1.4.10); tables without that box get one here. Keyboard users can only scroll the box
// if it can take the focus: then it becomes a named region in the Tab order, and only then
// (no needless Tab stops on wide screens). A ResizeObserver keeps this right on zoom/resize.
(() => {
  const pruefen = (box) => {
    const zuBreit = box.scrollWidth > box.clientWidth + 1;
    if (zuBreit && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (caption ? caption.textContent.trim() + " – " : "") + "Tabelle, seitlich scrollbar");
      box.dataset.kommanRegion = "1";
    } else if (!zuBreit && box.dataset.kommanRegion) {
      for (const attr of ["tabindex", "role", "aria-label", "data-komman-region"]) box.removeAttribute(attr);
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const tabelle of document.querySelectorAll("main table")) {
      if (tabelle.closest(".table-responsive")) continue;
      const box = document.createElement("div");
      box.className = "table-responsive";
      tabelle.replaceWith(box);
      box.appendChild(tabelle);
    }
    const boxen = document.querySelectorAll(".table-responsive");
    boxen.forEach(pruefen);
    if ("ResizeObserver" in window) {
      const beobachter = new ResizeObserver((eintraege) => eintraege.forEach((e) => pruefen(e.target)));
      boxen.forEach((box) => beobachter.observe(box));
    }
  });
})();

// Copy buttons (data-kopieren="id of the element to copy"): hidden without JavaScript or a
// clipboard; the result is announced in the button's own text.
(() => {
  document.addEventListener("DOMContentLoaded", () => {
    if (!navigator.clipboard) return;
    for (const knopf of document.querySelectorAll("button[data-kopieren]")) {
      knopf.hidden = false;
      const text = knopf.textContent;
      knopf.addEventListener("click", async () => {
        const quelle = document.getElementById(knopf.dataset.kopieren);
        try {
          await navigator.clipboard.writeText(quelle.textContent.trim());
          knopf.textContent = "Kopiert";
        } catch (e) {
          knopf.textContent = "Kopieren nicht möglich – bitte Prüfsumme aufklappen und markieren";
        }
        setTimeout(() => { knopf.textContent = text; }, 4000);
      });
    }
  });
})();
