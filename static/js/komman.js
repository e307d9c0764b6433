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
