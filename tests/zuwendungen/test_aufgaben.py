"""Meine Aufgaben (komman.aufgaben + the apps' sources), the Wiedervorlage and the calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from antraege.models import Antrag
from komman import aufgaben, kalender
from komman.models import Kalenderzugang, Mail, Rolle
from tests.factories import bezirksregierung, make_eingereichter_antrag, make_periode, make_user
from zuwendungen import fristen, wiedervorlage
from zuwendungen.models import Frist

pytestmark = pytest.mark.django_db
S = Antrag.Status


def _frist(antrag, schluessel, *, wer=Frist.Wer.ANTRAGSTELLER, tage=5, art=Frist.Art.NACHFORDERUNG, titel="Antwort"):
    return fristen.setzen(
        schluessel=schluessel, art=art, antrag=antrag, wer=wer, titel=titel,
        faellig_am=timezone.localdate() + datetime.timedelta(days=tage),
    )  # fmt: skip


@pytest.fixture
def faelle(dortmund, bochum, ki_dortmund, zeichnung_dortmund, ki_bochum, pruefung_arnsberg, zeichnung_arnsberg):
    periode = make_periode("I")
    return {
        "dortmund": make_eingereichter_antrag(periode, dortmund, status=S.NACHFORDERUNG),
        "bochum": make_eingereichter_antrag(periode, bochum, status=S.NACHFORDERUNG),
        "vorschlag": make_eingereichter_antrag(
            make_periode("II"), dortmund, status=S.BEWILLIGUNG_VORGESCHLAGEN, vorgeschlagen_von=pruefung_arnsberg
        ),
    }


def test_each_user_sees_only_what_waits_on_them_sorted_by_day(faelle, ki_dortmund, ki_bochum, pruefung_arnsberg):
    _frist(faelle["dortmund"], "a", tage=9)
    _frist(faelle["dortmund"], "b", tage=2, art=Frist.Art.ANHOERUNG)
    _frist(faelle["bochum"], "c", tage=1)
    _frist(faelle["dortmund"], "d", wer=Frist.Wer.PRUEFUNG, tage=3)
    liste = aufgaben.aufgaben(ki_dortmund)
    fristen_dortmund = [a for a in liste if a.quelle == "fristen"]
    assert [a.uid for a in fristen_dortmund] == [
        f"frist-{Frist.objects.get(schluessel=s).pk}" for s in ("b", "a")
    ]  # Bochum's and the reviewer's deadlines are not Dortmund's
    tage = [a.faellig_am for a in liste]
    assert tage == sorted(tage, key=lambda t: (t is None, t or datetime.date.max))
    assert [a.uid for a in aufgaben.aufgaben(ki_bochum) if a.quelle == "fristen"] == [
        f"frist-{Frist.objects.get(schluessel='c').pk}"
    ]
    pruefung = aufgaben.aufgaben(pruefung_arnsberg)
    assert [a.uid for a in pruefung if a.quelle == "fristen"] == [f"frist-{Frist.objects.get(schluessel='d').pk}"]


def test_four_eyes_the_proposer_does_not_get_the_signature(faelle, pruefung_arnsberg, zeichnung_arnsberg):
    Antrag.objects.filter(pk=faelle["vorschlag"].pk).update(vorgeschlagen_von=zeichnung_arnsberg)
    assert not [a for a in aufgaben.aufgaben(zeichnung_arnsberg) if a.quelle == "zeichnung"]
    Antrag.objects.filter(pk=faelle["vorschlag"].pk).update(vorgeschlagen_von=pruefung_arnsberg)
    [zu_zeichnen] = [a for a in aufgaben.aufgaben(zeichnung_arnsberg) if a.quelle == "zeichnung"]
    assert zu_zeichnen.art == "Bewilligung zeichnen"


def test_drafts_with_their_antragsfrist_for_ki_and_zeichnungsberechtigte(dortmund, ki_dortmund, zeichnung_dortmund):
    periode = make_periode("I")
    entwurf = make_eingereichter_antrag(periode, dortmund, status=S.ENTWURF)
    [ki] = [a for a in aufgaben.aufgaben(ki_dortmund) if a.quelle == "antraege_antragsteller"]
    assert (ki.art, ki.faellig_am) == ("Antrag fertigstellen und zur Zeichnung vorlegen", periode.antragsfrist)
    Antrag.objects.filter(pk=entwurf.pk).update(vorgelegt_am=timezone.now(), vorgelegt_von=ki_dortmund)
    assert not [a for a in aufgaben.aufgaben(ki_dortmund) if a.quelle == "antraege_antragsteller"]
    [zb] = [a for a in aufgaben.aufgaben(zeichnung_dortmund) if a.quelle == "antraege_antragsteller"]
    assert zb.art == "Zur Zeichnung vorgelegt: einreichen"


def test_administration_failed_mails(admin):
    assert not [a for a in aufgaben.aufgaben(admin) if a.quelle == "postausgang"]
    jetzt = timezone.now()
    Mail.objects.create(vorlage="x", an=["a@b.invalid"], betreff="x", text="x", status=Mail.Status.AUFGEGEBEN, aufgeben_ab=jetzt)
    [mails] = [a for a in aufgaben.aufgaben(admin) if a.quelle == "postausgang"]
    assert "1 E-Mail nicht zugestellt" in mails.titel


def test_the_page_and_the_navigation_count_agree(client, faelle, ki_dortmund):
    _frist(faelle["dortmund"], "a")
    client.force_login(ki_dortmund)
    antwort = client.get(reverse("aufgaben"))
    assert antwort.status_code == 200
    anzahl = len(aufgaben.aufgaben(ki_dortmund))
    gruppen = aufgaben.uebersicht(ki_dortmund)
    assert anzahl >= 1 and sum(g.anzahl for g in gruppen) == anzahl
    html = antwort.content.decode()
    assert html.count("<tr>") - len(gruppen) == anzahl  # a few: every one shown, one header row per source
    assert f'{anzahl}<span class="visually-hidden"> Aufgabe' in html


# --- Wiedervorlage ----------------------------------------------------------------------------


def test_wiedervorlage_appears_on_its_day_for_its_person_only(client, faelle, pruefung_arnsberg):
    antrag = faelle["dortmund"]
    kollegin = make_user("pruefung.zwei", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(pruefung_arnsberg)
    url = reverse("zuwendungen:wiedervorlage", args=[antrag.pk])
    antwort = client.post(url, {"am": morgen.isoformat(), "notiz": "Rückruf zur Stellenbesetzung"})
    assert antwort.status_code == 302
    frist = Frist.objects.get(art=Frist.Art.WIEDERVORLAGE)
    assert (frist.person, frist.faellig_am) == (pruefung_arnsberg, morgen)
    assert not [a for a in aufgaben.aufgaben(pruefung_arnsberg) if a.quelle == "wiedervorlagen"]  # not yet
    Frist.objects.filter(pk=frist.pk).update(faellig_am=timezone.localdate())
    [eintrag] = [a for a in aufgaben.aufgaben(pruefung_arnsberg) if a.quelle == "wiedervorlagen"]
    assert eintrag.notiz == "Rückruf zur Stellenbesetzung"
    assert not [a for a in aufgaben.aufgaben(kollegin) if a.quelle in ("wiedervorlagen", "fristen")]
    # Only its person can close it; for anyone else it does not exist.
    client.force_login(kollegin)
    assert client.post(reverse("zuwendungen:wiedervorlage_erledigt", args=[frist.pk])).status_code == 404
    client.force_login(pruefung_arnsberg)
    assert client.post(reverse("zuwendungen:wiedervorlage_erledigt", args=[frist.pk])).status_code == 302
    frist.refresh_from_db()
    assert frist.status == Frist.Status.ERLEDIGT


def test_wiedervorlage_form_errors_keep_the_input(client, faelle, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    url = reverse("zuwendungen:wiedervorlage", args=[faelle["dortmund"].pk])
    antwort = client.post(url, {"am": "2020-01-01", "notiz": "Alte Sache"})
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "darf nicht in der Vergangenheit liegen" in inhalt and 'value="Alte Sache"' in inhalt
    assert not Frist.objects.exists()


def test_applicants_cannot_set_a_wiedervorlage(client, faelle, ki_dortmund):
    client.force_login(ki_dortmund)
    url = reverse("zuwendungen:wiedervorlage", args=[faelle["dortmund"].pk])
    assert client.get(url).status_code == 404
    with pytest.raises(Exception):
        wiedervorlage.setzen(antrag=faelle["dortmund"], by=ki_dortmund, am=timezone.localdate(), notiz="x")


# --- the calendar feed ------------------------------------------------------------------------


def _feed(client, token):
    client.logout()
    return client.get(reverse("kalender_feed", args=[token]))


def test_feed_parses_and_holds_only_the_users_own_deadlines(client, faelle, ki_dortmund, ki_bochum, pruefung_arnsberg):
    eigene = _frist(faelle["dortmund"], "a", titel="Antwort auf die Nachforderung")
    _frist(faelle["bochum"], "c")
    wv = wiedervorlage.setzen(
        antrag=faelle["dortmund"], by=pruefung_arnsberg, am=timezone.localdate() + datetime.timedelta(days=3),
        notiz="Frau Beispiel anrufen",
    )  # fmt: skip
    token = kalender.erneuern(ki_dortmund)
    antwort = _feed(client, token)
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("text/calendar")
    ical = Calendar.from_ical(antwort.content)
    uids = {str(e["uid"]).split("@")[0] for e in ical.walk("VEVENT")}
    assert f"frist-{eigene.pk}" in uids
    assert not {u for u in uids if u.startswith("frist-")} - {f"frist-{eigene.pk}"}  # nothing of Bochum's
    text = antwort.content.decode()
    assert faelle["dortmund"].aktenzeichen in text
    for persoenlich in ("ki.dortmund", "@test.invalid", "Beispiel", str(faelle["dortmund"].antragsteller)):
        assert persoenlich not in text
    # The reviewer's feed has the Wiedervorlage (before its day) but not its note.
    reviewer = Calendar.from_ical(_feed(client, kalender.erneuern(pruefung_arnsberg)).content)
    summaries = {str(e["uid"]).split("@")[0]: str(e["summary"]) for e in reviewer.walk("VEVENT")}
    assert summaries[f"frist-{wv.pk}"] == f"{faelle['dortmund'].aktenzeichen}: Wiedervorlage"


def test_the_secret_is_stored_hashed_and_renewing_it_ends_the_old_address(client, ki_dortmund):
    alt = kalender.erneuern(ki_dortmund)
    assert alt not in Kalenderzugang.objects.get(user=ki_dortmund).token_hash
    neu = kalender.erneuern(ki_dortmund)
    assert _feed(client, alt).status_code == 404
    assert _feed(client, neu).status_code == 200
    assert _feed(client, "erfunden").status_code == 404
    ki_dortmund.is_active = False
    ki_dortmund.save()
    assert _feed(client, neu).status_code == 404


def test_calendar_settings_show_the_address_once(client, ki_dortmund):
    client.force_login(ki_dortmund)
    antwort = client.post(reverse("kalender"), {"aktion": "erneuern"})
    assert antwort.status_code == 200 and "/kalender/" in antwort.content.decode()
    seite = client.get(reverse("kalender")).content.decode()
    assert ".ics" not in seite and "Ihr Abonnement besteht seit" in seite
    client.post(reverse("kalender"), {"aktion": "beenden"})
    assert not Kalenderzugang.objects.filter(user=ki_dortmund).exists()


def test_the_klagefrist_is_a_date_in_the_calendar_not_a_task(client, faelle, ki_dortmund):
    klage = _frist(faelle["dortmund"], "klagefrist:x", art=Frist.Art.KLAGEFRIST, tage=20)
    assert f"frist-{klage.pk}" not in {a.uid for a in aufgaben.aufgaben(ki_dortmund)}
    assert f"frist-{klage.pk}" in {a.uid for a in aufgaben.aufgaben(ki_dortmund, alle=True)}
    ical = Calendar.from_ical(_feed(client, kalender.erneuern(ki_dortmund)).content)
    assert f"frist-{klage.pk}" in {str(e["uid"]).split("@")[0] for e in ical.walk("VEVENT")}


def test_a_missed_answer_waits_on_the_reviewer_until_the_case_moves_on(faelle, pruefung_arnsberg, zeichnung_arnsberg):
    antrag = faelle["dortmund"]
    Antrag.objects.filter(pk=antrag.pk).update(bearbeitet_von=pruefung_arnsberg)
    frist = _frist(antrag, "schreiben:x", tage=-1)
    assert fristen.versaeumt_feststellen(timezone.localdate()) == 1

    def versaeumt(user):
        return [a for a in aufgaben.aufgaben(user) if a.uid == f"frist-{frist.pk}"]

    [eintrag] = versaeumt(pruefung_arnsberg)
    assert eintrag.art == "Frist versäumt: Antwort auf eine Nachforderung"
    assert eintrag.url == reverse("antraege:pruefung_detail", args=[antrag.pk])
    kollege = make_user("pruefung.drei", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    assert not versaeumt(kollege)  # the case is in pruefung.arnsberg's hands
    _frist(antrag, "schreiben:y", tage=10)  # a new Nachforderung runs: the old one is history
    assert not versaeumt(pruefung_arnsberg)
    fristen.erledigen("schreiben:y")
    Antrag.objects.filter(pk=antrag.pk).update(status=S.INHALTLICHE_PRUEFUNG)  # decided by the file
    assert not versaeumt(pruefung_arnsberg)
