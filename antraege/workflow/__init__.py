"""The lifecycle of an Antrag: one table, one function per transition (DESIGN.md §6).

Every transition has the same shape: guard → atomic → select_for_update() of the Antrag
(then of the Foerderperiode when money is committed, always in this order) → re-check
under the lock (a double click fails cleanly) → change → one Statuswechsel → the mail
into the outbox in the same transaction and the PDF task queued on commit, so a rollback
sends and renders nothing (komman.mails, komman.hintergrund).

Every other write on a file is a named function too: saving a draft (with its version
check), adding and removing an attachment, the approved line amounts and the bound budget
(each change audited, komman.audit). The table is antraege.uebergaenge; the modules by topic:
kern (the shared shape), antragstellung, anlagen, pruefung, entscheidung. Import the package
(`from antraege import workflow; workflow.submit(...)`): it re-exports every public name.
"""

from antraege.regeln import bewilligungsparameter, pruefen, regel_eingabe, zeilen_im_rahmen
from antraege.uebergaenge import TRANSITIONS, erlaubt
from antraege.workflow.anlagen import anlage_entfernen, anlage_hinzufuegen
from antraege.workflow.antragstellung import (
    ERKLAERUNGEN_TEXT,
    aktenzeichen_vergeben,
    beantragter_betrag,
    betraege_speichern,
    create_draft,
    entwurf_speichern,
    erklaerungen_text,
    submit,
    subventionserheblich,
    withdraw,
    zur_zeichnung_vorlegen,
)
from antraege.workflow.bekanntgabe import abruf_erfassen, bekanntgabe_von, bescheid_von, post_erfassen
from antraege.workflow.entscheidung import (
    approve,
    budgetstand,
    propose_approval,
    propose_rejection,
    reject,
    send_back,
)
from antraege.workflow.kern import VERSION_KONFLIKT, VersionKonflikt, WorkflowError
from antraege.workflow.pruefung import (
    add_note,
    answer_request,
    antwortfrist,
    finish_formal_check,
    request_documents,
    save_pruefvermerk,
    start_formal_check,
    start_hearing,
    take_over,
    vorzeitigen_beginn_entscheiden,
)
from antraege.workflow.schreiben import schreiben_ersetzen
from antraege.workflow.vorschlag import Vorschlagszeile, hoechstgrenze, vorschlagszeilen, zuweisung_von

__all__ = [
    "ERKLAERUNGEN_TEXT",
    "erklaerungen_text",
    "subventionserheblich",
    "TRANSITIONS",
    "VERSION_KONFLIKT",
    "VersionKonflikt",
    "Vorschlagszeile",
    "WorkflowError",
    "abruf_erfassen",
    "add_note",
    "aktenzeichen_vergeben",
    "anlage_entfernen",
    "anlage_hinzufuegen",
    "answer_request",
    "antwortfrist",
    "approve",
    "beantragter_betrag",
    "bekanntgabe_von",
    "bescheid_von",
    "betraege_speichern",
    "bewilligungsparameter",
    "budgetstand",
    "create_draft",
    "entwurf_speichern",
    "erlaubt",
    "finish_formal_check",
    "hoechstgrenze",
    "post_erfassen",
    "propose_approval",
    "propose_rejection",
    "pruefen",
    "regel_eingabe",
    "reject",
    "request_documents",
    "save_pruefvermerk",
    "schreiben_ersetzen",
    "send_back",
    "start_formal_check",
    "start_hearing",
    "submit",
    "take_over",
    "vorschlagszeilen",
    "zuweisung_von",
    "vorzeitigen_beginn_entscheiden",
    "withdraw",
    "zeilen_im_rahmen",
    "zur_zeichnung_vorlegen",
]
