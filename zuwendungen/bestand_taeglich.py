"""The daily run's steps for the notice (registered with zuwendungen.taeglich.schritt).

- bekanntgabe_erinnerung: remind the Prüfung of notices nobody downloaded in time;
- bestandskraft: make every notice final whose Klagefrist has passed without a Klage.
Both are idempotent: a second run on the same day does nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from antraege.models import Antrag
from antraege.workflow import bekanntgabe
from programmteile import rules
from zuwendungen import mails
from zuwendungen.taeglich import schritt
from zuwendungen.workflow import WorkflowError, bestandskraft_durch_frist

logger = logging.getLogger(__name__)


@schritt("bekanntgabe_erinnerung")
def bekanntgabe_erinnerung(heute: datetime.date) -> int:
    anzahl = 0
    for dokument in bekanntgabe.erinnerung_faellig().iterator():
        tage = dokument.antrag.foerderperiode.parameter().allgemein.bekanntgabe_abruf_tage
        ausgestellt = timezone.localdate(dokument.erstellt_am)
        if tage is None or heute < rules.abruf_erinnerung_ab(ausgestellt, abruf_tage=tage):
            continue
        with transaction.atomic():  # the note and its mail together, or neither
            if bekanntgabe.erinnerung_vermerken(dokument=dokument, heute=heute):
                mails.bescheid_nicht_abgerufen(antrag_id=dokument.antrag_id, tage=tage)
                anzahl += 1
    return anzahl


@schritt("bestandskraft")
def bestandskraft(heute: datetime.date) -> int:
    kandidaten = Antrag.objects.filter(
        status__in=Antrag.Status.ANFECHTBAR, bekanntgaben__bekanntgegeben_am__isnull=False
    ).distinct()
    anzahl = 0
    for antrag in kandidaten.order_by("pk").iterator():
        try:
            anzahl += bestandskraft_durch_frist(antrag, heute=heute)
        except WorkflowError as e:  # one file that cannot be decided never stops the run
            logger.error("Bestandskraft von Antrag %s nicht festgestellt: %s", antrag.pk, e)
    return anzahl
