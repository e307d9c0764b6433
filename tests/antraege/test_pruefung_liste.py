"""The reviewers' queue: filters, sorting, counts, overdue deadlines, CSV export, query count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antraege.models import Antrag, Schreiben
from komman.models import Organisation
from tests.factories import make_eingereichter_antrag, make_periode, make_traeger

S = Antrag.Status


def _viele(n: int, periode):
    """n Anträge of n Träger in varying states."""
    zustaende = [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG, S.BEWILLIGUNG_VORGESCHLAGEN]
    return [
        make_eingereichter_antrag(
            periode,
            make_traeger(f"Träger {i:03d}"),
            status=zustaende[i % len(zustaende)],
            beantragt=Decimal(1000 + i),
        )
        for i in range(n)
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_does_not_grow(client, pruefung_arnsberg):
    periode = make_periode("III")
    client.force_login(pruefung_arnsberg)
    _viele(10, periode)
    client.get(reverse("antraege:pruefung"))  # warm-up (session, roles)
    wenige = _queries(client, reverse("antraege:pruefung"))
    for i in range(10, 200):
        make_eingereichter_antrag(periode, make_traeger(f"Träger {i:03d}"), status=S.EINGEREICHT)
    assert Antrag.objects.count() == 200
    assert _queries(client, reverse("antraege:pruefung")) == wenige
    assert _queries(client, reverse("antraege:pruefung") + "?seite=4&sortierung=-beantragt") == wenige


def test_filters_counts_and_overdue(client, pruefung_arnsberg, dortmund, bochum):
    periode = make_periode("III")
    dort = make_eingereichter_antrag(periode, dortmund, status=S.NACHFORDERUNG, beantragt=Decimal("50000.00"))
    boch = make_eingereichter_antrag(
        periode, bochum, status=S.EINGEREICHT, beantragt=Decimal("5000.00"), bearbeitet_von=pruefung_arnsberg
    )
    Schreiben.objects.create(
        antrag=dort, art="nachforderung", text="", punkte=["x"],
        frist=datetime.date.today() - datetime.timedelta(days=3), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    client.force_login(pruefung_arnsberg)
    url = reverse("antraege:pruefung")
    text = client.get(url).content.decode()
    assert "Nachforderung: 1" in text and "Eingereicht: 1" in text
    assert "abgelaufen" in text

    def treffer(**params):
        r = client.get(url, params)
        assert r.status_code == 200
        return [a.pk for a in r.context["seite"]]

    assert treffer(status="nachforderung") == [dort.pk]
    assert treffer(ueberfaellig="true") == [dort.pk]
    assert treffer(meine="true") == [boch.pk]
    assert treffer(antragsteller="Boch") == [boch.pk]
    assert treffer(antragsteller="05913") == [dort.pk]
    assert treffer(betrag_von="10.000,00") == [dort.pk]
    assert treffer(betrag_bis="10000") == [boch.pk]
    assert treffer(bearbeitet_von=pruefung_arnsberg.pk) == [boch.pk]
    assert treffer(sortierung="-beantragt") == [dort.pk, boch.pk]
    assert treffer(sortierung="beantragt") == [boch.pk, dort.pk]
    heute = datetime.date.today().isoformat()
    assert set(treffer(eingang_von=heute, eingang_bis=heute)) == {dort.pk, boch.pk}
    # bad input: a German message at the field, no 500
    r = client.get(url, {"betrag_von": "viel"})
    assert r.status_code == 200 and "kein gültiger Betrag" in r.content.decode()


def test_csv_export_of_the_filtered_list(client, pruefung_arnsberg, dortmund, bochum):
    periode = make_periode("III")
    make_eingereichter_antrag(
        periode, dortmund, status=S.NACHFORDERUNG, beantragt=Decimal("50000.00"), aktenzeichen="AZ-DO"
    )
    make_eingereichter_antrag(
        periode, bochum, status=S.EINGEREICHT, beantragt=Decimal("1234.50"), aktenzeichen="AZ-BO"
    )
    client.force_login(pruefung_arnsberg)
    r = client.get(reverse("antraege:pruefung_export"), {"status": "eingereicht"})
    assert r.status_code == 200 and r.streaming
    assert r["Content-Type"].startswith("text/csv")
    inhalt = b"".join(r.streaming_content).decode("utf-8")
    assert inhalt.startswith("\ufeffAktenzeichen;Antragsteller;")
    zeilen = inhalt.strip().splitlines()
    assert len(zeilen) == 2
    assert "AZ-BO" in zeilen[1] and "1.234,50" in zeilen[1] and "Eingereicht" in zeilen[1]
    assert "AZ-DO" not in inhalt


def test_start_page_links_status_counts_into_the_queue(client, pruefung_arnsberg, dortmund):
    make_eingereichter_antrag(make_periode("III"), dortmund, status=S.EINGEREICHT)
    client.force_login(pruefung_arnsberg)
    text = client.get(reverse("start")).content.decode()
    assert reverse("antraege:pruefung") + "?status=eingereicht" in text


@pytest.mark.parametrize("seite", ["0", "abc", "999"])
def test_odd_page_numbers_do_not_fail(client, pruefung_arnsberg, seite):
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("antraege:pruefung"), {"seite": seite}).status_code == 200


def test_regierungsbezirk_filter(client, pruefung_arnsberg):
    periode = make_periode("II")
    koeln = Organisation.objects.get(kreisschluessel="05315")
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    a = make_eingereichter_antrag(periode, koeln)
    make_eingereichter_antrag(periode, dortmund)
    client.force_login(pruefung_arnsberg)
    r = client.get(reverse("antraege:pruefung"), {"regierungsbezirk": "Köln"})
    assert [x.pk for x in r.context["seite"]] == [a.pk]


# --- The fast queue (antraege/pruefliste.py): same content, same order, safe HTML ---


def test_queue_without_parameters_is_ordered_as_the_sort_field_says(client, pruefung_arnsberg):
    """Page 1 without parameters and ?seite=1 list the same Anträge in the same order: oldest first."""
    periode = make_periode("III")
    jetzt = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    alt, neu = (
        make_eingereichter_antrag(periode, make_traeger(f"Träger {name}"), eingereicht_am=jetzt + versatz)
        for name, versatz in (("alt", datetime.timedelta(0)), ("neu", datetime.timedelta(days=3)))
    )
    client.force_login(pruefung_arnsberg)
    ohne = [z.pk for z in client.get(reverse("antraege:pruefung")).context["seite"]]
    mit = [z.pk for z in client.get(reverse("antraege:pruefung"), {"seite": "1"}).context["seite"]]
    assert ohne == mit == [alt.pk, neu.pk]


def test_queue_rows_show_every_column_and_escape_names(client, pruefung_arnsberg, zeichnung_arnsberg):
    periode = make_periode("III", jahr=2026)
    traeger = make_traeger("<script>alert(1)</script> e. V.", regierungsbezirk="Köln")
    antrag = make_eingereichter_antrag(
        periode,
        traeger,
        status=S.NACHFORDERUNG,
        beantragt=Decimal("12345.60"),
        zuwendung=Decimal("1000.00"),
        bearbeitet_von=zeichnung_arnsberg,  # responsible, but not in the reviewers' choice list
        eingereicht_am=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC),  # 2 March in Berlin
    )
    Schreiben.objects.create(
        antrag=antrag, art="nachforderung", text="", punkte=["x"],
        frist=datetime.date.today() - datetime.timedelta(days=1), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    client.force_login(pruefung_arnsberg)
    r = client.get(reverse("antraege:pruefung"))
    html = r.content.decode()
    anfang = html.rindex("<tr>", 0, html.index(antrag.aktenzeichen))
    zeile = html[anfang : html.index("</tr>", anfang)]
    assert f'href="{reverse("antraege:pruefung_detail", args=[antrag.pk])}"' in zeile
    assert "&lt;script&gt;alert(1)&lt;/script&gt; e. V." in zeile and "<script>" not in html
    assert "RB Köln" in zeile and "III / 2026" in zeile and "Nachforderung" in zeile
    assert "02.03.2026" in zeile and "12.345,60 €" in zeile and "1.000,00 €" in zeile
    assert str(zeichnung_arnsberg) in zeile
    frist = (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    assert f'{frist} <strong class="befund-fehler">abgelaufen</strong>' in zeile


def test_queue_filter_form_remembered_until_master_data_change(
    client, pruefung_arnsberg, settings, django_capture_on_commit_callbacks
):
    """With the cache on (as in production), a new Förderperiode shows in the filter once committed."""
    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 60
    from django.core.cache import cache

    cache.clear()
    client.force_login(pruefung_arnsberg)
    erste = make_periode("III", jahr=2031)
    assert f">{erste}</option>" in client.get(reverse("antraege:pruefung")).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as rueckrufe:
        zweite = make_periode("III", jahr=2032)
    # Not yet committed: the version is unchanged, the remembered form still has no 2032.
    assert f">{zweite}</option>" not in client.get(reverse("antraege:pruefung")).content.decode()
    for rueckruf in rueckrufe:
        rueckruf()  # committed: the remembered form must not hide it
    assert f">{zweite}</option>" in client.get(reverse("antraege:pruefung")).content.decode()
    # A form with errors is never served from the cache: the message is at the field.
    for _ in range(2):
        r = client.get(reverse("antraege:pruefung"), {"betrag_von": "viel"})
        assert "kein gültiger Betrag" in r.content.decode()
    cache.clear()


def test_queue_counts_remembered_per_user_and_filter(client, pruefung_arnsberg, settings):
    """The remembered counts name user and filters: "Nur meine" must not reuse the total."""
    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 60
    from django.core.cache import cache

    cache.clear()
    periode = make_periode("III")
    make_eingereichter_antrag(periode, make_traeger("Träger A"), bearbeitet_von=pruefung_arnsberg)
    make_eingereichter_antrag(periode, make_traeger("Träger B"))
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("antraege:pruefung")).context["seite"].paginator.count == 2
    assert client.get(reverse("antraege:pruefung"), {"meine": "true"}).context["seite"].paginator.count == 1
    cache.clear()


def test_filtersets_share_no_filter_state(pruefung_arnsberg, zeichnung_arnsberg):
    """SchnellesFilterSet copies filters shallowly: each instance keeps its own filters, and a
    method filter ("Nur meine") asks its own FilterSet for the user, never another request's."""
    from django.http import QueryDict

    from antraege.filters import PruefungFilter

    periode = make_periode("III")
    meins = make_eingereichter_antrag(periode, make_traeger("Träger P"), bearbeitet_von=pruefung_arnsberg)
    deins = make_eingereichter_antrag(periode, make_traeger("Träger Z"), bearbeitet_von=zeichnung_arnsberg)
    erster = PruefungFilter(QueryDict("meine=true"), queryset=Antrag.objects.all(), user=pruefung_arnsberg)
    zweiter = PruefungFilter(QueryDict("meine=true"), queryset=Antrag.objects.all(), user=zeichnung_arnsberg)
    assert all(erster.filters[n] is not zweiter.filters[n] for n in erster.filters)
    assert all(f.parent is erster for f in erster.filters.values())
    assert all(f.filter.f is f for f in erster.filters.values() if f.method)
    assert list(erster.qs) == [meins] and list(zweiter.qs) == [deins]
    assert not hasattr(PruefungFilter.base_filters["meine"], "parent")


