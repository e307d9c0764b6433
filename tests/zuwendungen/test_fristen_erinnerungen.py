"""The daily reminders (zuwendungen/erinnerungen.py) and the mirrored deadlines of the file
(zuwendungen/fristen_abgleich.py): once, idempotent, restartable after a crash."""

import datetime
from decimal import Decimal

import pytest

from antraege.models import Antrag, Schreiben
from komman.models import Mail, Rolle
from tests.factories import bezirksregierung, make_eingereichter_antrag, make_kommune, make_periode, make_user
from tests.zuwendungen.hilfen import bekanntgegeben, entschieden
from zuwendungen import erinnerungen, fristen, fristen_abgleich, taeglich
from zuwendungen.models import Frist

pytestmark = pytest.mark.django_db
S = Antrag.Status
TAG = datetime.date(2027, 6, 30)  # Wednesday


def _vn(antrag, schluessel="vn:1", faellig=TAG, wer=Frist.Wer.ANTRAGSTELLER):
    return fristen.setzen(
        schluessel=schluessel, art=Frist.Art.VERWENDUNGSNACHWEIS, antrag=antrag, faellig_am=faellig,
        titel="Verwendungsnachweis einreichen", wer=wer,
    )  # fmt: skip


@pytest.fixture
def antrag(dortmund, ki_dortmund, zeichnung_dortmund):
    return make_eingereichter_antrag(make_periode("I"), dortmund)


def _mails(vorlage="frist_erinnerung"):
    return list(Mail.objects.filter(vorlage=vorlage).order_by("pk"))


def test_the_reminder_goes_once_to_the_applicant_and_is_recorded(antrag):
    frist = _vn(antrag)
    assert erinnerungen.erinnern_taeglich(TAG - datetime.timedelta(days=28)) == 1
    assert erinnerungen.erinnern_taeglich(TAG - datetime.timedelta(days=28)) == 0  # the same day again
    assert erinnerungen.erinnern_taeglich(TAG - datetime.timedelta(days=27)) == 0  # nothing due the next day
    frist.refresh_from_db()
    assert (frist.status, frist.erinnerungen) == (Frist.Status.ERINNERT, ["vorher_28"])
    [mail] = _mails()
    erwartet = {"ki.dortmund@test.invalid", "zeichnung.dortmund@test.invalid", antrag.kontakt_email} - {""}
    assert sorted(mail.an) == sorted(erwartet)
    assert "30.06.2027" in mail.betreff and "in 28 Tagen" in mail.text
    assert f"/antraege/{antrag.pk}/" in mail.text


def test_the_daily_run_twice_changes_nothing_the_second_time(antrag, pruefung_arnsberg):
    _vn(antrag)
    _vn(antrag, "vn:2", faellig=TAG + datetime.timedelta(days=7), wer=Frist.Wer.PRUEFUNG)
    heute = TAG - datetime.timedelta(days=7)
    erster = taeglich.lauf(heute)
    stand = list(Frist.objects.order_by("pk").values_list("status", "erinnerungen", "geaendert_am"))
    assert erster["fristen_erinnern"] == 2
    zweiter = taeglich.lauf(heute)
    assert all(anzahl == 0 for anzahl in zweiter.values()), zweiter
    assert list(Frist.objects.order_by("pk").values_list("status", "erinnerungen", "geaendert_am")) == stand
    assert len(_mails()) == 2
    # The reviewer's deadline went to the Prüfung (nobody in charge yet), not to the applicant.
    assert _mails()[1].an == ["pruefung.arnsberg@test.invalid"]


def test_a_crash_midway_sends_nothing_twice_when_the_run_starts_again(antrag, monkeypatch):
    _vn(antrag, "vn:1")
    _vn(antrag, "vn:2")
    echt = erinnerungen.senden
    aufrufe = []

    def bricht_beim_zweiten(**kwargs):
        aufrufe.append(1)
        if len(aufrufe) == 2:
            raise RuntimeError("Prozess beendet")
        return echt(**kwargs)

    monkeypatch.setattr(erinnerungen, "senden", bricht_beim_zweiten)
    heute = TAG - datetime.timedelta(days=7)
    with pytest.raises(RuntimeError):
        erinnerungen.erinnern_taeglich(heute)
    # The first deadline's mail and record are committed together; the second has neither.
    assert len(_mails()) == 1
    assert list(Frist.objects.order_by("pk").values_list("status", flat=True)) == [Frist.Status.ERINNERT, Frist.Status.OFFEN]
    monkeypatch.setattr(erinnerungen, "senden", echt)
    assert erinnerungen.erinnern_taeglich(heute) == 1
    assert len(_mails()) == 2
    assert set(Frist.objects.values_list("status", flat=True)) == {Frist.Status.ERINNERT}


