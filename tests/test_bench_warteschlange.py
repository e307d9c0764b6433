"""bench/warteschlange.py and bench/scaleout.py must keep working as the code changes.

Both are run by hand (docs/leistung.md). This small run takes the queue bench's own path –
notices created, queued as the signing queues them, rendered by `manage.py worker`, checked,
cleaned up – with three notices and the worker in the test's process, and checks the form
reading the coherence checks of the scale-out rely on. No timings.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_queue_bench_renders_checks_and_cleans_up(settings):
    from antraege.models import Antrag, Dokument
    from bench import bescheide, warteschlange
    from komman.hintergrund.models import Planlauf
    from komman.models import Organisation
    from programmteile.models import Foerderperiode

    settings.TASKS = DB_BACKEND
    antraege, perioden = Antrag.objects.count(), Foerderperiode.objects.count()
    vorgemerkt = warteschlange.taegliche_laeufe_vormerken()
    assert set(Planlauf.objects.filter(pk__in=vorgemerkt).values_list("name", flat=True)) == set(
        warteschlange.TAEGLICH
    )
    dokumente, _ = bescheide.daten_anlegen(3, ab_jahr=warteschlange.AB_JAHR, traeger=warteschlange.TRAEGER)
    ids = [d.pk for d in dokumente]
    warteschlange.einreihen(ids)
    assert warteschlange.stand(ids) == {"fertig": 0, "wartend": 3, "laufend": 0, "gescheitert": 0}
    fehler = warteschlange.pruefen(ids)
    assert len(fehler) == 4 and "0 erfolgreich, 3 nicht erfolgreich, 3 erwartet" in fehler[-1]

    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    zeilen: list[str] = []
    ergebnis = warteschlange.beobachten(ids, 0.0, takt=0.1, zeitlimit=60, ausgabe=zeilen.append)
    assert ergebnis["fertig"] == 3 and "3/3 fertig" in zeilen[-1]
    assert warteschlange.pruefen(ids) == []

    warteschlange.aufraeumen(vorgemerkt)
    assert not Dokument.objects.filter(pk__in=ids).exists() and not warteschlange.aufgaben(ids).exists()
    assert Antrag.objects.count() == antraege and Foerderperiode.objects.count() == perioden
    assert not Organisation.objects.filter(name__startswith=warteschlange.TRAEGER).exists()
    assert not Planlauf.objects.filter(pk__in=vorgemerkt).exists()


@pytest.mark.django_db(transaction=False)
def test_coherence_checks_fill_forms_as_a_browser():
    from bench import kohaerenz

    seite = b"""
    <form method="post" action="/abmelden/"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="budget" value="1.000,00"><input type="checkbox" name="aus"><input type="checkbox" name="an" checked>
      <select name="wahl"><option value="1">Eins</option><option value="2" selected>Zwei</option></select>
      <textarea name="notiz">Text &amp; mehr</textarea><input type="submit" name="los" value="Los">
    </form>"""
    _, form = kohaerenz.formulare(seite)
    assert form["action"] == "" and form["felder"] == [
        ["csrfmiddlewaretoken", "t"],
        ["budget", "1.000,00"],
        ["an", "on"],
        ["wahl", "2"],
        ["notiz", "Text & mehr"],
    ]
