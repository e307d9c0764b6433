"""Attachments on the file: adding and removing, both recorded in the audit log."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum

from antraege import permissions
from antraege.models import Anlage, Antrag
from antraege.workflow.kern import WorkflowError, _lock, _require
from komman import ablage, audit


def anlage_hinzufuegen(*, antrag: Antrag, by, datei, beschreibung: str = "", pflichtanlage=None) -> Anlage:
    """Stores an uploaded attachment (checked by komman.uploads: `datei.komman_pruefung`) on the
    file and records the upload in the audit log."""
    _require(permissions.can_edit(by, antrag))
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_edit(by, antrag))  # re-checked under the lock
        geprueft = datei.komman_pruefung  # type by content, safe name
        _pruefe_kontingent(antrag, geprueft.groesse)  # under the lock: parallel uploads count too
        anlage = Anlage.objects.create(
            antrag=antrag,
            dateiname=geprueft.dateiname,
            pfad=ablage.speichere(datei, unterordner=f"anlagen/{antrag.pk}"),
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
        # The row stays on file (name, size, SHA-256); the bytes go once the removal is committed.
        transaction.on_commit(partial(ablage.loeschen, anlage.pfad))
    return anlage


def _pruefe_kontingent(antrag: Antrag, groesse: int) -> None:
    """At most settings.ANLAGEN_MAX_ANZAHL files and ANLAGEN_MAX_BYTES per Antrag (issue 24.5)."""
    from komman.formate import zahl

    bisher = antrag.anlagen.filter(geloescht=False).aggregate(anzahl=Count("pk"), summe=Sum("groesse"))
    if bisher["anzahl"] >= settings.ANLAGEN_MAX_ANZAHL:
        raise WorkflowError(
            f"Ein Antrag kann höchstens {settings.ANLAGEN_MAX_ANZAHL} Anlagen haben. "
            "Bitte fassen Sie Dateien zusammen oder entfernen Sie nicht mehr benötigte."
        )
    if (bisher["summe"] or 0) + groesse > settings.ANLAGEN_MAX_BYTES:
        grenze = zahl(settings.ANLAGEN_MAX_BYTES // (1024 * 1024))
        raise WorkflowError(
            f"Die Anlagen eines Antrags dürfen zusammen höchstens {grenze} MB groß sein. "
            "Bitte verkleinern Sie die Datei oder entfernen Sie nicht mehr benötigte Anlagen."
        )


def _anlage_protokollieren(anlage: Anlage, *, by, aktion: str) -> None:
    audit.protokolliere(
        wer=by,
        aktion=aktion,
        objekt=anlage,
        details={"antrag": anlage.antrag_id, "dateiname": anlage.dateiname, "sha256": anlage.sha256},
        request=audit.aktuelle_anfrage.get(),
    )
