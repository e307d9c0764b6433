"""Tenant isolation, generated from the URL configuration (DESIGN.md §7, docs/sicherheit.md).

Every URL is requested (GET and POST) by every persona and anonymously with objects of
ANOTHER organisation (Herne, where no persona is a member):

- applicants and anonymous users get Herne's submitted Antrag and everything on it;
- the Bezirksregierung, who may see submitted Anträge, gets Herne's DRAFT and its objects.

Allowed answers: redirect to the login, 403, 404 (405 for a method the view does not
offer); never a page with the other organisation's data, never a change in the database.
URLs without arguments (lists, start page, forms) are requested too: the other
organisation's markers must not appear, its rows must not change.

A new URL with arguments needs an entry in URL_OBJEKTE saying from which object of the
other organisation its arguments are built; without one, test_jede_url_hat_einen_eintrag
fails and says what to add.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS
from tests.factories import make_kommune, make_periode, make_user, make_zuweisung

MARKER_EINGEREICHT = "FREMD-EINGEREICHT-7Q3X"
MARKER_ENTWURF = "FREMD-ENTWURF-7Q3X"
BEZIRKSREGIERUNG = {"pruefung_arnsberg", "zeichnung_arnsberg", "admin"}
ALLE = [*PERSONAS, "anonym"]


@dataclass(frozen=True)
class Eintrag:
    """How to build a URL's arguments from the other organisation's objects."""

    objekt: str  # key of the world below: antrag, anlage, dokument, schreiben, …
    kwargs: Callable[[object], dict] | None = None  # default {"pk": obj.pk}
    # Personas for whom the object is not foreign (e.g. Administration manages every user).
    erlaubt: frozenset[str] = field(default_factory=frozenset)
    grund: str = ""

    def argumente(self, obj) -> dict:
        return self.kwargs(obj) if self.kwargs else {"pk": obj.pk}


def _antrag(o):
    return {"pk": o.antrag_id}


NUR_ADMIN = frozenset({"admin"})


def _mitgliedschaft(user) -> int:
    """The user's first Mitgliedschaft, remembered: the admin's POST removes it on the way."""
    if not hasattr(user, "_isolation_mitgliedschaft"):
        user._isolation_mitgliedschaft = user.mitgliedschaften.order_by("pk").first().pk
    return user._isolation_mitgliedschaft


def _rollenfreigabe(user) -> int:
    """An open Rollenfreigabe for the user, remembered (the admin's POST decides it)."""
    from komman.models import Organisation, Rolle, Rollenfreigabe

    if not hasattr(user, "_isolation_freigabe"):
        user._isolation_freigabe = Rollenfreigabe.objects.create(
            user=user,
            organisation=Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG),
            rolle=Rolle.PRUEFUNG,
            beantragt_von=user,
        ).pk
    return user._isolation_freigabe


def _basiszins_pk() -> int:
    from programmteile.models import Basiszins

    return Basiszins.objects.order_by("pk").first().pk


