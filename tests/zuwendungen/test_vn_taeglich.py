"""VN deadlines and the escalation on the right days (month ends, weekends), idempotent daily run."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.zuwendungen.vn_hilfen import zuwendung_teil2
from zuwendungen import taeglich
from zuwendungen.models import Frist, Rueckforderung, Verwendungsnachweis, VnSchreiben
from zuwendungen.vn_taeglich import fristen_anlegen

D = datetime.date


@pytest.fixture
def zuwendung(bochum):
    return zuwendung_teil2(bochum)


def test_vn_frist_monatsende_und_zwischennachweis(bochum, dortmund):
    z = zuwendung_teil2(bochum)
    z.bewilligungszeitraum_von, z.bewilligungszeitraum_bis = D(2025, 7, 1), D(2026, 6, 30)
    z.save()
    assert fristen_anlegen(z) == 2
    assert Frist.objects.get(schluessel=f"vn:{z.pk}").faellig_am == D(2026, 12, 31)  # end of the 6th month
    zn = Frist.objects.get(schluessel=f"zn:{z.pk}:2025")
    assert zn.art == Frist.Art.ZWISCHENNACHWEIS and zn.faellig_am == D(2026, 4, 30)
    assert fristen_anlegen(z) == 0  # existing rows are left alone


def test_tageslauf_ergaenzt_nur_fehlende_fristen(bochum, dortmund):
    """The daily step checks grants in blocks: a grant with every deadline is left alone (even a
    moved one stays moved), one with a missing Zwischennachweis deadline gets just that one."""
    from zuwendungen.vn_taeglich import vn_fristen

    vollstaendig = zuwendung_teil2(bochum)
    luecke = zuwendung_teil2(dortmund, periode=vollstaendig.antrag.foerderperiode)
    for z in (vollstaendig, luecke):
        z.bewilligungszeitraum_von, z.bewilligungszeitraum_bis = D(2025, 7, 1), D(2026, 6, 30)
        z.save()
        fristen_anlegen(z)
    Frist.objects.filter(schluessel=f"vn:{vollstaendig.pk}").update(faellig_am=D(2027, 1, 15))
    Frist.objects.filter(schluessel=f"zn:{luecke.pk}:2025").delete()
    assert vn_fristen(D(2026, 1, 5)) == 1
    assert Frist.objects.get(schluessel=f"zn:{luecke.pk}:2025").faellig_am == D(2026, 4, 30)
    assert Frist.objects.get(schluessel=f"vn:{vollstaendig.pk}").faellig_am == D(2027, 1, 15)
    assert vn_fristen(D(2026, 1, 5)) == 0


def test_vn_frist_am_wochenende_verschoben(bochum):
    z = zuwendung_teil2(bochum)
    z.bewilligungszeitraum_bis = D(2025, 11, 30)
    z.save()
    fristen_anlegen(z)
    # 31.05.2026 is a Sunday: the deadline moves to Monday 01.06.2026.
    assert Frist.objects.get(schluessel=f"vn:{z.pk}").faellig_am == D(2026, 6, 1)


def test_mahnungen_und_widerruf_an_den_richtigen_tagen(zuwendung):
    taeglich.lauf(D(2026, 1, 5))
    frist = Frist.objects.get(schluessel=f"vn:{zuwendung.pk}")
    assert frist.faellig_am == D(2026, 6, 30)
    assert taeglich.lauf(D(2026, 6, 30))["vn_mahnungen"] == 0  # on the due day: no Mahnung yet
    erster = taeglich.lauf(D(2026, 7, 1))
    assert erster["vn_mahnungen"] == 1
    assert taeglich.lauf(D(2026, 7, 1))["vn_mahnungen"] == 0  # idempotent
    m1 = Frist.objects.get(schluessel=f"vn_mahnung:{zuwendung.pk}:1")
    assert m1.faellig_am == D(2026, 7, 29)  # 28 days (frist.mahnung_tage), a Wednesday
    brief = VnSchreiben.objects.get(zuwendung=zuwendung, art=VnSchreiben.Art.MAHNUNG, nummer=1)
    assert brief.daten["mahnung"] == {"alte_frist": "2026-06-30", "neue_frist": "2026-07-29", "zweite": False}
    assert taeglich.lauf(D(2026, 7, 29))["vn_mahnungen"] == 0
    assert taeglich.lauf(D(2026, 7, 30))["vn_mahnungen"] == 1
    m2 = Frist.objects.get(schluessel=f"vn_mahnung:{zuwendung.pk}:2")
    assert m2.faellig_am == D(2026, 8, 27)
    assert VnSchreiben.objects.get(zuwendung=zuwendung, art=VnSchreiben.Art.MAHNUNG, nummer=2).daten[
        "mahnung"
    ]["zweite"]
    assert not Rueckforderung.objects.exists()
    assert taeglich.lauf(D(2026, 8, 28))["vn_mahnungen"] == 1
    r = Rueckforderung.objects.get(quelle=f"kein_vn:{zuwendung.pk}")
    assert r.anlass == Rueckforderung.Anlass.KEIN_VN and r.betrag == Decimal("7700.00")
    assert taeglich.lauf(D(2026, 8, 28))["vn_mahnungen"] == 0
    assert taeglich.lauf(D(2026, 9, 30))["vn_mahnungen"] == 0
    assert VnSchreiben.objects.filter(art=VnSchreiben.Art.MAHNUNG).count() == 2


def test_mahnung_auf_montag_wenn_frist_am_wochenende(zuwendung):
    taeglich.lauf(D(2026, 1, 5))
    # VN due Friday 02.10.2026; the Mahnung on Saturday 03.10. (Tag der Deutschen Einheit) sets
    # 28 days → Saturday 31.10.2026, moved to Monday 02.11.2026 (01.11. is a Sunday and a holiday).
    Frist.objects.filter(schluessel=f"vn:{zuwendung.pk}").update(faellig_am=D(2026, 10, 2))
    taeglich.lauf(D(2026, 10, 3))
    assert Frist.objects.get(schluessel=f"vn_mahnung:{zuwendung.pk}:1").faellig_am == D(2026, 11, 2)


def test_eingereichter_vn_wird_nicht_gemahnt(zuwendung):
    taeglich.lauf(D(2026, 1, 5))
    Verwendungsnachweis.objects.create(zuwendung=zuwendung, status="eingereicht")
    Frist.objects.filter(schluessel=f"vn:{zuwendung.pk}").update(status=Frist.Status.ERLEDIGT)
    assert taeglich.lauf(D(2026, 7, 1))["vn_mahnungen"] == 0
    assert not VnSchreiben.objects.exists()
