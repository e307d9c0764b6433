"""Demo states after the notice (issue 18), built through the public workflow functions.

The current Förderjahr carries the grants (the demo logins' own Anträge are in the coming one,
antraege.demodaten.stammdaten.JAHR): Dortmund's Part I notice is made known
(zeichnung.dortmund can upload the waiver), Dortmund's Part II grant is final by waiver with
two forwardings, Bochum's Part I notice is challenged (Klage), Bochum's Part II grant is final
by the end of the Frist (the daily run on a past Bekanntgabe), a Träger's rejection is final.

A notice signed today could not be final within this year's Bewilligungszeitraum (the rules
refuse to sign it), so the history is written as it happened: submitted, reviewed and signed
``GEZEICHNET_VOR_TAGEN`` days ago and downloaded on its own day (``_am`` moves the clock of the
workflow functions for those steps; nothing else is faked).
Idempotent: each entry is marked in kontakt_name and created once.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from antraege.demodaten.nutzer import technischer_antragsteller, zeichnungsberechtigt_fuer
from antraege.demodaten.pruefung import einreichen, pruefen
from antraege.demodaten.stammdaten import organisation, zuweisungen
from antraege.models import Antrag, Position
from antraege.workflow import bekanntgabe
from komman.models import User
from programmteile import perioden as periodenwechsel
from programmteile import rules
from programmteile.models import Foerderperiode, Programmteil
from zuwendungen import bestand_taeglich, workflow

S = Antrag.Status
GEZEICHNET_VOR_TAGEN = 50


def _jahr() -> int:
    """The Förderjahr of the demo grants: the current one (its Bewilligungszeitraum is running)."""
    return timezone.localdate().year


@contextlib.contextmanager
def _am(tag: datetime.date):
    """Run the enclosed workflow steps as on ``tag`` (same time of day): timezone.now moves by
    whole days, so Statuswechsel, documents and deadlines carry that day."""
    echt = timezone.now
    versatz = datetime.timedelta(days=(tag - timezone.localdate()).days)
    with mock.patch.object(timezone, "now", lambda: echt() + versatz):
        yield

# (mark, Programmteil, organisation, decision, what happens after the notice, days since the download)
PLAN = [
    ("bekanntgegeben", "I", "05913", S.BEWILLIGT, "abruf", 3),
    ("verzicht", "II", "05913", S.BEWILLIGT, "verzicht", 3),
    ("klage", "I", "05911", S.BEWILLIGT, "klage", 5),
    ("frist", "II", "05911", S.BEWILLIGT, "frist", 45),
    (
        "ablehnung",
        "III",
        "Deutsches Rotes Kreuz Landesverband Westfalen-Lippe e. V.",
        S.ABGELEHNT,
        "frist",
        45,
    ),
]


def _perioden() -> dict[str, Foerderperiode]:
    """The current Förderjahr, open while the demo Anträge are submitted (closed afterwards)."""
    result = {}
    jahr = _jahr()
    for nummer in ("I", "II", "III"):
        periode, _ = Foerderperiode.objects.get_or_create(
            programmteil=Programmteil.objects.get(nummer=nummer),
            foerderjahr=jahr,
            defaults={
                **Foerderperiode.standard_termine(nummer, jahr),
                "status": Foerderperiode.Status.OFFEN,
                "budget": Decimal("3000000.00") if nummer == "III" else Decimal("7200000.00"),
                "regelparameter": rules.Regelparameter.standard().als_dict()
                | {"III.personal_eg11_s5": "70000.00"},
            },
        )
        result[nummer] = periode
    return result


def _verzicht_pdf() -> SimpleUploadedFile:
    import io

    import pikepdf

    from komman.uploads import pruefe_datei

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    datei = SimpleUploadedFile("Rechtsbehelfsverzicht_unterschrieben.pdf", out.getvalue(), "application/pdf")
    datei.komman_pruefung = pruefe_datei(datei)
    return datei


def bestand_demodaten(*, stdout) -> None:
    if all(Antrag.objects.filter(kontakt_name=f"Demo Bestand: {m}").exists() for m, *_ in PLAN):
        return
    perioden = _perioden()
    zuweisungen(perioden)
    pruefer = User.objects.get(username="pruefung.arnsberg")
    zeichner = User.objects.get(username="zeichnung.arnsberg")
    ersatz = technischer_antragsteller()
    heute = timezone.localdate()
    gezeichnet = heute - datetime.timedelta(days=GEZEICHNET_VOR_TAGEN)
    for marke, teil, schluessel, entscheidung, danach, tage in PLAN:
        kennung = f"Demo Bestand: {marke}"
        org = organisation(schluessel)
        if org is None or Antrag.objects.filter(kontakt_name=kennung).exists():
            continue
        if Antrag.objects.filter(foerderperiode=perioden[teil], antragsteller=org).exists():
            stdout.write(f"Demo „{kennung}“: {org} hat schon einen Antrag {_jahr()}; übersprungen.")
            continue
        zb = zeichnungsberechtigt_fuer(org, ersatz)
        with _am(gezeichnet):
            # Unchanged continuation of last year's measure (VV 1.3.4): the whole year is granted.
            antrag = einreichen(
                perioden[teil], org, zb, kennung,
                fortfuehrung=True, massnahmebeginn=perioden[teil].bewilligungszeitraum_von,
            )  # fmt: skip
            pruefen(antrag, entscheidung, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)
            antrag = Antrag.objects.get(pk=antrag.pk)
            _bescheid_pdf(antrag)
        abgerufen = heute - datetime.timedelta(days=tage)
        with _am(abgerufen):
            bekanntgabe.abruf_erfassen(dokument=bekanntgabe.bescheid_von(antrag), by=zb)
        antrag = Antrag.objects.get(pk=antrag.pk)
        if danach == "verzicht":
            workflow.verzicht_einreichen(antrag=antrag, by=zb, datei=_verzicht_pdf())
            _weiterleiten(Antrag.objects.get(pk=antrag.pk), org)
        elif danach == "klage":
            workflow.klage_erfassen(
                antrag=antrag, by=pruefer, erhoben_am=timezone.localdate() - datetime.timedelta(days=1),
                gericht="Verwaltungsgericht Gelsenkirchen", aktenzeichen="19 K 4711/25",
            )  # fmt: skip
        elif danach == "frist":
            workflow.bestandskraft_durch_frist(antrag, heute=timezone.localdate())
    bestand_taeglich.bestandskraft(timezone.localdate())
    admin = User.objects.filter(username="admin").first()
    for periode in perioden.values():
        periode.refresh_from_db()
        if admin and periode.status == Foerderperiode.Status.OFFEN:
            periodenwechsel.schliessen(
                periode, by=admin, grund="Demodaten: die Antragsfrist der Demo-Zuwendungen ist vorbei."
            )
    stdout.write("Demodaten nach dem Bescheid: Bekanntgabe, Verzicht, Klage, Bestandskraft, Weiterleitungen.")


def _bescheid_pdf(antrag: Antrag) -> None:
    """The notice's PDF now (the download needs it; demodaten renders the rest at the end)."""
    from antraege import bescheide
    from antraege.models import Dokument

    bescheide.nachholen(Dokument.objects.filter(antrag=antrag))


def _weiterleiten(antrag: Antrag, org) -> None:
    """Two forwardings of Dortmund's Part II grant by ki.dortmund (the first line half, the second whole)."""
    ki = User.objects.filter(
        mitgliedschaften__organisation=org, mitgliedschaften__rolle="sachbearbeitung"
    ).first()
    zuwendung = antrag.zuwendungsfall
    if ki is None:
        return
    for i, position in enumerate(Position.objects.filter(antrag=antrag, bewilligt__gt=0).order_by("nr")):
        betrag = rules.cent_abrunden(position.bewilligt / 2) if i == 0 else position.bewilligt
        einheiten = (position.einheiten or 0) // 2 if i == 0 else position.einheiten or 0
        workflow.weiterleitung_erfassen(
            zuwendung=zuwendung, by=ki, position=position, form="vertrag",
            datum_vertrag=zuwendung.bestandskraeftig_am, einheiten=einheiten, betrag=betrag,
            anbest_p=True, pruefrecht=True, erstattung_mit_zinsen=True,
        )  # fmt: skip
