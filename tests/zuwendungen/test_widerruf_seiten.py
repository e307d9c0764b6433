"""The Widerruf pages end to end: each step through the views, errors at the field with 200,
the one-year limit on the case page and the grant's section, the letters' download."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.zuwendungen.widerruf_hilfen import forderung, zuwendung_mit_vn
from zuwendungen.models import Rueckforderung, Rueckforderungsbrief

R = Rueckforderung.Status
def heute():
    """Today in the portal's time zone, read when a test runs (a constant from the import went
    stale when a run crossed midnight in Berlin)."""
    return timezone.localdate()


@pytest.fixture
def fall(dortmund, pruefung_arnsberg):
    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg)
    return z, forderung(z, pruefung_arnsberg)


def _seite(client, rf, **get):
    return client.get(reverse("zuwendungen:rueckforderung", args=[rf.pk]), get)


def _post(client, rf, aktion, **daten):
    return client.post(reverse("zuwendungen:rueckforderung", args=[rf.pk]), {"aktion": aktion, **daten})


def test_walk_through_the_views(
    client, fall, pruefung_arnsberg, zeichnung_arnsberg, zeichnung_dortmund, django_capture_on_commit_callbacks
):
    z, rf = fall
    client.force_login(pruefung_arnsberg)
    assert "Anhörung einleiten" in _seite(client, rf).content.decode()
    # Bad input: 200, messages at the fields, input kept.
    r = _post(client, rf, "anhoerung", text="Entwurf der Gründe", kenntnis_am="31.02.2026")
    inhalt = r.content.decode()
    assert r.status_code == 200 and "Bitte wählen Sie die Rechtsgrundlage." in inhalt
    assert "gültiges Datum" in inhalt and "Entwurf der Gründe" in inhalt
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(client, rf, "anhoerung", rechtsgrundlage="widerruf_vergangenheit", kenntnis_am=heute().isoformat(),
                  text="Weniger anerkannt als ausgezahlt.")  # fmt: skip
    assert r.status_code == 302
    rf.refresh_from_db()
    assert rf.status == R.ANHOERUNG
    seite = _seite(client, rf).content.decode()
    assert "Jahresfrist für den Widerruf" in seite and rf.jahresfrist_ende.strftime("%d.%m.%Y") in seite
    assert "Jahresfrist für den Widerruf" in client.get(reverse("zuwendungen:detail", args=[z.pk])).content.decode()
    # The recipient answers in the portal; the Prüfung cannot answer for it.
    assert _post(client, rf, "stellungnahme", text="x").status_code == 403
    client.force_login(zeichnung_dortmund)
    assert _post(client, rf, "stellungnahme", text="").status_code == 200
    assert _post(client, rf, "stellungnahme", text="Wir sind einverstanden.").status_code == 302
    brief = rf.briefe.get(art=Rueckforderungsbrief.Art.ANHOERUNG)
    antwort = client.get(reverse("zuwendungen:rueckforderung_brief", args=[brief.pk]))
    assert antwort.status_code == 200 and antwort["Content-Type"] == "application/pdf"
    client.force_login(pruefung_arnsberg)
    assert _post(client, rf, "vorschlagen", ermessen="Keine Gründe für einen Verzicht.").status_code == 302
    # Four eyes in the view: the proposer sees no signing, and a POST is refused.
    assert "Erstattungsbescheid zeichnen" not in _seite(client, rf).content.decode()
    assert _post(client, rf, "zeichnen").status_code == 403
    client.force_login(zeichnung_arnsberg)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, rf, "zeichnen").status_code == 302
    rf.refresh_from_db()
    assert rf.status == R.BESCHIEDEN
    client.force_login(pruefung_arnsberg)
    r = _post(client, rf, "zahlung", betrag="0,00", eingang_am=heute().isoformat())
    assert r.status_code == 200 and "größer als 0,00" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, rf, "zahlung", betrag="5.000,00", eingang_am=heute().isoformat()).status_code == 302
    rf.refresh_from_db()
    z.refresh_from_db()
    assert rf.status == R.BEZAHLT and z.abgeschlossen_am == heute()
    detail = client.get(reverse("zuwendungen:detail", args=[z.pk])).content.decode()
    assert "Abgeschlossen am" in detail and "Akten aufzubewahren bis" in detail


def test_prufung_starts_a_claim_and_lists_it(client, fall, pruefung_arnsberg, ki_dortmund):
    z, _ = fall
    client.force_login(pruefung_arnsberg)
    url = reverse("zuwendungen:rueckforderung_neu", args=[z.pk])
    r = client.post(url, {"anlass": "kein_vn", "betrag": "", "entstanden_am": heute().isoformat(), "grund": ""})
    assert r.status_code == 200 and "Bitte geben Sie den Betrag an." in r.content.decode()
    r = client.post(url, {"anlass": "kein_vn", "betrag": "70.000,00", "entstanden_am": heute().isoformat(),
                          "grund": "Kein Verwendungsnachweis trotz zweiter Mahnung."})  # fmt: skip
    assert r.status_code == 302
    neu = Rueckforderung.objects.get(anlass="kein_vn")
    assert neu.betrag == Decimal("70000.00") and neu.erfasst_von == pruefung_arnsberg
    liste = client.get(reverse("zuwendungen:rueckforderungen")).content.decode()
    assert z.antrag.aktenzeichen in liste
    assert client.get(reverse("zuwendungen:rueckforderungen"), {"ueberfaellig": "1"}).status_code == 200
    client.force_login(ki_dortmund)
    assert client.get(reverse("zuwendungen:rueckforderungen")).status_code == 403
    assert client.get(url).status_code == 403
    # The applicant sees its own claim, without the Prüfung's actions.
    seite = client.get(reverse("zuwendungen:rueckforderung", args=[neu.pk])).content.decode()
    assert "Anhörung einleiten" not in seite and "70.000,00 €" in seite


def test_voluntary_refund_and_interest_decision_pages(client, fall, pruefung_arnsberg):
    z, _ = fall
    client.force_login(pruefung_arnsberg)
    r = client.post(reverse("zuwendungen:rueckzahlung", args=[z.pk]), {"betrag": "250,00", "eingang_am": heute().isoformat()})
    assert r.status_code == 302
    assert Rueckforderung.objects.get(anlass="freiwillig").status == R.BEZAHLT
    url = reverse("zuwendungen:verwendungszinsen", args=[z.pk])
    r = client.post(url, {"verwendungen": "gestern; viel"})
    assert r.status_code == 200 and "Zeile 1 ist nicht lesbar" in r.content.decode()
    r = client.post(url, {"verwendungen": "01.04.2026; 40.000,00\n03.07.2026; 30.000,00"})
    assert r.status_code == 302
    vz = z.verwendungszinsen.get()
    assert vz.zinsen > 0
    r = client.post(reverse("zuwendungen:zinsentscheidung", args=[vz.pk]), {"entscheidung": "verzichten", "grund": ""})
    assert r.status_code == 200
    r = client.post(reverse("zuwendungen:zinsentscheidung", args=[vz.pk]), {"entscheidung": "verzichten", "grund": "Geringer Betrag, Kommune hat sofort gemeldet."})
    assert r.status_code == 302
    vz.refresh_from_db()
    assert vz.entscheidung == "verzichten" and vz.entschieden_von == pruefung_arnsberg


def test_jahresfrist_warning_two_months_ahead(client, fall, pruefung_arnsberg):
    _, rf = fall
    Rueckforderung.objects.filter(pk=rf.pk).update(
        status=R.ANHOERUNG, kenntnis_am=heute() - datetime.timedelta(days=330),
        jahresfrist_ende=heute() + datetime.timedelta(days=30),
    )  # fmt: skip
    client.force_login(pruefung_arnsberg)
    seite = _seite(client, rf).content.decode()
    assert "alert-warning" in seite and "noch 30 Tage" in seite


def test_abschliessen_page_after_everything_is_settled(client, dortmund, pruefung_arnsberg, django_capture_on_commit_callbacks):
    from zuwendungen import workflow

    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg)
    z.anerkannt = None
    z.save(update_fields=["anerkannt"])
    workflow.freiwillige_rueckzahlung(zuwendung=z, by=pruefung_arnsberg, betrag=Decimal("100.00"), eingang_am=heute())
    client.force_login(pruefung_arnsberg)
    url = reverse("zuwendungen:abschliessen", args=[z.pk])
    assert client.get(url).status_code == 403  # no VN result yet
    z.anerkannt = Decimal("69900.00")
    z.save(update_fields=["anerkannt"])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    z.refresh_from_db()
    assert z.abgeschlossen_am == heute()
    assert client.get(url).status_code == 403  # closed: read-only
    assert client.get(reverse("zuwendungen:rueckzahlung", args=[z.pk])).status_code == 403
