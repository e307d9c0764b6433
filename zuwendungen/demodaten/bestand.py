"""Demo states after the notice (issue 18), built through the public workflow functions.

The Förderjahr 2025 (closed afterwards) carries the grants, because the demo logins' own
organisations already have their 2026 Anträge: Dortmund's Part I notice is made known
(zeichnung.dortmund can upload the waiver), Dortmund's Part II grant is final by waiver with
two forwardings, Bochum's Part I notice is challenged (Klage), Bochum's Part II grant is final
by the end of the Frist (the daily run on a past Bekanntgabe), a Träger's rejection is final.
Idempotent: each entry is marked in kontakt_name and created once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

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

JAHR = 2025
S = Antrag.Status

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
    """The Förderjahr 2025, open while the demo Anträge are submitted (closed by bestand_demodaten)."""
    result = {}
    for nummer in ("I", "II", "III"):
        periode, _ = Foerderperiode.objects.get_or_create(
            programmteil=Programmteil.objects.get(nummer=nummer),
            foerderjahr=JAHR,
            defaults={
                **Foerderperiode.standard_termine(nummer, JAHR),
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
    jetzt = timezone.now()
    for marke, teil, schluessel, entscheidung, danach, tage in PLAN:
        kennung = f"Demo Bestand: {marke}"
        org = organisation(schluessel)
        if org is None or Antrag.objects.filter(kontakt_name=kennung).exists():
            continue
        if Antrag.objects.filter(foerderperiode=perioden[teil], antragsteller=org).exists():
            stdout.write(f"Demo „{kennung}“: {org} hat schon einen Antrag {JAHR}; übersprungen.")
            continue
        zb = zeichnungsberechtigt_fuer(org, ersatz)
        antrag = einreichen(perioden[teil], org, zb, kennung)
        pruefen(antrag, entscheidung, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)
        antrag = Antrag.objects.get(pk=antrag.pk)
        _bescheid_pdf(antrag)
        bekanntgabe.abruf_erfassen(
            dokument=bekanntgabe.bescheid_von(antrag), by=zb, jetzt=jetzt - datetime.timedelta(days=tage)
        )
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
                periode, by=admin, grund="Demodaten: das Förderjahr 2025 ist abgelaufen."
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