# --- The matrix: every URL with arguments ------------------------------------------------------
URL_OBJEKTE: dict[str, Eintrag] = {
    # Sicherheit
    "zwei_faktor:zuruecksetzen": Eintrag(
        "benutzer", erlaubt=NUR_ADMIN, grund="Administration setzt 2FA zurück"
    ),
    # Antragstellung (branch antrag)
    "antraege:neu": Eintrag(
        "periode_in_vorbereitung",
        kwargs=lambda p: {"periode_pk": p.pk},
        erlaubt=frozenset(BEZIRKSREGIERUNG),
        grund="Perioden in Vorbereitung sieht nur die Bezirksregierung",
    ),
    "antraege:detail": Eintrag("antrag"),
    "antraege:stand": Eintrag("antrag"),
    "antraege:bearbeiten": Eintrag("antrag"),
    "antraege:einreichen": Eintrag("antrag"),
    "antraege:eingang": Eintrag("antrag"),
    "antraege:zurueckziehen": Eintrag("antrag"),
    "antraege:vorlegen": Eintrag("antrag"),
    "antraege:verlauf": Eintrag("antrag"),
    "antraege:anlagen": Eintrag("antrag"),
    "antraege:anlage_herunterladen": Eintrag(
        "anlage", kwargs=lambda a: {"pk": a.antrag_id, "anlage_pk": a.pk}
    ),
    "antraege:anlage_entfernen": Eintrag("anlage", kwargs=lambda a: {"pk": a.antrag_id, "anlage_pk": a.pk}),
    # Prüfung und Entscheidung (branch pruefung)
    "antraege:pruefung_detail": Eintrag("antrag"),
    "antraege:uebernehmen": Eintrag("antrag"),
    "antraege:formale_pruefung": Eintrag("antrag"),
    "antraege:formale_pruefung_abschliessen": Eintrag("antrag"),
    "antraege:inhaltliche_pruefung": Eintrag("antrag"),
    "antraege:pruefvermerk": Eintrag("antrag"),
    "antraege:vermerk": Eintrag("antrag"),
    "antraege:nachforderung": Eintrag("antrag"),
    "antraege:anhoerung": Eintrag("antrag"),
    "antraege:vorschlag": Eintrag("antrag"),
    "antraege:ablehnung": Eintrag("antrag"),
    "antraege:zeichnen": Eintrag("antrag"),
    "antraege:antworten": Eintrag("antrag"),
    # Entscheidung (issue 17): the early-start decision, a letter withdrawn and replaced
    "antraege:vorzeitiger_beginn": Eintrag("antrag"),
    "antraege:schreiben_ersetzen": Eintrag(
        "schreiben", kwargs=lambda s: {"pk": s.antrag_id, "schreiben_pk": s.pk}
    ),
    # Dokumente (branch bescheide)
    "antraege:dokument": Eintrag("dokument", kwargs=lambda d: {"pk": d.antrag_id, "dokument_pk": d.pk}),
    "antraege:dokument_stand": Eintrag("dokument", kwargs=lambda d: {"pk": d.antrag_id, "dokument_pk": d.pk}),
    "antraege:dokument_anlage": Eintrag(
        "dokument", kwargs=lambda d: {"pk": d.antrag_id, "dokument_pk": d.pk, "anlage_pk": 1}
    ),
    "antraege:bescheid_vorschau": Eintrag("antrag"),
    # Verwaltung (branch verwaltung): master data the Administration manages for everyone
    "programmteile:verwaltung_periode": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_parameter": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_zuweisungen": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_bescheidtexte": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_pflichtanlagen": Eintrag("periode", erlaubt=NUR_ADMIN),
    "verwaltung_einladen": Eintrag("organisation", erlaubt=NUR_ADMIN),
    "verwaltung_organisation": Eintrag("organisation", erlaubt=NUR_ADMIN),
    "verwaltung_organisation_bearbeiten": Eintrag("organisation", erlaubt=NUR_ADMIN),
    "verwaltung_benutzer": Eintrag("benutzer", erlaubt=NUR_ADMIN),
    "verwaltung_benutzer_aktiv": Eintrag("benutzer", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_periode_bearbeiten": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_periode_kopieren": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_periode_oeffnen": Eintrag("periode_in_vorbereitung", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_periode_schliessen": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_zuweisungen_export": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_zuweisungen_import": Eintrag("periode", erlaubt=NUR_ADMIN),
    "programmteile:verwaltung_zuweisungen_vorschlag": Eintrag(
        "zuweisung", kwargs=lambda z: {"pk": z.foerderperiode_id}, erlaubt=NUR_ADMIN
    ),
    "verwaltung_mitgliedschaft_entfernen": Eintrag(
        "benutzer", kwargs=lambda u: {"pk": _mitgliedschaft(u)}, erlaubt=NUR_ADMIN
    ),
    # Sicherheit: a second administrator confirms a Bezirksregierung role (issue 24)
    "verwaltung_freigabe_entscheiden": Eintrag(
        "benutzer", kwargs=lambda u: {"pk": _rollenfreigabe(u)}, erlaubt=NUR_ADMIN
    ),
    # Basiszinssatz: administration data of no tenant; the URL carries a row of the table
    "programmteile:verwaltung_basiszins_bearbeiten": Eintrag(
        "periode", kwargs=lambda _p: {"pk": _basiszins_pk()}, erlaubt=NUR_ADMIN
    ),
    # Bekanntgabe and Bestandskraft of a notice (issue 18): the Antrag's id
    "zuwendungen:bestand": Eintrag("antrag"),
    "zuwendungen:bestand_verzicht": Eintrag("antrag"),
    "zuwendungen:verzicht_herunterladen": Eintrag("antrag"),
    "zuwendungen:bestand_post": Eintrag("antrag"),
    "zuwendungen:bestand_klage": Eintrag("antrag"),
    "zuwendungen:bestand_klage_entschieden": Eintrag("antrag"),
    # Zuwendungen: the Bezirksregierung sees every grant (reading only; forwarding is the Kommune's)
    "zuwendungen:detail": Eintrag(
        "zuwendung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="Die Bezirksregierung sieht alle Zuwendungen"
    ),
    "zuwendungen:weiterleitung_neu": Eintrag(
        "zuwendung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="403 mit Grund: nur die Kommune leitet weiter"
    ),
    "zuwendungen:weiterleitung_entwurf": Eintrag(
        "weiterleitung",
        kwargs=lambda w: {"pk": w.zuwendung_id, "weiterleitung_pk": w.pk},
        erlaubt=frozenset(BEZIRKSREGIERUNG),
        grund="Die Bezirksregierung sieht alle Zuwendungen",
    ),
    # Auszahlung (zuwendungen): the Bezirksregierung sees every grant; applicants only their own.
    "zuwendungen:auszahlungen": Eintrag("zuwendung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zuwendungen"),
    "zuwendungen:abruf_neu": Eintrag("zuwendung"),
    "zuwendungen:abruf": Eintrag("mittelabruf", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Mittelabrufe"),
    "zuwendungen:abruf_bearbeiten": Eintrag("mittelabruf"),
    "zuwendungen:abruf_einreichen": Eintrag("mittelabruf"),
    "zuwendungen:abruf_zurueckziehen": Eintrag("mittelabruf"),
    "zuwendungen:abruf_freigeben": Eintrag(
        "mittelabruf", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung gibt jeden Abruf frei (hier: Formularfehler)"
    ),
    "zuwendungen:abruf_ablehnen": Eintrag(
        "mittelabruf", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung lehnt ab (hier: Formularfehler)"
    ),
    "zuwendungen:abruf_zurueckgeben": Eintrag("mittelabruf"),
    "zuwendungen:auszahlung_zeichnen": Eintrag("mittelabruf"),
    "zuwendungen:als_bezahlt_melden": Eintrag("mittelabruf"),
    "zuwendungen:brief": Eintrag("zahlungsbrief", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Schreiben"),
    # Änderungsantrag (issue 19): the BR sees every submitted change; its action URL is POST only
    "zuwendungen:aenderung_neu": Eintrag(
        "zuwendung", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung leitet Änderungen von Amts wegen ein"
    ),
    "zuwendungen:aenderung": Eintrag("aenderung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Änderungsanträge"),
    "zuwendungen:aenderung_bearbeiten": Eintrag("aenderung"),
    "zuwendungen:aenderungsbescheid": Eintrag(
        "aenderung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Änderungsbescheide"
    ),
    "zuwendungen:aenderung_aktion": Eintrag("aenderung", kwargs=lambda a: {"pk": a.pk, "aktion": "zurueckziehen"}),
    "zuwendungen:bankverbindung": Eintrag("organisation", erlaubt=NUR_ADMIN, grund="Administration pflegt Bankverbindungen"),
    # --- Fristen und Aufgaben (issue 22) ---
    "zuwendungen:wiedervorlage": Eintrag("antrag"),
    "zuwendungen:wiedervorlage_erledigt": Eintrag("wiedervorlage"),  # another reviewer's: nobody else's
    # Verwendungsnachweis (issue 20): the Bezirksregierung reads every VN; only the recipient edits.
    "zuwendungen:vn": Eintrag("zuwendung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zuwendungen"),
    "zuwendungen:vn_anlegen": Eintrag("zuwendung"),
    "zuwendungen:vn_zurueckhalten": Eintrag(
        "zuwendung", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung entscheidet (hier: ohne Begründung abgewiesen)"
    ),
    "zuwendungen:vn_seite": Eintrag("verwendungsnachweis", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle VN"),
    "zuwendungen:vn_bearbeiten": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_einreichen": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_belege": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_belege_csv": Eintrag("verwendungsnachweis", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle VN"),
    "zuwendungen:vn_antworten": Eintrag("vn_frage", kwargs=lambda f: {"pk": f.verwendungsnachweis_id, "frage_pk": f.pk}),
    "zuwendungen:vn_pruefung": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_frage": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_vorschlagen": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_zurueckgeben": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_zeichnen": Eintrag("verwendungsnachweis"),
    "zuwendungen:vn_schreiben": Eintrag("vn_schreiben", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Schreiben"),
    # Widerruf (issue 21): the Bezirksregierung sees every claim; Prüfung acts on every grant.
    "zuwendungen:rueckforderung": Eintrag("rueckforderung", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Rückforderungen"),
    "zuwendungen:rueckforderung_brief": Eintrag("rueckforderungsbrief", erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Schreiben"),
    "zuwendungen:rueckforderung_neu": Eintrag("zuwendung", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung leitet ein (hier: Formularfehler)"),
    "zuwendungen:rueckzahlung": Eintrag("zuwendung", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung bucht (hier: Formularfehler)"),
    "zuwendungen:verwendungszinsen": Eintrag("zuwendung", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung rechnet (hier: Formularfehler)"),
    "zuwendungen:zinsentscheidung": Eintrag("verwendungszinsen", erlaubt=frozenset({"pruefung_arnsberg"}), grund="Prüfung entscheidet (hier: Formularfehler)"),
    "zuwendungen:abschliessen": Eintrag("zuwendung"),
    # Auswertung (issue 23): figures of all NRW, for the Bezirksregierung only; no object of one organisation
    "auswertung:liste": Eintrag("antrag", kwargs=lambda a: {"name": "eingegangen"}, erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zahlen"),
    "auswertung:liste_export": Eintrag("antrag", kwargs=lambda a: {"name": "eingegangen", "fmt": "csv"}, erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zahlen"),
    "auswertung:export": Eintrag("antrag", kwargs=lambda a: {"name": "antraege", "fmt": "xlsx"}, erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zahlen"),
    "auswertung:bericht_xlsx": Eintrag("antrag", kwargs=lambda a: {"jahr": a.foerderperiode.foerderjahr, "teil": a.foerderperiode.programmteil.nummer}, erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zahlen"),
    "auswertung:bericht_pdf": Eintrag("antrag", kwargs=lambda a: {"jahr": a.foerderperiode.foerderjahr, "teil": a.foerderperiode.programmteil.nummer}, erlaubt=frozenset(BEZIRKSREGIERUNG), grund="BR sieht alle Zahlen"),
}

# URLs with arguments that carry no tenant object, with the reason.
OEFFENTLICH_MIT_ARGUMENTEN = {
    "password_reset_confirm": "Link aus der Passwort-Mail; das Token ist der Schutz (Django prüft es)",
    "kalender_feed": "geheime Kalender-Adresse; das Token ist der Schutz (tests/zuwendungen/test_aufgaben.py)",
}
# URLs without arguments that are not checked by POST, with the reason (GET is still checked).
NICHT_POSTEN = {
    "logout": "meldet nur die eigene Sitzung ab",
    "password_change": "ändert nur das eigene Passwort (altes Passwort nötig)",
    "zwei_faktor:entfernen": "entfernt nur den eigenen zweiten Faktor",
    "zwei_faktor:ersatzcodes": "erzeugt nur eigene Ersatzcodes",
    "zwei_faktor:einrichten": "richtet nur den eigenen zweiten Faktor ein",
    "zwei_faktor:pruefen": "prüft nur den eigenen Code",
    "login": "Anmeldung; Fehlversuche zählt django-axes",
    "password_reset": "verschickt höchstens eine Mail an eine hinterlegte Adresse",
}


# A POST with the other organisation's ids in every usual field name, and amounts.
def _post_daten(welt) -> dict:
    antrag = welt["antrag"]
    return {
        "antrag": antrag.pk,
        "antrag_id": antrag.pk,
        "pk": antrag.pk,
        "id": antrag.pk,
        "antragsteller": welt["organisation"].pk,
        "organisation": welt["organisation"].pk,
        "kommune": welt["organisation"].pk,
        "user": welt["benutzer"].pk,
        "benutzer": welt["benutzer"].pk,
        "foerderperiode": welt["periode"].pk,
        "version": antrag.version,
        "zuwendung": "1.000,00",
        "betrag": "1.000,00",
        "beantragt": "1.000,00",
        "budget": "1,00",
        "text": "überschrieben",
        "begruendung": "überschrieben",
        "grund": "überschrieben",
        "bestaetigung": "on",
        "frist": "31.12.2026",
    }


# --- The other organisation's world -----------------------------------------------------------


def _antrag_mit_allem(*, periode, herne, wer, status, marker, tmp_root):
    from antraege.models import (
        Anlage,
        Antrag,
        Dokument,
        Massnahme,
        Position,
        Pruefvermerk,
        Schreiben,
        Statuswechsel,
        Vermerk,
    )

    antrag = Antrag.objects.create(
        foerderperiode=periode,
        antragsteller=herne,
        status=status,
        aktenzeichen=f"{marker}-AZ" if status != Antrag.Status.ENTWURF else "",
        eingereicht_am=None
        if status == Antrag.Status.ENTWURF
        else datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
        erstellt_von=wer,
        kontakt_name=marker,
        kontakt_email="fremd@herne.invalid",
        beantragt=Decimal("50000.00"),
    )
    if periode.programmteil.nummer == "I":
        from antraege.models import AntragTeil1

        AntragTeil1.objects.create(antrag=antrag, konzept=marker)
    sw = Statuswechsel.objects.create(antrag=antrag, von="", nach=status, wer=wer, grund=marker)
    pfad = f"anlagen/{antrag.pk}/fremd.pdf"
    (tmp_root / pfad).parent.mkdir(parents=True, exist_ok=True)
    inhalt = f"%PDF-1.4 {marker}".encode()
    (tmp_root / pfad).write_bytes(inhalt)
    return {
        "antrag": antrag,
        "statuswechsel": sw,
        "position": Position.objects.create(
            antrag=antrag, baustein="B", pauschale="B2", einheiten=3, bezeichnung=marker
        ),
        "massnahme": Massnahme.objects.create(antrag=antrag, titel=marker, beantragt=Decimal("10000.00")),
        "schreiben": Schreiben.objects.create(
            antrag=antrag,
            art="nachforderung",
            text=marker,
            frist=datetime.date(2026, 12, 31),
            erstellt_von=wer,
        ),
        "pruefvermerk": Pruefvermerk.objects.create(antrag=antrag, ergebnis=marker),
        "vermerk": Vermerk.objects.create(antrag=antrag, text=marker, von=wer),
        "anlage": Anlage.objects.create(
            antrag=antrag,
            dateiname=f"{marker}.pdf",
            pfad=pfad,
            content_type="application/pdf",
            groesse=len(inhalt),
            sha256=hashlib.sha256(inhalt).hexdigest(),
            beschreibung=marker,
            hochgeladen_von=wer,
        ),
        "dokument": Dokument.objects.create(
            antrag=antrag,
            statuswechsel=sw,
            art="eingangsbestaetigung",
            daten={"marker": marker},
            pdf=inhalt,
            sha256=hashlib.sha256(inhalt).hexdigest(),
            erstellt_von=wer,
        ),
    }


@pytest.fixture
def fremde_welt(db, settings, tmp_path):
    return baue_fremde_welt(settings, tmp_path)


def baue_fremde_welt(settings, tmp_path) -> dict:
    """Herne's objects: the submitted world for applicants, the draft world for the Bezirksregierung."""
    from antraege.models import Antrag
    from komman.models import Rolle
    from programmteile.models import Foerderperiode

    settings.PRIVATE_ROOT = tmp_path / "private"
    herne = make_kommune("Herne", kreisschluessel="05916")
    ki_herne = make_user("ki.herne", organisation=herne, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
    periode_i = make_periode("I")
    periode_ii = make_periode("II")
    gemeinsam = {
        "organisation": herne,
        "benutzer": ki_herne,
        "mitgliedschaft": ki_herne.mitgliedschaften.get(),
        "periode": periode_ii,
        "periode_in_vorbereitung": make_periode("III", status=Foerderperiode.Status.IN_VORBEREITUNG),
        "zuweisung": make_zuweisung(periode_ii, herne, hoechstbetrag=Decimal("57100.00")),
    }
    eingereicht = _antrag_mit_allem(
        periode=periode_ii,
        herne=herne,
        wer=ki_herne,
        status=Antrag.Status.EINGEREICHT,
        marker=MARKER_EINGEREICHT,
        tmp_root=settings.PRIVATE_ROOT,
    )
    entwurf = _antrag_mit_allem(
        periode=periode_i,
        herne=herne,
        wer=ki_herne,
        status=Antrag.Status.ENTWURF,
        marker=MARKER_ENTWURF,
        tmp_root=settings.PRIVATE_ROOT,
    )
    gemeinsam.update(_zuwendung_mit_weiterleitung(eingereicht["antrag"], ki_herne))
    gemeinsam.update(_abruf_mit_brief(gemeinsam["zuwendung"], ki_herne))
    gemeinsam["wiedervorlage"] = _wiedervorlage_eines_anderen(eingereicht["antrag"])
    gemeinsam.update(_aenderung_mit_bescheid(gemeinsam["zuwendung"], ki_herne))
    gemeinsam.update(_vn_mit_frage(gemeinsam["zuwendung"], ki_herne))
    gemeinsam.update(_rueckforderung_mit_brief(gemeinsam["zuwendung"], ki_herne))
    return {
        "eingereicht": {**gemeinsam, **eingereicht},
        "entwurf": {**gemeinsam, **entwurf},
    }


def _zuwendung_mit_weiterleitung(antrag, wer) -> dict:
    """Herne's Zuwendung (issue 18) with one Weiterleitung; both worlds carry it."""
    from antraege.models import Position
    from zuwendungen.models import Weiterleitung, Zuwendung

    zuwendung = Zuwendung.objects.create(
        antrag=antrag, bewilligt=Decimal("50000.00"), bewilligungszeitraum_von=datetime.date(2026, 1, 1),
        bewilligungszeitraum_bis=datetime.date(2026, 12, 31), finanzierungsart="pauschalen",
        bestandskraeftig_am=datetime.date(2026, 3, 1),
    )  # fmt: skip
    position = Position.objects.create(
        antrag=antrag, nr=9, baustein="B", pauschale="B2", einheiten=3, bewilligt=Decimal("900.00")
    )
    weiterleitung = Weiterleitung.objects.create(
        zuwendung=zuwendung, position=position, letztempfaenger=MARKER_EINGEREICHT, datum=datetime.date(2026, 3, 2),
        einheiten=1, betrag=Decimal("300.00"), anbest_p=True, pruefrecht=True, erstattung_mit_zinsen=True,
        erfasst_von=wer,
    )  # fmt: skip
    return {"zuwendung": zuwendung, "weiterleitung": weiterleitung}


def _wiedervorlage_eines_anderen(antrag):
    """A Wiedervorlage of a reviewer who is none of the personas: its note is for them alone."""
    from komman.models import Organisation, Rolle
    from zuwendungen.models import Frist

    andere = make_user(
        "pruefung.andere", organisation=Organisation.objects.get(art="bezirksregierung"), rolle=Rolle.PRUEFUNG
    )
    return Frist.objects.create(
        schluessel="wiedervorlage:isolation", art=Frist.Art.WIEDERVORLAGE, antrag=antrag, person=andere,
        wer=Frist.Wer.PRUEFUNG, titel=f"{MARKER_ENTWURF} {MARKER_EINGEREICHT}", faellig_am=datetime.date(2026, 1, 5),
    )  # fmt: skip
def _vn_mit_frage(zuwendung, wer) -> dict:
    """Herne's Verwendungsnachweis (issue 20) with an open question and its letter."""
    from zuwendungen.models import Beleg, Verwendungsnachweis, VnFrage, VnSchreiben

    vn = Verwendungsnachweis.objects.create(
        zuwendung=zuwendung, status="nachforderung", taetigkeiten=MARKER_EINGEREICHT, erstellt_von=wer
    )
    Beleg.objects.create(verwendungsnachweis=vn, nr=1, datum=datetime.date(2026, 3, 1), empfaenger=MARKER_EINGEREICHT,
                         grund="Miete", betrag=Decimal("10.00"))  # fmt: skip
    frage = VnFrage.objects.create(verwendungsnachweis=vn, frage=MARKER_EINGEREICHT, frist=datetime.date(2027, 1, 1))
    inhalt = f"%PDF-1.4 {MARKER_EINGEREICHT}".encode()
    schreiben = VnSchreiben.objects.create(
        zuwendung=zuwendung, verwendungsnachweis=vn, art="vn_nachforderung", daten={"marker": MARKER_EINGEREICHT},
        pdf=inhalt, sha256=hashlib.sha256(inhalt).hexdigest(),
    )  # fmt: skip
    return {"verwendungsnachweis": vn, "vn_frage": frage, "vn_schreiben": schreiben}


def _abruf_mit_brief(zuwendung, wer) -> dict:
    """A submitted call on Herne's grant, with its letter."""
    from zuwendungen.models import Mittelabruf, Zahlungsbrief

    abruf = Mittelabruf.objects.create(
        zuwendung=zuwendung, nummer=1, status="eingereicht", auszahlung_am=datetime.date(2026, 3, 1),
        bedarfe=[{"faellig": "2026-03-15", "betrag": "1000.00"}], betrag=Decimal("1000.00"), erstellt_von=wer,
    )  # fmt: skip
    inhalt = f"%PDF-1.4 {MARKER_EINGEREICHT}".encode()
    brief = Zahlungsbrief.objects.create(
        mittelabruf=abruf, art="abrufbestaetigung", daten={"marker": MARKER_EINGEREICHT}, pdf=inhalt,
        sha256=hashlib.sha256(inhalt).hexdigest(),
    )  # fmt: skip
    return {"mittelabruf": abruf, "zahlungsbrief": brief}


def _aenderung_mit_bescheid(zuwendung, wer) -> dict:
    """A signed Änderungsantrag on Herne's grant, with its Änderungsbescheid (issue 19)."""
    from zuwendungen.models import Aenderungsantrag, Aenderungsbescheid

    aenderung = Aenderungsantrag.objects.create(
        zuwendung=zuwendung, nummer=1, art="verzicht", status="beschieden", angaben={"betrag": "40000.00"},
        begruendung=MARKER_EINGEREICHT, bewilligt_vorher=zuwendung.bewilligt, bis_vorher=zuwendung.bewilligungszeitraum_bis,
        beantragt_neu=Decimal("40000.00"), ergebnis="voll", neu_bewilligt=Decimal("40000.00"),
        neu_bis=zuwendung.bewilligungszeitraum_bis, bescheid_am=datetime.date(2026, 4, 1), erstellt_von=wer,
    )  # fmt: skip
    inhalt = f"%PDF-1.4 {MARKER_EINGEREICHT}".encode()
    Aenderungsbescheid.objects.create(
        aenderung=aenderung, daten={"marker": MARKER_EINGEREICHT}, pdf=inhalt, sha256=hashlib.sha256(inhalt).hexdigest()
    )
    return {"aenderung": aenderung}
def _rueckforderung_mit_brief(zuwendung, wer) -> dict:
    """A refund claim on Herne's grant with its Anhörung letter and a § 49a Abs. 4 computation."""
    from zuwendungen.models import Rueckforderung, Rueckforderungsbrief, Verwendungszinsen

    rf = Rueckforderung.objects.create(
        zuwendung=zuwendung, anlass="verwendungsnachweis", quelle="fremd:1", betrag=Decimal("1000.00"),
        entstanden_am=datetime.date(2026, 6, 30), grund=MARKER_EINGEREICHT, status="anhoerung",
        anhoerung_am=datetime.date(2026, 7, 1), anhoerung_frist=datetime.date(2026, 7, 15),
        kenntnis_am=datetime.date(2026, 7, 1), jahresfrist_ende=datetime.date(2027, 7, 1),
    )  # fmt: skip
    inhalt = f"%PDF-1.4 {MARKER_EINGEREICHT}".encode()
    brief = Rueckforderungsbrief.objects.create(
        rueckforderung=rf, art="anhoerung", daten={"marker": MARKER_EINGEREICHT}, pdf=inhalt,
        sha256=hashlib.sha256(inhalt).hexdigest(),
    )  # fmt: skip
    vz = Verwendungszinsen.objects.create(
        zuwendung=zuwendung, verwendungen=[], zinsen=Decimal("12.34"), grund=MARKER_EINGEREICHT, berechnet_von=wer
    )
    return {"rueckforderung": rf, "rueckforderungsbrief": brief, "verwendungszinsen": vz}


def _welt_fuer(fremde_welt, persona: str) -> dict:
    return fremde_welt["entwurf" if persona in BEZIRKSREGIERUNG else "eingereicht"]


def _verbotene_marker(persona: str) -> list[str]:
    if persona in BEZIRKSREGIERUNG:
        return [MARKER_ENTWURF]
    return [MARKER_ENTWURF, MARKER_EINGEREICHT]


# --- Fingerprints: nothing may change ---------------------------------------------------------

NICHT_VERGLICHEN = {
    "sessions.session",  # every request touches the own session
    "komman.protokolleintrag",  # refused access may be recorded
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "admin.logentry",
    "otp_totp.totpdevice",  # own 2FA device set-up (zwei_faktor:einrichten)
    "otp_static.staticdevice",
    "otp_static.statictoken",
}


def _wert(v):
    if isinstance(v, memoryview | bytes):
        return hashlib.sha256(bytes(v)).hexdigest()
    return v


def fingerabdruck() -> dict[str, str]:
    """Per table a hash of every row (users without last_login, which logging in sets)."""
    from komman.models import User

    result = {}
    for model in apps.get_models():
        if model._meta.label_lower in NICHT_VERGLICHEN or not model._meta.managed:
            continue
        felder = [
            f.attname for f in model._meta.concrete_fields if not (model is User and f.name == "last_login")
        ]
        zeilen = model._base_manager.order_by("pk").values_list(*felder)
        h = hashlib.sha256()
        for zeile in zeilen:
            h.update(repr(tuple(_wert(v) for v in zeile)).encode())
        result[model._meta.label_lower] = h.hexdigest()
    return result


def _unterschied(vorher, nachher) -> list[str]:
    return sorted(k for k in vorher if vorher[k] != nachher.get(k))


# --- URL discovery -----------------------------------------------------------------------------


def alle_urls(resolver=None, prefix=""):
    """(name, pattern) of every named URL outside the Django admin (tested separately below)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from alle_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


MIT_ARGUMENTEN = sorted({n for n, p in alle_urls() if p.pattern.regex.groupindex or p.pattern.regex.groups})
OHNE_ARGUMENTE = sorted(
    {n for n, p in alle_urls() if not (p.pattern.regex.groupindex or p.pattern.regex.groups)}
)


def test_jede_url_hat_einen_eintrag():
    fehlend = [n for n in MIT_ARGUMENTEN if n not in URL_OBJEKTE and n not in OEFFENTLICH_MIT_ARGUMENTEN]
    assert not fehlend, (
        "URLs without an entry in tests/test_isolation.py URL_OBJEKTE: "
        + ", ".join(fehlend)
        + ". Add e.g. '<name>': Eintrag('antrag') naming the object of ANOTHER organisation whose id "
        "goes into the URL (antrag, anlage, dokument, schreiben, vermerk, position, massnahme, "
        "statuswechsel, pruefvermerk, organisation, benutzer, mitgliedschaft, periode, zuweisung), with kwargs=lambda o: {...} when "
        "the URL takes more than pk, and erlaubt={...} for personas who may legitimately see it."
    )


def _client(request, persona: str) -> Client:
    client = Client()
    if persona != "anonym":
        client.force_login(request.getfixturevalue(persona))
    return client


def _inhalt(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _erlaubte_antwort(response, persona: str) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302 and persona == "anonym":
        return response["Location"].startswith(reverse("login"))
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("name", MIT_ARGUMENTEN)
def test_fremde_objekte_bleiben_fremd(name, request, fremde_welt):
    if name in OEFFENTLICH_MIT_ARGUMENTEN:
        pytest.skip(OEFFENTLICH_MIT_ARGUMENTEN[name])
    if name not in URL_OBJEKTE:
        pytest.fail(f"{name} has no entry in URL_OBJEKTE (see test_jede_url_hat_einen_eintrag)")
    eintrag = URL_OBJEKTE[name]
    fehler = []
    for persona in ALLE:
        welt = _welt_fuer(fremde_welt, persona)
        url = reverse(name, kwargs=eintrag.argumente(welt[eintrag.objekt]))
        client = _client(request, persona)
        vorher = fingerabdruck()
        for methode in ("get", "post"):
            response = client.get(url) if methode == "get" else client.post(url, _post_daten(welt))
            inhalt = _inhalt(response)
            if response.status_code >= 500:
                fehler.append(f"{methode.upper()} {url} as {persona}: {response.status_code}")
            elif persona in eintrag.erlaubt:
                continue
            elif not _erlaubte_antwort(response, persona):
                ziel = response.get("Location", "")
                fehler.append(f"{methode.upper()} {url} as {persona}: {response.status_code} {ziel}".strip())
            for marker in _verbotene_marker(persona):
                if marker in inhalt and persona not in eintrag.erlaubt:
                    fehler.append(f"{methode.upper()} {url} as {persona}: shows {marker}")
        if persona not in eintrag.erlaubt:
            geaendert = _unterschied(vorher, fingerabdruck())
            if geaendert:
                fehler.append(f"{url} as {persona} changed {', '.join(geaendert)}")
    assert not fehler, "\n".join(fehler)


@pytest.mark.django_db
@pytest.mark.parametrize("name", OHNE_ARGUMENTE)
def test_seiten_ohne_objekt_zeigen_nichts_fremdes(name, request, fremde_welt):
    fehler = []
    url = reverse(name)
    for persona in ALLE:
        welt = _welt_fuer(fremde_welt, persona)
        client = _client(request, persona)
        vorher = _fremde_zeilen(welt)
        methoden = ("get",) if name in NICHT_POSTEN else ("get", "post")
        for methode in methoden:
            response = client.get(url) if methode == "get" else client.post(url, _post_daten(welt))
            if response.status_code >= 500:
                fehler.append(f"{methode.upper()} {url} as {persona}: {response.status_code}")
            inhalt = _inhalt(response)
            for marker in _verbotene_marker(persona):
                if marker in inhalt:
                    fehler.append(f"{methode.upper()} {url} as {persona}: shows {marker}")
        if persona != "admin" and _fremde_zeilen(welt) != vorher:
            fehler.append(f"{url} as {persona} changed the other organisation's data")
    assert not fehler, "\n".join(fehler)


def _fremde_zeilen(welt) -> str:
    """The other organisation's rows (its Anträge and everything on them, its Zuweisung, its user)."""
    from antraege.models import Antrag

    h = hashlib.sha256()
    antraege = Antrag.objects.filter(antragsteller=welt["organisation"])
    for model in apps.get_app_config("antraege").get_models():
        namen = {f.name for f in model._meta.concrete_fields}
        if model is Antrag:
            qs = antraege
        elif "antrag" in namen:
            qs = model._base_manager.filter(antrag__in=antraege)
        else:
            continue
        felder = [f.attname for f in model._meta.concrete_fields]
        h.update(repr([tuple(_wert(v) for v in z) for z in qs.order_by("pk").values_list(*felder)]).encode())
    benutzer = welt["benutzer"]
    h.update(repr((benutzer.password, benutzer.is_active, benutzer.email)).encode())
    h.update(
        repr(
            list(welt["organisation"].__class__.objects.filter(pk=welt["organisation"].pk).values())
        ).encode()
    )
    h.update(
        repr(list(welt["zuweisung"].__class__.objects.filter(pk=welt["zuweisung"].pk).values())).encode()
    )
    return h.hexdigest()


# --- The Django admin: Administration only -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in ALLE if p != "admin"])
def test_django_admin_nur_fuer_administration(persona, request, fremde_welt):
    from django.contrib import admin as django_admin

    welt = _welt_fuer(fremde_welt, persona)
    client = _client(request, persona)
    vorher = fingerabdruck()
    for model in django_admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        fremd = next((o for o in welt.values() if isinstance(o, model)), None)
        if fremd is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[fremd.pk]))
        for url in urls:
            for response in (client.get(url), client.post(url, _post_daten(welt))):
                assert response.status_code in (302, 403, 404), (url, persona, response.status_code)
                if response.status_code == 302:
                    assert reverse("admin:login") in response["Location"] or response["Location"].startswith(
                        reverse("login")
                    ), (url, persona, response["Location"])
    assert not _unterschied(vorher, fingerabdruck())