def test_overdue_means_the_current_deadline_has_passed(client, pruefung_arnsberg):
    """An expired, unanswered Anhörung followed by a second one with a running deadline is not
    overdue: row, filter, export and start page agree (antraege.pruefliste.ueberfaellig)."""
    periode = make_periode("II")
    heute = datetime.date.today()
    zweimal = make_eingereichter_antrag(periode, make_traeger("Träger zwei Anhörungen"), status=S.ANHOERUNG)
    abgelaufen = make_eingereichter_antrag(periode, make_traeger("Träger abgelaufen"), status=S.ANHOERUNG)
    for antrag, frist in (
        (zweimal, heute - datetime.timedelta(days=5)),
        (zweimal, heute + datetime.timedelta(days=9)),
        (abgelaufen, heute - datetime.timedelta(days=1)),
    ):
        Schreiben.objects.create(
            antrag=antrag, art="anhoerung", text="", punkte=["x"], frist=frist, erstellt_von=pruefung_arnsberg
        )
    client.force_login(pruefung_arnsberg)
    url = reverse("antraege:pruefung")
    assert [z.pk for z in client.get(url, {"ueberfaellig": "true"}).context["seite"]] == [abgelaufen.pk]
    html = client.get(url).content.decode()
    zeile = html[html.rindex("<tr>", 0, html.index(zweimal.aktenzeichen)) :]
    zeile = zeile[: zeile.index("</tr>")]
    assert (heute + datetime.timedelta(days=9)).strftime("%d.%m.%Y") in zeile and "abgelaufen" not in zeile
    export = b"".join(client.get(reverse("antraege:pruefung_export")).streaming_content).decode()
    zeilen = {z.split(";")[0]: z for z in export.splitlines()[1:]}
    assert zeilen[zweimal.aktenzeichen].endswith(";nein") and zeilen[abgelaufen.aktenzeichen].endswith(";ja")
    assert client.get(reverse("start")).context["bezirksregierung"]["ueberfaellig"] == 1
