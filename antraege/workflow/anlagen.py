"""Attachments on the file: adding and removing, both recorded in the audit log."""

from __future__ import annotations

from django.db import transaction

from antraege import permissions
from antraege.models import Anlage, Antrag
from antraege.workflow.kern import WorkflowError, _lock, _require
from komman import audit


def anlage_hinzufuegen(*, antrag: Antrag, by, datei, beschreibung: str = "", pflichtanlage=None) -> Anlage:
    """Stores an uploaded attachment (checked by komman.uploads: `datei.komman_pruefung`) on the
    file and records the upload in the audit log."""
    from komman import uploads

    _require(permissions.can_edit(by, antrag))
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_edit(by, antrag))  # re-checked under the lock
        geprueft = datei.komman_pruefung  # type by content, safe name
        anlage = Anlage.objects.create(
            antrag=antrag,
            dateiname=geprueft.dateiname,
            pfad=uploads.speichere(datei, unterordner=f"anlagen/{antrag.pk}"),
            content_type=geprueft.content_type,
            groesse=geprueft.groesse,
            sha256=geprueft.sha256,
            beschreibung=beschreibung,
            hochgeladen_von=by,
            pflichtanlage=pflichtanlage,  # the checklist item it fulfils (issue 25), if any
        )
        _anlage_protokollieren(anlage, by=by, aktion=audit.Aktion.HOCHGELADEN)
    return anlage


def anlage_entfernen(*, antrag: Antrag, anlage: Anlage, by) -> Anlage:
    """Removes an attachment of `antrag` from the file: marked, not deleted (what was on file
    stays traceable), and recorded in the audit log with who removed it."""
    _require(permissions.can_edit(by, antrag))
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_edit(by, antrag))  # re-checked under the lock
        anlage = Anlage.objects.select_for_update().get(pk=anlage.pk, antrag=antrag)
        if anlage.geloescht:
            raise WorkflowError(f"Die Anlage „{anlage.dateiname}“ ist bereits entfernt.")
        anlage.geloescht = True
        anlage.save(update_fields=["geloescht"])
        _anlage_protokollieren(anlage, by=by, aktion=audit.Aktion.ENTFERNT)
    return anlage


def _anlage_protokollieren(anlage: Anlage, *, by, aktion: str) -> None:
    audit.protokolliere(
        wer=by,
        aktion=aktion,
        objekt=anlage,
        details={"antrag": anlage.antrag_id, "dateiname": anlage.dateiname, "sha256": anlage.sha256},
        request=audit.aktuelle_anfrage.get(),
    )