def test_a_wiedervorlage_reminds_only_its_person(antrag, pruefung_arnsberg):
    anderer = make_user("pruefung.zwei", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    frist = fristen.setzen(
        schluessel="wiedervorlage:x", art=Frist.Art.WIEDERVORLAGE, antrag=antrag, faellig_am=TAG,
        titel="Rückruf Kämmerei", wer=Frist.Wer.PRUEFUNG,
    )  # fmt: skip
    Frist.objects.filter(pk=frist.pk).update(person=anderer)
    assert erinnerungen.erinnern_taeglich(TAG) == 1
    [mail] = _mails()
    assert mail.an == ["pruefung.zwei@test.invalid"] and "Rückruf Kämmerei" in mail.betreff


# --- the file's deadlines as rows -------------------------------------------------------------


def _nachforderung(antrag, by, frist):
    antrag.status = S.NACHFORDERUNG
    antrag.save(update_fields=["status"])
    return Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.NACHFORDERUNG, text="Bitte ergänzen", frist=frist, erstellt_von=by
    )


def test_a_nachforderung_becomes_a_deadline_and_closes_with_the_answer(antrag, pruefung_arnsberg):
    schreiben = _nachforderung(antrag, pruefung_arnsberg, TAG)
    assert fristen_abgleich.abgleichen() == 1
    assert fristen_abgleich.abgleichen() == 0  # idempotent
    frist = Frist.objects.get()
    assert (frist.schluessel, frist.art, frist.wer, frist.faellig_am) == (
        f"schreiben:{schreiben.pk}", Frist.Art.NACHFORDERUNG, Frist.Wer.ANTRAGSTELLER, TAG,
    )  # fmt: skip
    Schreiben.objects.filter(pk=schreiben.pk).update(frist=TAG + datetime.timedelta(days=7))
    assert fristen_abgleich.abgleichen() == 1  # the deadline moved: the row follows
    assert Frist.objects.get().faellig_am == TAG + datetime.timedelta(days=7)
    Schreiben.objects.filter(pk=schreiben.pk).update(beantwortet_am=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC))
    Antrag.objects.filter(pk=antrag.pk).update(status=S.EINGEREICHT)
    assert fristen_abgleich.abgleichen() == 1
    assert Frist.objects.get().status == Frist.Status.ERLEDIGT
    assert fristen_abgleich.abgleichen() == 0


def test_an_answer_on_the_last_day_is_closed_before_missed_deadlines_are_marked(antrag, pruefung_arnsberg):
    schreiben = _nachforderung(antrag, pruefung_arnsberg, TAG)
    fristen_abgleich.abgleichen()
    Schreiben.objects.filter(pk=schreiben.pk).update(beantwortet_am=datetime.datetime(2027, 6, 30, 15, tzinfo=datetime.UTC))
    Antrag.objects.filter(pk=antrag.pk).update(status=S.EINGEREICHT)
    taeglich.lauf(TAG + datetime.timedelta(days=1))  # the night after the last day
    assert Frist.objects.get().status == Frist.Status.ERLEDIGT
    assert list(taeglich.SCHRITTE).index("fristen_abgleich") < list(taeglich.SCHRITTE).index("fristen_versaeumt")


def test_an_unanswered_nachforderung_is_missed_and_stays_missed(antrag, pruefung_arnsberg):
    _nachforderung(antrag, pruefung_arnsberg, TAG)
    taeglich.lauf(TAG + datetime.timedelta(days=1))
    taeglich.lauf(TAG + datetime.timedelta(days=2))
    frist = Frist.objects.get()
    assert (frist.status, frist.versaeumt_am) == (Frist.Status.VERSAEUMT, TAG + datetime.timedelta(days=1))


def test_notice_download_and_klagefrist_as_deadlines(dortmund, zeichnung_arnsberg, zeichnung_dortmund):
    periode = make_periode("III", jahr=2026)
    antrag = entschieden(periode, make_kommune("Dortmund", kreisschluessel="05913"), zeichnung_arnsberg)
    fristen_abgleich.abgleichen()
    download = Frist.objects.get(art=Frist.Art.BEKANNTGABE)
    tage = periode.parameter().allgemein.bekanntgabe_abruf_tage
    dokument = antrag.dokumente.get(art="zuwendungsbescheid")
    from django.utils import timezone

    assert download.faellig_am == timezone.localdate(dokument.erstellt_am) + datetime.timedelta(days=tage)
    bekanntgegeben(antrag, datetime.date(2026, 12, 3), von=zeichnung_dortmund)
    fristen_abgleich.abgleichen()
    download.refresh_from_db()
    assert download.status == Frist.Status.ERLEDIGT
    klage = Frist.objects.get(art=Frist.Art.KLAGEFRIST)
    # Bekanntgabe 03.12.2026 + one month = 03.01.2027 (Sunday) -> Monday 04.01.2027.
    assert (klage.faellig_am, klage.status) == (datetime.date(2027, 1, 4), Frist.Status.OFFEN)
    Antrag.objects.filter(pk=antrag.pk).update(status=S.BESTANDSKRAEFTIG)
    fristen_abgleich.abgleichen()
    klage.refresh_from_db()
    assert klage.status == Frist.Status.ERLEDIGT
    assert Decimal(antrag.zuwendung) > 0
