"""Widerruf, Erstattungsbescheid, payments and close (issue 21): figures equal the rules."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
import pytest

from antraege.workflow import WorkflowError
from programmteile import basiszins, rules
from tests.zuwendungen.widerruf_hilfen import (
    ANHOERUNG,
    ENTSCHEIDUNG,
    ENTSTANDEN,
    bis_zum_bescheid,
    forderung,
    zuwendung_mit_vn,
)
from zuwendungen import forderungen, workflow
from zuwendungen.models import Buchung, Frist, Rueckforderung, Rueckforderungsbrief

R = Rueckforderung.Status


@pytest.fixture
def fall(dortmund, pruefung_arnsberg):
    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg)
    return z, forderung(z, pruefung_arnsberg)


def _zinsen(bis):
    return rules.zinsen(Decimal("3400.00"), ENTSTANDEN, bis, aufschlag=Decimal("5.00"), basiszins=basiszins.tabelle())


def test_whole_procedure_interest_first_then_closed(
    fall, pruefung_arnsberg, zeichnung_arnsberg, zeichnung_dortmund, django_capture_on_commit_callbacks
):
    z, f = fall
    with django_capture_on_commit_callbacks(execute=True):
        f = bis_zum_bescheid(f, pruefung=pruefung_arnsberg, zeichnung=zeichnung_arnsberg, antragsteller=zeichnung_dortmund)
    assert f.status == R.BESCHIEDEN and f.kassenzeichen
    assert f.faellig_am == rules.tagesfrist(ENTSCHEIDUNG, 30)
    bescheid = f.briefe.get(art=Rueckforderungsbrief.Art.ERSTATTUNGSBESCHEID)
    assert bescheid.daten["zinsen"]["betrag"] == str(_zinsen(f.faellig_am).zinsen)
    assert Frist.objects.get(schluessel=f"rueckforderung:{f.pk}:jahresfrist").status == Frist.Status.ERLEDIGT
    assert Frist.objects.get(schluessel=f"rueckforderung:{f.pk}:zahlung").faellig_am == f.faellig_am

    # A part payment settles the interest first.
    teil_am = datetime.date(2026, 9, 15)
    zinsen_bis_teil = _zinsen(teil_am).zinsen
    with django_capture_on_commit_callbacks(execute=True):
        e = workflow.zahlung_buchen(forderung=f, by=pruefung_arnsberg, betrag=Decimal("1000.00"), eingang_am=teil_am)
    assert e.auf_zinsen == zinsen_bis_teil
    assert e.auf_hauptforderung == Decimal("1000.00") - zinsen_bis_teil
    assert e.buchung_zinsen.art == Buchung.Art.ZINSEN and e.buchung_zinsen.betrag == zinsen_bis_teil
    assert e.buchung_erstattung.art == Buchung.Art.ERSTATTUNG
    # The rest: open principal plus the interest on it since the part payment.
    rest_am = datetime.date(2026, 10, 20)
    offen_haupt = Decimal("3400.00") - e.auf_hauptforderung
    zins_rest = rules.zinsen(offen_haupt, teil_am, rest_am, aufschlag=Decimal("5.00"), basiszins=basiszins.tabelle()).zinsen
    assert forderungen.stand(f, rest_am).offen == offen_haupt + zins_rest
    with django_capture_on_commit_callbacks(execute=True):
        workflow.zahlung_buchen(forderung=f, by=pruefung_arnsberg, betrag=offen_haupt + zins_rest, eingang_am=rest_am)
    f.refresh_from_db()
    z.refresh_from_db()
    assert f.status == R.BEZAHLT
    assert z.abgeschlossen_am is not None
    abschluss = f.briefe.get(art=Rueckforderungsbrief.Art.ABSCHLUSS)
    assert abschluss.sha256
    # Interest stops on the day of full payment.
    assert forderungen.stand(f, rest_am + datetime.timedelta(days=100)).offen == 0
    summen = {a: sum(b.betrag for b in z.buchungen.filter(art=a)) for a in (Buchung.Art.ERSTATTUNG, Buchung.Art.ZINSEN)}
    assert summen[Buchung.Art.ERSTATTUNG] == Decimal("3400.00")
    assert summen[Buchung.Art.ZINSEN] == zinsen_bis_teil + zins_rest
    # Closed: read-only.
    from zuwendungen import permissions

    assert not permissions.can_anlegen(zeichnung_dortmund, z)[0]


def test_erstattungsbescheid_pdf_figures_sections_pdfa_tagged(
    fall, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks
):
    _, f = fall
    with django_capture_on_commit_callbacks(execute=True):
        f = bis_zum_bescheid(f, pruefung=pruefung_arnsberg, zeichnung=zeichnung_arnsberg)
    b = f.briefe.get(art=Rueckforderungsbrief.Art.ERSTATTUNGSBESCHEID)
    leser = pypdf.PdfReader(io.BytesIO(bytes(b.pdf)))
    text = "\n".join(p.extract_text() for p in leser.pages)
    zinsen = _zinsen(f.faellig_am).zinsen
    from komman.formate import datum, euro

    for teil in (
        "3.400,00 €", euro(zinsen), euro(Decimal("3400.00") + zinsen), datum(f.faellig_am), datum(ENTSTANDEN),
        f.kassenzeichen, "DE59300500000001683515", "Rechtsbehelfsbelehrung", "§ 49 Abs. 3", "§ 49a", "Ermessen",
        "Basiszinssatz", "GiroCode", "nicht geäußert",
    ):  # fmt: skip
        assert teil in text, teil
    root = leser.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert "pdfaid:part" in xmp
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_anhoerung_letter_and_deadlines(fall, pruefung_arnsberg, django_capture_on_commit_callbacks):
    _, f = fall
    with django_capture_on_commit_callbacks(execute=True):
        f = workflow.anhoerung_einleiten(
            forderung=f, by=pruefung_arnsberg, rechtsgrundlage="nebenbestimmung", widerruf_ab=None,
            kenntnis_am=ANHOERUNG, text="Weniger anerkannt als ausgezahlt.", heute=ANHOERUNG,
        )  # fmt: skip
    assert f.jahresfrist_ende == datetime.date(2027, 7, 15)
    assert f.anhoerung_frist == rules.tagesfrist(ANHOERUNG, 14)
    assert Frist.objects.get(schluessel=f"rueckforderung:{f.pk}:anhoerung").art == Frist.Art.ANHOERUNG
    assert Frist.objects.get(schluessel=f"rueckforderung:{f.pk}:jahresfrist").faellig_am == f.jahresfrist_ende
    b = f.briefe.get(art=Rueckforderungsbrief.Art.ANHOERUNG)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(bytes(b.pdf))).pages)
    assert "3.400,00 €" in text and "§ 28" in text
    # Before the deadline and without an answer no decision is proposed.
    with pytest.raises(WorkflowError, match="Frist zur Stellungnahme"):
        workflow.entscheidung_vorschlagen(forderung=f, by=pruefung_arnsberg, ermessen="x", heute=ANHOERUNG)


def test_one_year_limit_last_day_allowed_next_day_refused(fall, pruefung_arnsberg, zeichnung_arnsberg):
    z, f = fall
    kenntnis = datetime.date(2025, 12, 10)
    f = workflow.anhoerung_einleiten(
        forderung=f, by=pruefung_arnsberg, rechtsgrundlage="widerruf_vergangenheit", widerruf_ab=None,
        kenntnis_am=kenntnis, text="t", heute=datetime.date(2025, 12, 10),
    )  # fmt: skip
    assert f.jahresfrist_ende == datetime.date(2026, 12, 10)
    f = workflow.entscheidung_vorschlagen(forderung=f, by=pruefung_arnsberg, ermessen="e", heute=datetime.date(2026, 12, 1))
    with pytest.raises(WorkflowError, match="Jahresfrist"):
        workflow.bescheid_zeichnen(forderung=f, by=zeichnung_arnsberg, heute=datetime.date(2026, 12, 11))
    f = workflow.bescheid_zeichnen(forderung=f, by=zeichnung_arnsberg, heute=datetime.date(2026, 12, 10))
    assert f.status == R.BESCHIEDEN


def test_four_eyes_function_and_database(fall, dortmund):
    from django.db import IntegrityError, transaction

    from komman.models import Mitgliedschaft, Rolle
    from tests.factories import bezirksregierung, make_user

    beides = make_user("pruefung.zeichnung", organisation=bezirksregierung(), rolle=[Rolle.PRUEFUNG, Rolle.ZEICHNUNG])
    assert Mitgliedschaft.objects.filter(user=beides).count() == 2
    _, f = fall
    f = workflow.anhoerung_einleiten(
        forderung=f, by=beides, rechtsgrundlage="ruecknahme", widerruf_ab=None, kenntnis_am=ANHOERUNG, text="t",
        heute=ANHOERUNG,
    )  # fmt: skip
    f = workflow.entscheidung_vorschlagen(forderung=f, by=beides, ermessen="e", heute=ENTSCHEIDUNG)
    with pytest.raises(WorkflowError, match="zweite Person"):
        workflow.bescheid_zeichnen(forderung=f, by=beides, heute=ENTSCHEIDUNG)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rueckforderung.objects.filter(pk=f.pk).update(gezeichnet_von=beides)


@pytest.mark.parametrize(
    "aktion, status, erlaubt",
    [
        ("anhoerung", R.ERFASST, True),
        ("anhoerung", R.ANHOERUNG, False),
        ("vorschlagen", R.ANHOERUNG, True),
        ("vorschlagen", R.ERFASST, False),
        ("zeichnen", R.ENTSCHEIDUNG, True),
        ("zeichnen", R.ANHOERUNG, False),
        ("zahlung", R.BESCHIEDEN, True),
        ("zahlung", R.ENTSCHEIDUNG, False),
        ("zahlung", R.BEZAHLT, False),
        ("verzichten", R.BESCHIEDEN, False),
        ("einstellen", R.BEZAHLT, False),
    ],
)
def test_transition_table(fall, pruefung_arnsberg, zeichnung_arnsberg, aktion, status, erlaubt):
    from zuwendungen import permissions

    _, f = fall
    f.status = status
    wer = zeichnung_arnsberg if aktion == "zeichnen" else pruefung_arnsberg
    assert permissions.can_rueckforderung(wer, f, aktion)[0] is erlaubt
    # roles: the applicant never decides, the Prüfung never answers the Anhörung
    assert not permissions.can_rueckforderung(zeichnung_arnsberg, f, "vorschlagen")[0]


def test_applicant_answers_only_own_claim(fall, zeichnung_dortmund, ki_bochum, pruefung_arnsberg):
    from zuwendungen import permissions

    _, f = fall
    f = workflow.anhoerung_einleiten(
        forderung=f, by=pruefung_arnsberg, rechtsgrundlage="ruecknahme", widerruf_ab=None, kenntnis_am=ANHOERUNG,
        text="t", heute=ANHOERUNG,
    )  # fmt: skip
    assert permissions.can_rueckforderung(zeichnung_dortmund, f, "stellungnahme")[0]
    assert not permissions.can_rueckforderung(ki_bochum, f, "stellungnahme")[0]
    assert not permissions.can_rueckforderung(pruefung_arnsberg, f, "stellungnahme")[0]


def test_bagatelle_waiver_needs_small_amount_and_reason(dortmund, pruefung_arnsberg):
    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg)
    gross = forderung(z, pruefung_arnsberg)
    with pytest.raises(WorkflowError, match="Bagatellgrenze"):
        workflow.verzichten(forderung=gross, by=pruefung_arnsberg, grund="klein")
    from zuwendungen import rueckforderungen

    klein = rueckforderungen.erfassen(
        zuwendung=z, anlass="aenderung", quelle="aenderung:x", betrag=Decimal("12.50"), entstanden_am=ENTSTANDEN
    )
    with pytest.raises(WorkflowError, match="Begründung"):
        workflow.verzichten(forderung=klein, by=pruefung_arnsberg, grund=" ")
    klein = workflow.verzichten(forderung=klein, by=pruefung_arnsberg, grund="Verwaltungsaufwand unverhältnismäßig")
    assert klein.status == R.ERLASSEN and klein.erledigt_grund


def test_voluntary_refund_is_booked_without_widerruf(dortmund, pruefung_arnsberg):
    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg, anerkannt="70000.00")
    f = workflow.freiwillige_rueckzahlung(
        zuwendung=z, by=pruefung_arnsberg, betrag=Decimal("500.00"), eingang_am=datetime.date(2026, 5, 4)
    )
    assert f.status == R.BEZAHLT and f.anlass == "freiwillig"
    assert list(z.buchungen.filter(art=Buchung.Art.ERSTATTUNG).values_list("betrag", flat=True)) == [Decimal("500.00")]
    assert not z.buchungen.filter(art=Buchung.Art.ZINSEN).exists()


def test_mahnung_after_due_date(fall, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks):
    _, f = fall
    f = bis_zum_bescheid(f, pruefung=pruefung_arnsberg, zeichnung=zeichnung_arnsberg)
    with pytest.raises(WorkflowError, match="fällig"):
        workflow.mahnen(forderung=f, by=pruefung_arnsberg, heute=f.faellig_am)
    assert f in workflow.ueberfaellig(f.faellig_am + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        f = workflow.mahnen(forderung=f, by=pruefung_arnsberg, heute=datetime.date(2026, 11, 2))
    m = f.briefe.get(art=Rueckforderungsbrief.Art.MAHNUNG)
    assert m.daten["zinsen"]["offen"] == str(forderungen.stand(f, datetime.date(2026, 11, 2)).offen)
    assert m.sha256


def test_verwendungszinsen_fifo_proposal_and_decision(dortmund, pruefung_arnsberg):
    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg, anerkannt="70000.00")
    spaet = datetime.date(2026, 7, 3)
    vz = workflow.verwendungszinsen_berechnen(
        zuwendung=z, by=pruefung_arnsberg, verwendungen=[(datetime.date(2026, 4, 1), Decimal("40000.00")), (spaet, Decimal("30000.00"))]
    )
    erwartet = rules.verwendungszinsen(
        [(datetime.date(2026, 3, 3), Decimal("70000.00"))], [(datetime.date(2026, 4, 1), Decimal("40000.00")), (spaet, Decimal("30000.00"))],
        alsbald_monate=2, aufschlag=Decimal("5.00"), basiszins=basiszins.tabelle(),
    )  # fmt: skip
    assert vz.zinsen == erwartet.zinsen > 0
    workflow.verwendungszinsen_entscheiden(vz=vz, by=pruefung_arnsberg, erheben=True, grund="Kein Grund für Verzicht.")
    f = Rueckforderung.objects.get(quelle=f"verwendungszinsen:{vz.pk}")
    assert f.betrag == erwartet.zinsen and f.verzinst is False
    assert forderungen.stand(f, datetime.date(2027, 12, 31)).zinsen == 0


def test_daily_step_marks_bescheid_final_after_klagefrist(fall, pruefung_arnsberg, zeichnung_arnsberg):
    from zuwendungen.workflow.widerruf import bestandskraft_feststellen

    _, f = fall
    f = bis_zum_bescheid(f, pruefung=pruefung_arnsberg, zeichnung=zeichnung_arnsberg)
    ende = rules.bestandskraft(f.bekanntgabe_am, klagefrist_monate=1).klagefrist_ende
    assert bestandskraft_feststellen(ende) == 0
    assert bestandskraft_feststellen(ende + datetime.timedelta(days=1)) == 1
    assert bestandskraft_feststellen(ende + datetime.timedelta(days=1)) == 0
    f.refresh_from_db()
    assert f.bestandskraeftig_am == ende + datetime.timedelta(days=1)


def test_recipient_is_told_of_each_letter(fall, pruefung_arnsberg, zeichnung_dortmund, django_capture_on_commit_callbacks):
    from komman.hintergrund.models import Mail

    _, f = fall
    with django_capture_on_commit_callbacks(execute=True):
        workflow.anhoerung_einleiten(
            forderung=f, by=pruefung_arnsberg, rechtsgrundlage="ruecknahme", widerruf_ab=None, kenntnis_am=ANHOERUNG,
            text="t", heute=ANHOERUNG,
        )  # fmt: skip
    mail = Mail.objects.get()
    assert "Anhörung" in mail.betreff and zeichnung_dortmund.email in mail.an
