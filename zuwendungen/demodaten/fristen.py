"""Demo states of issue 22 items 4–5: deadlines as rows, reminders already sent, Wiedervorlagen.

Runs after the other demo steps (registered last in ZuwendungenConfig.ready()):
- the file's deadlines become Frist rows (``fristen_abgleich.abgleichen``);
- the daily run of the last week is replayed for the deadline steps only (mirror, reminders,
  missed), each as on its day (``_am``): Herne's Nachforderung got its reminder three days before
  and on its last day, and is now versäumt; the reminder mails are in the Postausgang;
- ``pruefung.arnsberg`` set a Wiedervorlage five days ago for today on Hamm's Anhörung (in Meine
  Aufgaben today, its reminder sent this morning) and one for next week on Bochum's Klage (only
  in the calendar until then).
Idempotent: marked by the Wiedervorlage's note; a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from antraege.models import Antrag
from komman.models import User
from zuwendungen import erinnerungen, fristen, fristen_abgleich, wiedervorlage
from zuwendungen.demodaten.bestand import _am
from zuwendungen.models import Frist

NOTIZ_HEUTE = "Demo: Stellungnahme der Stadt Hamm zur Anhörung – telefonisch nachfragen, ob sie kommt."
NOTIZ_SPAETER = "Demo: Stand des Klageverfahrens beim Verwaltungsgericht erfragen."
NACHGESPIELT = 7  # days of the daily run replayed


def fristen_demodaten(*, stdout) -> None:
    if Frist.objects.filter(art=Frist.Art.WIEDERVORLAGE, titel=NOTIZ_HEUTE).exists():
        return
    heute = timezone.localdate()
    for zurueck in range(NACHGESPIELT, 0, -1):
        tag = heute - datetime.timedelta(days=zurueck)
        with _am(tag):
            fristen_abgleich.abgleichen()
            erinnerungen.erinnern_taeglich(tag)
            fristen.versaeumt_feststellen(tag)
    pruefer = User.objects.get(username="pruefung.arnsberg")
    hamm = Antrag.objects.filter(kontakt_name="Demo Prüfung: anhoerung").first()
    klage = Antrag.objects.filter(kontakt_name="Demo Bestand: klage").first()
    if hamm is not None:
        with _am(heute - datetime.timedelta(days=5)):
            wiedervorlage.setzen(antrag=hamm, by=pruefer, am=heute, notiz=NOTIZ_HEUTE)
    if klage is not None:
        wiedervorlage.setzen(antrag=klage, by=pruefer, am=heute + datetime.timedelta(days=7), notiz=NOTIZ_SPAETER)
    # Today's run of the deadline steps: the Wiedervorlage of today is reminded.
    fristen_abgleich.abgleichen()
    gesendet = erinnerungen.erinnern_taeglich(heute)
    stdout.write(
        f"Fristen: {Frist.objects.count()} Fristen, {Frist.objects.exclude(erinnerungen=[]).count()} mit Erinnerung "
        f"(heute {gesendet}), Wiedervorlagen für {pruefer.username}."
    )
