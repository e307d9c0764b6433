"""The Bezirksregierung's lists after the Bewilligung at 100,000 Anträge (issue 26): the VN queue
and the Rückforderungen are paged like the queue of Anträge (komman.seiten), read plain rows
(zuwendungen.listen) and keep their filters, columns and links; the Landeskasse list shows the
same rows as before."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.zuwendungen import auszahlung_hilfen, vn_hilfen, widerruf_hilfen
from zuwendungen import listen
from zuwendungen.models import Rueckforderung, Verwendungsnachweis

pytestmark = pytest.mark.django_db

R = Rueckforderung.Status
SCHLECHTE_SEITEN = ["0", "-1", "abc", "2.5", "999999", ""]


def _nachweise(n: int, user) -> list[Verwendungsnachweis]:
    """n submitted VNs, one a day, the oldest first; the queue shows them in this order."""
    vn_hilfen.nachweise(n, user)
    nachweise = list(Verwendungsnachweis.objects.order_by("pk"))
    start = timezone.now() - datetime.timedelta(days=n)
    for i, vn in enumerate(nachweise):
        vn.eingereicht_am = start + datetime.timedelta(days=i)
    Verwendungsnachweis.objects.bulk_update(nachweise, ["eingereicht_am"])
    return nachweise


def _zeilen_pks(antwort) -> list[int]:
    return [z["pk"] for z in antwort.context["seite"]]


def _barrierefrei(html: str) -> None:
    """Caption, column headers, a row header per row, the paging nav with the current page."""
    assert "<caption>" in html and '<th scope="col">' in html and '<th scope="row">' in html
    assert '<nav aria-label="Seiten">' in html and 'aria-current="page"' in html


def test_vn_warteschlange_blaettert_und_behaelt_den_filter(client, pruefung_arnsberg, monkeypatch):
    monkeypatch.setattr(listen, "PRO_SEITE", 2)
    nachweise = _nachweise(5, pruefung_arnsberg)
    url = reverse("zuwendungen:vn_warteschlange")
    client.force_login(pruefung_arnsberg)

    seiten = [client.get(url, {"status": "offen", "seite": n}) for n in (1, 2, 3)]
    assert [_zeilen_pks(s) for s in seiten] == [[v.pk for v in nachweise[i : i + 2]] for i in (0, 2, 4)]
    html = seiten[1].content.decode()
    _barrierefrei(html)
    assert "Seite 2 von 3" in html and "5 Verwendungsnachweise in dieser Auswahl" in html
    # The page links keep the filter.
    assert "?status=offen&amp;seite=1" in html and "?status=offen&amp;seite=3" in html
    # Every column as before: link, recipient, art, submitted, review type, state.
    erste = nachweise[2]
    zeile = re.search(
        rf'<tr><th scope="row"><a href="{reverse("zuwendungen:vn_seite", args=[erste.pk])}">.*?</tr>', html
    )
    assert zeile, html
    for text in (erste.zuwendung.antrag.aktenzeichen, str(erste.zuwendung.antrag.antragsteller), "Verwendungsnachweis",
                 timezone.localtime(erste.eingereicht_am).strftime("%d.%m.%Y"), "kursorische Prüfung", "Eingereicht"):  # fmt: skip
        assert text in zeile.group(0), text


@pytest.mark.parametrize("seite", SCHLECHTE_SEITEN)
def test_vn_warteschlange_schlechte_seitenzahl(client, pruefung_arnsberg, monkeypatch, seite):
    monkeypatch.setattr(listen, "PRO_SEITE", 2)
    _nachweise(3, pruefung_arnsberg)
    client.force_login(pruefung_arnsberg)
    antwort = client.get(reverse("zuwendungen:vn_warteschlange"), {"seite": seite})
    assert antwort.status_code == 200
    assert len(_zeilen_pks(antwort)) in (1, 2)  # the first or the last page


def test_vn_warteschlange_filter(client, pruefung_arnsberg):
    nachweise = _nachweise(4, pruefung_arnsberg)
    Verwendungsnachweis.objects.filter(pk=nachweise[0].pk).update(status="abgeschlossen")
    Verwendungsnachweis.objects.filter(pk=nachweise[1].pk).update(status="vorgeschlagen")
    Verwendungsnachweis.objects.filter(pk=nachweise[2].pk).update(status="entwurf")
    url = reverse("zuwendungen:vn_warteschlange")
    client.force_login(pruefung_arnsberg)
    assert _zeilen_pks(client.get(url)) == [nachweise[1].pk, nachweise[3].pk]
    assert _zeilen_pks(client.get(url, {"status": "zu_zeichnen"})) == [nachweise[1].pk]
    assert _zeilen_pks(client.get(url, {"status": "abgeschlossen"})) == [nachweise[0].pk]
    antwort = client.get(url, {"status": "gibt-es-nicht"})  # an unknown filter is the default one
    assert _zeilen_pks(antwort) == [nachweise[1].pk, nachweise[3].pk]
    assert 'active" aria-current="page" href="?status=offen"' in antwort.content.decode()


def test_stichprobe_knopf_verschwindet_nach_der_ziehung(client, pruefung_arnsberg, settings):
    """The VNs without a draw are remembered per stand and latest draw: a draw shows at once."""
    from zuwendungen.workflow import vn_pruefung as pw

    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 60
    cache.clear()
    nachweise = _nachweise(3, pruefung_arnsberg)
    periode = nachweise[0].zuwendung.antrag.foerderperiode
    url = reverse("zuwendungen:vn_warteschlange")
    client.force_login(pruefung_arnsberg)
    html = client.get(url).content.decode()
    assert f"Stichprobe ziehen: {periode} (3 Nachweise ohne Ziehung)" in html
    s = pw.stichprobe_ziehen(periode=periode, by=pruefung_arnsberg, seed=7)
    html = client.get(url).content.decode()
    assert "Stichprobe ziehen" not in html
    zeile = re.search(r"<caption>Bisherige Ziehungen</caption>.*?<tbody><tr>(.*?)</tr>", html, re.S).group(1)
    assert f"<td>{periode}</td>" in zeile and f'<td class="text-end">{len(s.kandidaten)}</td>' in zeile
    assert f'<td class="text-end">{len(s.gezogen)}</td>' in zeile and f"<td>{s.seed}</td>" in zeile
    cache.clear()


def test_rueckforderungen_blaettern_filtern_und_spalten(client, pruefung_arnsberg, monkeypatch):
    monkeypatch.setattr(listen, "PRO_SEITE", 2)
    widerruf_hilfen.forderungen_liste(5, pruefung_arnsberg)  # decided, due 02.09.2026: overdue
    offen = Rueckforderung.objects.order_by("pk").first()
    Rueckforderung.objects.filter(pk=offen.pk).update(status=R.ERFASST, faellig_am=None)
    org = offen.zuwendung.antrag.antragsteller
    org.name = "Träger <A & B>"
    org.save()
    url = reverse("zuwendungen:rueckforderungen")
    client.force_login(pruefung_arnsberg)

    # Ordered by state, then the Jahresfrist: the claims in "beschieden", then the one "erfasst".
    erwartet = list(
        Rueckforderung.objects.order_by("status", "jahresfrist_ende", "pk").values_list("pk", flat=True)
    )
    seiten = [client.get(url, {"seite": n}) for n in (1, 2, 3)]
    assert [pk for s in seiten for pk in _zeilen_pks(s)] == erwartet
    html = seiten[2].content.decode()
    _barrierefrei(html)
    assert "5 Rückforderungen, Seite 3 von 3" in html
    # The claim still in its procedure shows its Jahresfrist, the decided ones their due date.
    zeile = re.search(
        rf'<tr><th scope="row"><a href="{reverse("zuwendungen:rueckforderung", args=[offen.pk])}">.*?</tr>',
        html,
    )
    assert zeile, html
    for text in (offen.zuwendung.antrag.aktenzeichen, f": Rückforderung {offen.pk}", "Träger &lt;A &amp; B&gt;",
                 "Verwendungsnachweis: weniger anerkannt als ausgezahlt", "1.000,00 €", "15.07.2027"):  # fmt: skip
        assert text in zeile.group(0), text
    assert "02.09.2026" not in zeile.group(0)
    entschieden = seiten[0].content.decode()
    assert "02.09.2026" in entschieden and "15.07.2027" not in entschieden

    gefiltert = client.get(url, {"status": R.BESCHIEDEN, "seite": 2})
    assert len(_zeilen_pks(gefiltert)) == 2 and offen.pk not in _zeilen_pks(gefiltert)
    assert "?status=beschieden&amp;seite=1" in gefiltert.content.decode()
    assert _zeilen_pks(client.get(url, {"status": R.ERFASST})) == [offen.pk]
    ueberfaellig = client.get(url, {"ueberfaellig": "1", "seite": 2})
    assert "Überfällige Erstattungen" in ueberfaellig.content.decode()
    assert "?ueberfaellig=1&amp;seite=1" in ueberfaellig.content.decode()
    alle_ueberfaellig = [
        pk for n in (1, 2) for pk in _zeilen_pks(client.get(url, {"ueberfaellig": "1", "seite": n}))
    ]
    assert sorted(alle_ueberfaellig) == sorted(set(erwartet) - {offen.pk})


@pytest.mark.parametrize("seite", SCHLECHTE_SEITEN)
def test_rueckforderungen_schlechte_seitenzahl(client, pruefung_arnsberg, monkeypatch, seite):
    monkeypatch.setattr(listen, "PRO_SEITE", 2)
    widerruf_hilfen.forderungen_liste(3, pruefung_arnsberg)
    client.force_login(pruefung_arnsberg)
    for parameter in (
        {"seite": seite},
        {"seite": seite, "ueberfaellig": "1"},
        {"seite": seite, "status": "x"},
    ):
        antwort = client.get(reverse("zuwendungen:rueckforderungen"), parameter)
        assert antwort.status_code == 200
        assert len(_zeilen_pks(antwort)) in (1, 2)


def test_landeskasse_zeilen(client, pruefung_arnsberg):
    zuwendungen = auszahlung_hilfen.zuwendungen_mit_abrufen(2, von=pruefung_arnsberg, status="eingereicht")
    auszahlung_hilfen.zuwendungen_mit_abrufen(1, von=pruefung_arnsberg, status="angeordnet")
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("zuwendungen:kasse")).content.decode()
    assert "Eingereicht (2)" in html and "Auszahlung angeordnet (1)" in html
    abruf = zuwendungen[0].mittelabrufe.get()
    zeile = re.search(
        rf'<tr><th scope="row"><a href="{reverse("zuwendungen:abruf", args=[abruf.pk])}">Mittelabruf 1</a></th>.*?</tr>',
        html,
    )
    assert zeile, html
    antrag = zuwendungen[0].antrag
    for text in (str(antrag.antragsteller), antrag.aktenzeichen, "01.03.2026", "1.000,00 €", "–"):
        assert text in zeile.group(0), text
