"""Issue 18 items 1-3: Bekanntgabe, Bestandskraft (waiver, Klage, Frist) and the Zuwendung."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from antraege import permissions as antrag_permissions
from antraege import workflow as antrag_workflow
from antraege.models import Antrag, Bekanntgabe, Statuswechsel
from komman.models import Rolle
from komman.uploads import pruefe_datei
from programmteile import rules
from tests.factories import make_periode, make_user
from tests.zuwendungen.hilfen import bekanntgegeben, entschieden, pdf_bytes
from zuwendungen import bestand_taeglich, permissions, taeglich, workflow
from zuwendungen.models import Finanzierungsart, Klage, Zuwendung

S = Antrag.Status
D = datetime.date


@pytest.fixture
def periode(db):
    return make_periode("I", jahr=2026)


@pytest.fixture
def bewilligt(periode, dortmund, zeichnung_arnsberg):
    return entschieden(periode, dortmund, zeichnung_arnsberg, betrag="100500.00")


@pytest.fixture
def abgelehnt(db, bochum, zeichnung_arnsberg):
    return entschieden(make_periode("I", jahr=2027), bochum, zeichnung_arnsberg, bewilligt=False)


def verzicht_datei():
    datei = SimpleUploadedFile("verzicht.pdf", pdf_bytes(), content_type="application/pdf")
    datei.komman_pruefung = pruefe_datei(datei)
    return datei


def schnappschuss(antrag):
    antrag = Antrag.objects.get(pk=antrag.pk)
    return (
        antrag.status,
        antrag.version,
        Statuswechsel.objects.filter(antrag=antrag).count(),
        Zuwendung.objects.filter(antrag=antrag).count(),
        Klage.objects.filter(antrag=antrag).count(),
        Bekanntgabe.objects.filter(antrag=antrag).count(),
    )


# --- Rules ---


def test_rules_bekanntgabe_days_and_financing_type():
    assert rules.bekanntgabe_abruf(D(2026, 5, 3)) == D(2026, 5, 4)
    assert rules.bekanntgabe_post(D(2026, 5, 4), post_tage=4) == D(2026, 5, 8)
    assert rules.abruf_erinnerung_ab(D(2026, 5, 1), abruf_tage=10) == D(2026, 5, 11)
    assert rules.finanzierungsart("I") == "festbetrag"
    assert rules.finanzierungsart("II") == "pauschalen"
    assert rules.finanzierungsart("III") == "anteil"
    p = rules.Regelparameter.standard().allgemein
    assert (p.bekanntgabe_post_tage, p.bekanntgabe_abruf_tage) == (4, 10)


def test_rules_forwarding_cap():
    assert (
        rules.weiterleitung_uebersteigt({"1": Decimal("100")}, {"1": Decimal("60")}, {"1": Decimal("40")})
        == {}
    )
    fehler = rules.weiterleitung_uebersteigt(
        {"1": Decimal("100")}, {"1": Decimal("60")}, {"1": Decimal("40.01")}
    )
    assert "höchstens 40,00 €" in fehler["1"]


# --- Bekanntgabe ---


def test_bekanntgabe_is_the_day_after_the_first_download_by_the_zeichnungsberechtigte(
    client, bewilligt, zeichnung_dortmund, ki_dortmund, pruefung_arnsberg
):
    dokument = antrag_workflow.bescheid_von(bewilligt)
    url = reverse("antraege:dokument", args=[bewilligt.pk, dokument.pk])
    for nutzer in (ki_dortmund, pruefung_arnsberg):  # neither makes it known
        client.force_login(nutzer)
        assert client.get(url).status_code == 200
    assert antrag_workflow.bekanntgabe_von(bewilligt) is None
    client.force_login(zeichnung_dortmund)
    assert client.get(url).status_code == 200
    bekanntgabe = antrag_workflow.bekanntgabe_von(bewilligt)
    assert bekanntgabe.bekanntgegeben_am == timezone.localdate() + datetime.timedelta(days=1)
    assert bekanntgabe.weg == "portal" and bekanntgabe.abgerufen_von == zeichnung_dortmund
    vorher = schnappschuss(bewilligt)
    assert client.get(url).status_code == 200  # a second download changes nothing
    assert schnappschuss(bewilligt) == vorher
    assert Statuswechsel.objects.filter(antrag=bewilligt, grund__contains="bekanntgegeben am").count() == 1
    from antraege import bescheide

    assert bescheide.fehlende_bescheide_anlegen() == 0  # the record on the file is no second notice


def test_post_dispatch_uses_the_statutory_presumption(bewilligt, pruefung_arnsberg):
    heute = timezone.localdate()
    zur_post = heute - datetime.timedelta(days=0)
    antrag_workflow.post_erfassen(antrag=bewilligt, by=pruefung_arnsberg, zur_post_am=zur_post)
    b = antrag_workflow.bekanntgabe_von(bewilligt)
    assert (b.weg, b.zur_post_am, b.bekanntgegeben_am) == (
        "post",
        zur_post,
        zur_post + datetime.timedelta(days=4),
    )
    vorher = schnappschuss(bewilligt)
    with pytest.raises(antrag_workflow.WorkflowError, match="bereits am"):
        antrag_workflow.post_erfassen(antrag=bewilligt, by=pruefung_arnsberg, zur_post_am=zur_post)
    assert schnappschuss(bewilligt) == vorher


def test_post_date_in_the_future_is_refused(bewilligt, pruefung_arnsberg):
    vorher = schnappschuss(bewilligt)
    with pytest.raises(antrag_workflow.WorkflowError, match="Zukunft"):
        antrag_workflow.post_erfassen(
            antrag=bewilligt,
            by=pruefung_arnsberg,
            zur_post_am=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert schnappschuss(bewilligt) == vorher


def test_reminder_after_ten_days_once(
    bewilligt, pruefung_arnsberg, mailoutbox, django_capture_on_commit_callbacks
):
    heute = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert bestand_taeglich.bekanntgabe_erinnerung(heute + datetime.timedelta(days=9)) == 0
        assert bestand_taeglich.bekanntgabe_erinnerung(heute + datetime.timedelta(days=10)) == 1
        assert bestand_taeglich.bekanntgabe_erinnerung(heute + datetime.timedelta(days=11)) == 0
    assert len(mailoutbox) == 1 and "nicht abgerufen" in mailoutbox[0].subject
    assert Bekanntgabe.objects.get(antrag=bewilligt).erinnert_am == heute + datetime.timedelta(days=10)


# --- Bestandskraft by the end of the Frist (the daily run) ---


@pytest.mark.parametrize(
    ("bekanntgabe", "frist_ende", "final"),
    [
        (D(2026, 5, 4), D(2026, 6, 5), D(2026, 6, 6)),  # 04.06.2026 is Fronleichnam (NRW)
        (D(2027, 1, 31), D(2027, 3, 1), D(2027, 3, 2)),  # 28.02.2027 is a Sunday: month end, moved
        (D(2026, 9, 15), D(2026, 10, 15), D(2026, 10, 16)),
    ],
)
def test_daily_run_makes_the_notice_final_the_day_after_the_frist(bewilligt, bekanntgabe, frist_ende, final):
    bekanntgegeben(bewilligt, bekanntgabe)
    assert workflow.stand(bewilligt).klagefrist_ende == frist_ende
    vorher = schnappschuss(bewilligt)
    assert taeglich.lauf(final - datetime.timedelta(days=1))["bestandskraft"] == 0
    assert schnappschuss(bewilligt) == vorher
    assert taeglich.lauf(final)["bestandskraft"] == 1
    nachher = schnappschuss(bewilligt)
    assert nachher[0] == S.BESTANDSKRAEFTIG
    z = Zuwendung.objects.get(antrag=bewilligt)
    assert z.bestandskraeftig_am == final and z.bewilligt == Decimal("100500.00")
    assert (z.bewilligungszeitraum_von, z.bewilligungszeitraum_bis) == (D(2026, 1, 1), D(2026, 12, 31))
    assert z.finanzierungsart == Finanzierungsart.FESTBETRAG
    assert taeglich.lauf(final)["bestandskraft"] == 0  # the second run changes nothing
    assert taeglich.lauf(final + datetime.timedelta(days=3))["bestandskraft"] == 0
    assert schnappschuss(bewilligt) == nachher
    letzter = Statuswechsel.objects.filter(antrag=bewilligt).last()
    assert letzter.nach == S.BESTANDSKRAEFTIG and letzter.wer.username == "system.fristen"
    assert not letzter.wer.is_active and not letzter.wer.has_usable_password()


def test_rejection_becomes_final_the_same_way(abgelehnt):
    bekanntgegeben(abgelehnt, D(2026, 9, 15))
    assert taeglich.lauf(D(2026, 10, 16))["bestandskraft"] == 1
    abgelehnt.refresh_from_db()
    assert abgelehnt.status == S.ABLEHNUNG_BESTANDSKRAEFTIG
    assert not Zuwendung.objects.filter(antrag=abgelehnt).exists()


def test_no_bekanntgabe_no_bestandskraft(bewilligt):
    assert taeglich.lauf(D(2030, 1, 1))["bestandskraft"] == 0
    assert Antrag.objects.get(pk=bewilligt.pk).status == S.BEWILLIGT


# --- Rechtsbehelfsverzicht ---


def test_waiver_makes_the_notice_final_on_the_day_of_receipt(
    bewilligt, zeichnung_dortmund, mailoutbox, django_capture_on_commit_callbacks
):
    heute = timezone.localdate()
    bekanntgegeben(bewilligt, heute - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verzicht_einreichen(antrag=bewilligt, by=zeichnung_dortmund, datei=verzicht_datei())
    bewilligt.refresh_from_db()
    assert bewilligt.status == S.BESTANDSKRAEFTIG
    assert Zuwendung.objects.get(antrag=bewilligt).bestandskraeftig_am == heute
    assert any("bestandskräftig" in m.subject for m in mailoutbox)


def test_waiver_before_the_bekanntgabe_is_refused(bewilligt, zeichnung_dortmund):
    vorher = schnappschuss(bewilligt)
    with pytest.raises(workflow.WorkflowError, match="noch nicht bekanntgegeben"):
        workflow.verzicht_einreichen(antrag=bewilligt, by=zeichnung_dortmund, datei=verzicht_datei())
    bekanntgegeben(bewilligt, timezone.localdate() + datetime.timedelta(days=1))
    vorher = schnappschuss(bewilligt)
    with pytest.raises(workflow.WorkflowError, match="unwirksam"):
        workflow.verzicht_einreichen(antrag=bewilligt, by=zeichnung_dortmund, datei=verzicht_datei())
    assert schnappschuss(bewilligt) == vorher


# --- Klage ---


def test_klage_blocks_bestandskraft_until_decided(bewilligt, pruefung_arnsberg):
    bekanntgegeben(bewilligt, D(2026, 9, 15))
    workflow.klage_erfassen(
        antrag=bewilligt, by=pruefung_arnsberg, erhoben_am=D(2026, 10, 1), gericht="VG Gelsenkirchen",
        aktenzeichen="19 K 1234/26",
    )  # fmt: skip
    bewilligt.refresh_from_db()
    assert bewilligt.status == S.KLAGE_ANHAENGIG and bewilligt.ist_bewilligt
    assert workflow.stand(bewilligt).bestandskraeftig_ab is None
    assert taeglich.lauf(D(2027, 1, 1))["bestandskraft"] == 0
    workflow.klage_entschieden(
        antrag=bewilligt,
        by=pruefung_arnsberg,
        ausgang=Klage.Ausgang.ZURUECKGENOMMEN,
        entschieden_am=D(2026, 11, 2),
    )
    bewilligt.refresh_from_db()
    assert bewilligt.status == S.BESTANDSKRAEFTIG
    assert Zuwendung.objects.get(antrag=bewilligt).bestandskraeftig_am == D(2026, 11, 2)


def test_klage_with_a_changed_notice_goes_back_to_bewilligt_and_waits(bewilligt, pruefung_arnsberg):
    bekanntgegeben(bewilligt, D(2026, 9, 15))
    workflow.klage_erfassen(
        antrag=bewilligt,
        by=pruefung_arnsberg,
        erhoben_am=D(2026, 10, 1),
        gericht="VG Gelsenkirchen",
        aktenzeichen="19 K 1/26",
    )
    bewilligt.refresh_from_db()
    workflow.klage_entschieden(
        antrag=bewilligt,
        by=pruefung_arnsberg,
        ausgang=Klage.Ausgang.BESCHEID_GEAENDERT,
        entschieden_am=D(2026, 11, 2),
    )
    bewilligt.refresh_from_db()
    assert bewilligt.status == S.BEWILLIGT
    assert taeglich.lauf(D(2027, 1, 1))["bestandskraft"] == 0  # the changed notice needs its own Bekanntgabe


def test_klage_against_a_rejection_dismissed(abgelehnt, pruefung_arnsberg):
    bekanntgegeben(abgelehnt, D(2026, 9, 15))
    workflow.klage_erfassen(
        antrag=abgelehnt,
        by=pruefung_arnsberg,
        erhoben_am=D(2026, 10, 1),
        gericht="VG Köln",
        aktenzeichen="1 K 2/26",
    )
    abgelehnt.refresh_from_db()
    workflow.klage_entschieden(
        antrag=abgelehnt,
        by=pruefung_arnsberg,
        ausgang=Klage.Ausgang.ABGEWIESEN,
        entschieden_am=D(2026, 12, 1),
    )
    abgelehnt.refresh_from_db()
    assert abgelehnt.status == S.ABLEHNUNG_BESTANDSKRAEFTIG


# --- The Zuwendung ---


def test_zuwendung_anlegen_is_idempotent(bewilligt):
    a = workflow.zuwendung_anlegen(bewilligt, bestandskraeftig_am=D(2026, 6, 6))
    b = workflow.zuwendung_anlegen(bewilligt, bestandskraeftig_am=D(2026, 7, 7))
    assert a.pk == b.pk and Zuwendung.objects.count() == 1 and b.bestandskraeftig_am == D(2026, 6, 6)


# --- The transition table: state × role × action ---

AKTIONEN = {
    "verzicht": (
        permissions.can_waive,
        lambda a, u: workflow.verzicht_einreichen(antrag=a, by=u, datei=verzicht_datei()),
    ),
    "post": (
        antrag_permissions.can_record_post,
        lambda a, u: antrag_workflow.post_erfassen(antrag=a, by=u, zur_post_am=timezone.localdate()),
    ),
    "klage": (
        permissions.can_record_klage,
        lambda a, u: workflow.klage_erfassen(
            antrag=a, by=u, erhoben_am=timezone.localdate(), gericht="VG", aktenzeichen="1 K"
        ),
    ),
    "klage_entschieden": (
        permissions.can_decide_klage,
        lambda a, u: workflow.klage_entschieden(
            antrag=a, by=u, ausgang="abgewiesen", entschieden_am=timezone.localdate()
        ),
    ),
}
# (state, role) → the actions allowed; everything else is refused.
ERLAUBT = {
    (S.BEWILLIGT, "zeichnungsberechtigt"): {"verzicht"},
    (S.ABGELEHNT, "zeichnungsberechtigt"): {"verzicht"},
    (S.BEWILLIGT, "pruefung"): {"post", "klage"},
    (S.ABGELEHNT, "pruefung"): {"post", "klage"},
    (S.KLAGE_ANHAENGIG, "pruefung"): {"klage_entschieden"},
}
ZUSTAENDE = [
    S.INHALTLICHE_PRUEFUNG,
    S.BEWILLIGT,
    S.ABGELEHNT,
    S.KLAGE_ANHAENGIG,
    S.BESTANDSKRAEFTIG,
    S.ABLEHNUNG_BESTANDSKRAEFTIG,
]
ROLLEN = ["sachbearbeitung", "zeichnungsberechtigt", "pruefung", "zeichnung", "admin"]


@pytest.mark.parametrize("zustand", ZUSTAENDE)
@pytest.mark.parametrize("rolle", ROLLEN)
def test_transition_table(zustand, rolle, dortmund, zeichnung_arnsberg, periode):
    from tests.factories import bezirksregierung

    org = bezirksregierung() if rolle in ("pruefung", "zeichnung", "admin") else dortmund
    nutzer = make_user(f"t.{rolle}", organisation=org, rolle=rolle)
    antrag = entschieden(
        periode,
        dortmund,
        zeichnung_arnsberg,
        bewilligt=zustand not in (S.ABGELEHNT, S.ABLEHNUNG_BESTANDSKRAEFTIG),
    )
    bekanntgegeben(antrag, timezone.localdate() - datetime.timedelta(days=3))
    if zustand == S.KLAGE_ANHAENGIG:
        Klage.objects.create(
            antrag=antrag,
            gegen=S.BEWILLIGT,
            erhoben_am=timezone.localdate(),
            gericht="VG",
            aktenzeichen="x",
            erfasst_von=zeichnung_arnsberg,
        )
    Antrag.objects.filter(pk=antrag.pk).update(status=zustand)
    for aktion, (darf, tun) in AKTIONEN.items():
        antrag = Antrag.objects.get(pk=antrag.pk)
        erlaubt, grund = darf(nutzer, antrag)
        soll = aktion in ERLAUBT.get((zustand, rolle), set())
        assert erlaubt == soll, (zustand, rolle, aktion)
        if not soll:
            assert grund and grund[0].isupper(), grund  # a German sentence
            vorher = schnappschuss(antrag)
            with pytest.raises(workflow.WorkflowError) as e:
                tun(antrag, nutzer)
            assert str(e.value) == grund
            assert schnappschuss(antrag) == vorher


# --- Pages ---


def test_applicant_uploads_the_waiver_on_the_page(client, bewilligt, zeichnung_dortmund, ki_dortmund):
    bekanntgegeben(bewilligt, timezone.localdate())
    client.force_login(ki_dortmund)
    seite = client.get(reverse("zuwendungen:bestand", args=[bewilligt.pk]))
    assert seite.status_code == 200 and "Rechtsbehelfsverzicht einreichen" not in seite.content.decode()
    assert client.post(reverse("zuwendungen:bestand_verzicht", args=[bewilligt.pk])).status_code == 403
    client.force_login(zeichnung_dortmund)
    seite = client.get(reverse("zuwendungen:bestand", args=[bewilligt.pk])).content.decode()
    assert "Rechtsbehelfsverzicht einreichen" in seite
    falsch = SimpleUploadedFile("verzicht.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    antwort = client.post(reverse("zuwendungen:bestand_verzicht", args=[bewilligt.pk]), {"datei": falsch})
    assert antwort.status_code == 200 and "Bitte prüfen Sie Ihre Angaben" in antwort.content.decode()
    datei = SimpleUploadedFile("verzicht.pdf", pdf_bytes(), content_type="application/pdf")
    antwort = client.post(reverse("zuwendungen:bestand_verzicht", args=[bewilligt.pk]), {"datei": datei})
    assert antwort.status_code == 302
    bewilligt.refresh_from_db()
    assert bewilligt.status == S.BESTANDSKRAEFTIG
    detail = client.get(reverse("antraege:detail", args=[bewilligt.pk])).content.decode()
    assert "Bestandskräftig seit" in detail and "Bewilligt: 100.500,00 €" in detail
    assert "Noch nicht erfasst" in detail or "noch nicht erfasst" in detail  # the figures on the Antrag page
    liste = client.get(reverse("zuwendungen:liste")).content.decode()
    assert bewilligt.aktenzeichen in liste and "100.500,00 €" in liste and "noch nicht erfasst" in liste
    z = Zuwendung.objects.get(antrag=bewilligt)
    assert client.get(reverse("zuwendungen:detail", args=[z.pk])).status_code == 200
    assert client.get(reverse("zuwendungen:verzicht_herunterladen", args=[bewilligt.pk])).status_code == 200


def test_reviewer_records_post_and_klage_on_the_page(client, bewilligt, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    url = reverse("zuwendungen:bestand", args=[bewilligt.pk])
    assert "Versand per Post erfassen" in client.get(url).content.decode()
    antwort = client.post(
        reverse("zuwendungen:bestand_post", args=[bewilligt.pk]), {"zur_post_am": "kein Datum"}
    )
    assert antwort.status_code == 200 and "gültiges Datum" in antwort.content.decode()
    heute = timezone.localdate()
    assert (
        client.post(
            reverse("zuwendungen:bestand_post", args=[bewilligt.pk]), {"zur_post_am": heute.isoformat()}
        ).status_code
        == 302
    )
    antwort = client.post(
        reverse("zuwendungen:bestand_klage", args=[bewilligt.pk]),
        {"erhoben_am": heute.isoformat(), "gericht": "VG Gelsenkirchen", "aktenzeichen": ""},
    )
    assert (
        "Aktenzeichen des Gerichts" in antwort.content.decode()
        and 'value="VG Gelsenkirchen"' in antwort.content.decode()
    )
    client.post(
        reverse("zuwendungen:bestand_klage", args=[bewilligt.pk]),
        {"erhoben_am": heute.isoformat(), "gericht": "VG Gelsenkirchen", "aktenzeichen": "19 K 1/26"},
    )
    assert Antrag.objects.get(pk=bewilligt.pk).status == S.KLAGE_ANHAENGIG
    assert "19 K 1/26" in client.get(url).content.decode()


def test_rollen_used_in_table_exist():
    assert set(ROLLEN) == set(Rolle.values)
