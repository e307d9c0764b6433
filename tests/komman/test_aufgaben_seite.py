"""Meine Aufgaben as a page: per source its count and most urgent entries, each source's full
list page by page, and the navigation's count (komman/aufgaben.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag
from komman import aufgaben
from tests.factories import make_eingereichter_antrag, make_periode
from zuwendungen.models import Frist

pytestmark = pytest.mark.django_db
S = Antrag.Status
TAGE = [7, -2, 3, 1, 10, 5, 0, 20]  # due days of the reviewer's deadlines, relative to today


@pytest.fixture
def antrag(dortmund):
    return make_eingereichter_antrag(make_periode("I"), dortmund, status=S.EINGEREICHT)  # nobody took it


def _fristen(antrag, tage=TAGE, art=Frist.Art.NACHFORDERUNG, **felder):
    heute = timezone.localdate()
    return Frist.objects.bulk_create(
        Frist(
            schluessel=f"t:{art}:{i}", art=art, antrag=antrag, titel="Antwort", wer=Frist.Wer.PRUEFUNG,
            faellig_am=heute + datetime.timedelta(days=t), **felder,
        )
        for i, t in enumerate(tage)
    )  # fmt: skip


def _tage(html: str) -> list[str]:
    return re.findall(r"<td>(\d\d\.\d\d\.\d{4})", html)


def _datum(tage: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=tage)).strftime("%d.%m.%Y")


def test_each_source_shows_its_count_and_its_most_urgent_entries(client, antrag, pruefung_arnsberg):
    _fristen(antrag)
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("aufgaben")).content.decode()
    assert '<h2 id="aufgaben-fristen"' in html and '<h2 id="aufgaben-pruefung"' in html
    assert "Fristen: die 5 dringendsten von 8 Aufgaben" in html
    assert _tage(html) == [_datum(t) for t in sorted(TAGE)[:5]]  # earliest due first, the rest linked
    assert html.count("(überfällig)") == 1  # two days ago; today is not overdue yet
    assert 'href="?quelle=fristen">Alle 8 Aufgaben anzeigen' in html
    assert "Anträge prüfen: 1 Aufgabe" in html and "?quelle=pruefung" not in html  # all shown
    # The navigation counts what the page counts: 8 deadlines and the Antrag to take.
    assert aufgaben.anzahl(pruefung_arnsberg) == len(aufgaben.aufgaben(pruefung_arnsberg)) == 9
    assert '9<span class="visually-hidden"> Aufgaben' in html


def test_a_sources_full_list_page_by_page(client, antrag, pruefung_arnsberg, monkeypatch):
    monkeypatch.setattr(aufgaben, "JE_SEITE", 3)
    _fristen(antrag)
    client.force_login(pruefung_arnsberg)
    url = reverse("aufgaben") + "?quelle=fristen"
    gesehen = []
    for nummer in (1, 2, 3):
        html = client.get(f"{url}&seite={nummer}").content.decode()
        assert f"Fristen, Seite {nummer} von 3" in html and "<h1>Fristen</h1>" in html
        gesehen += _tage(html)
    assert gesehen == [_datum(t) for t in sorted(TAGE)]
    assert 'href="?quelle=fristen&amp;seite=2">Nächste Seite' in client.get(url).content.decode()
    # Bad page numbers give a page, never an error: not a number -> the first, too far -> the last.
    for falsch, nummer in (("abc", 1), ("99999", 3), ("-1", 3), ("", 1)):
        antwort = client.get(f"{url}&seite={falsch}")
        assert antwort.status_code == 200 and f"Seite {nummer} von 3" in antwort.content.decode()


def test_an_unknown_or_foreign_source_shows_the_overview(client, antrag, ki_dortmund):
    client.force_login(ki_dortmund)
    for quelle in ("pruefung", "gibt-es-nicht", ""):
        antwort = client.get(reverse("aufgaben"), {"quelle": quelle})
        assert antwort.status_code == 200
        html = antwort.content.decode()
        assert "<h1>Meine Aufgaben</h1>" in html and "Anträge prüfen" not in html


def test_the_navigation_count_is_remembered_until_forgotten(client, antrag, pruefung_arnsberg):
    aufgaben.vergessen(pruefung_arnsberg)  # the cache outlives a test; the user's id does not
    _fristen(antrag, tage=[1, 2])
    assert aufgaben.anzahl(pruefung_arnsberg) == 3
    _fristen(antrag, tage=[3], art=Frist.Art.ANHOERUNG)
    assert aufgaben.anzahl(pruefung_arnsberg) == 3  # remembered
    aufgaben.vergessen(pruefung_arnsberg)
    assert aufgaben.anzahl(pruefung_arnsberg) == 4
    _fristen(antrag, tage=[4], art=Frist.Art.BEKANNTGABE)
    client.force_login(pruefung_arnsberg)
    client.get(reverse("aufgaben"))  # the page refreshes it with what it shows
    assert aufgaben.anzahl(pruefung_arnsberg) == 5


def test_calendar_only_and_later_entries_are_neither_listed_nor_counted(antrag, pruefung_arnsberg):
    _fristen(antrag, tage=[30], art=Frist.Art.KLAGEFRIST)
    _fristen(antrag, tage=[3], art=Frist.Art.WIEDERVORLAGE, person=pruefung_arnsberg)
    _fristen(antrag, tage=[-1], art=Frist.Art.ANHOERUNG)
    gruppen = {g.name: g for g in aufgaben.uebersicht(pruefung_arnsberg)}
    assert "wiedervorlagen" not in gruppen  # due in three days: the calendar shows it, the page not yet
    assert gruppen["fristen"].anzahl == 1 and gruppen["fristen"].eintraege[0].art.endswith("Anhörung")
    assert aufgaben.anzahl(pruefung_arnsberg) == 2 == len(aufgaben.aufgaben(pruefung_arnsberg))
    kalender = {a.uid for a in aufgaben.aufgaben(pruefung_arnsberg, alle=True)}
    assert len([u for u in kalender if u.startswith("frist-")]) == 3


def test_a_source_giving_a_plain_list_still_works(client, pruefung_arnsberg, monkeypatch):
    """The simple form of a source (eintraege: every entry) gets the same page and count."""
    monkeypatch.setattr(aufgaben, "JE_SEITE", 4)
    heute = timezone.localdate()
    liste = [
        aufgaben.Aufgabe(
            art=f"Schritt {i}", titel="Fall", url="/", faellig_am=heute + datetime.timedelta(days=-i)
        )
        for i in range(7)
    ]
    quellen = dict(aufgaben._QUELLEN)
    monkeypatch.setattr(aufgaben, "_QUELLEN", quellen)
    aufgaben.quelle("probe", titel="Probe", fuer=lambda u: True, eintraege=lambda u: liste)
    [gruppe] = [g for g in aufgaben.uebersicht(pruefung_arnsberg) if g.name == "probe"]
    assert gruppe.anzahl == 7 and [a.art for a in gruppe.eintraege] == [
        f"Schritt {i}" for i in (6, 5, 4, 3, 2)
    ]
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("aufgaben"), {"quelle": "probe", "seite": "2"}).content.decode()
    assert "Probe, Seite 2 von 2" in html and html.count("Schritt ") == 3


def test_the_calendar_has_every_dated_entry_and_skips_the_undated_sources(antrag, pruefung_arnsberg):
    _fristen(antrag, tage=[30], art=Frist.Art.KLAGEFRIST)
    _fristen(antrag, tage=[3], art=Frist.Art.WIEDERVORLAGE, person=pruefung_arnsberg)
    _fristen(antrag, tage=[-1, 5])
    erwartet = {a.uid for a in aufgaben.aufgaben(pruefung_arnsberg, alle=True) if a.faellig_am and a.uid}
    termine = aufgaben.termine(pruefung_arnsberg)
    assert {a.uid for a in termine} == erwartet and len(termine) == len(erwartet) == 4
    assert [a.faellig_am for a in termine] == sorted(a.faellig_am for a in termine)


def test_remembered_antrag_sources_follow_every_step_at_once(antrag, pruefung_arnsberg, settings):
    """With counts remembered (as in production) the reviewer's Anträge follow the stand: taking
    one over is a Statuswechsel and shows at once."""
    from antraege import workflow

    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 60

    def pruefen():
        return next(g for g in aufgaben.uebersicht(pruefung_arnsberg) if g.name == "pruefung")

    assert [a.art for a in pruefen().eintraege] == ["Antrag übernehmen und prüfen"]
    workflow.take_over(antrag=antrag, by=pruefung_arnsberg)
    assert [a.art for a in pruefen().eintraege] == ["Eingereicht fortsetzen"]
