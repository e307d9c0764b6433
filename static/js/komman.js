// Progressive enhancement only: every page works without this file.
// After a failed submit, move the focus to the error summary so screen readers read it
// first and keyboard users can follow its links to the fields (GOV.UK error summary).
document.addEventListener("DOMContentLoaded", () => {
  const uebersicht = document.getElementById("fehleruebersicht");
  if (uebersicht) uebersicht.focus();
});
