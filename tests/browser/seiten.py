"""Every page of the portal, found by walking the URLconf.

A URL pattern without parameters is scanned as is. A pattern with parameters must be
registered here, or the scan fails with a list of what is missing:

- URL_ARGUMENTE["namespace:name"] = a function returning a list of kwargs dicts, one per URL
  to scan, built from the objects in the test database (demo data or empty). An empty list
  means "nothing to build it from in this data set" (fine for the empty data set; the
  coverage test fails if no data set builds it).
- AUSLASSEN["namespace:name"] = the reason it is not a page to scan (file download, POST-only
  action, redirect). Non-HTML responses (PDF, CSV) are skipped automatically anyway.

Who can see a page is found out, not declared: each persona requests each URL with the
Django test client first; only 200 text/html pages are opened in the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Persona fixture name -> username of the demo login (DESIGN.md §10).
BENUTZERNAMEN = {
    "ki_dortmund": "ki.dortmund",
    "zeichnung_dortmund": "zeichnung.dortmund",
    "ki_bochum": "ki.bochum",
    "traeger_awo": "traeger.awo",
    "pruefung_arnsberg": "pruefung.arnsberg",
    "zeichnung_arnsberg": "zeichnung.arnsberg",
    "admin": "admin",
}

# Demo logins beyond the personas that the scan also uses when the data set has them:
# demodaten lets demo.antragsteller answer Nachforderung and Anhörung for Kommunen without
# a persona, so those pages are seen by someone.
WEITERE_DEMO_NUTZER = ["demo.antragsteller"]
SCAN_NUTZER = [*BENUTZERNAMEN.values(), *WEITERE_DEMO_NUTZER]

# Namespaces that are not our pages: the Django admin is the back office (DESIGN.md §9),
# its accessibility is Django's.
NAMESPACES_AUSGELASSEN = {"admin"}


def _erste(queryset, **kwargs_aus_objekt: str) -> list[dict]:
    """First object of a queryset as URL kwargs: _erste(qs, pk="pk") -> [{"pk": obj.pk}]."""
    obj = queryset.order_by("pk").first()
    if obj is None:
        return []
    return [{name: _attr(obj, pfad) for name, pfad in kwargs_aus_objekt.items()}]


def _attr(obj, pfad: str):
    for teil in pfad.split("."):
        obj = getattr(obj, teil)
    return obj


def _password_reset_confirm() -> list[dict]:
    # A valid link for the first persona: the page shows the form, not "link invalid".
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from komman.models import User

    user = User.objects.filter(is_active=True).order_by("pk").first()
    if user is None:
        return []
    return [
        {
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        {"uidb64": "AA", "token": "ungueltig"},  # the "link invalid" state
    ]


def _antraege(*status: str, programmteil: str | None = None):
    """Anträge in these statuses, those of an organisation with a scan login first (so the
    applicant's pages are visible to someone); the Bezirksregierung sees all anyway."""
    from antraege.models import Antrag

    qs = Antrag.objects.filter(status__in=status) if status else Antrag.objects.all()
    if programmteil:
        qs = qs.filter(foerderperiode__programmteil__nummer=programmteil)
    eigene = qs.filter(antragsteller__mitgliedschaften__user__username__in=SCAN_NUTZER).distinct()
    return eigene if eigene.exists() else qs


def _je_status(*status: str) -> list[dict]:
    """One Antrag per status (all statuses if none given): every state of a page."""
    from antraege.models import Antrag

    return [k for s in (status or Antrag.Status.values) for k in _erste(_antraege(s), pk="pk")]


def _einer(*status: str) -> list[dict]:
    """The first Antrag in any of these statuses (in this order): one page, whichever state
    the data set has (a view that accepts several statuses)."""
    return next((k for s in status if (k := _erste(_antraege(s), pk="pk"))), [])


def _schreiben_offen():
    """The open letter the Antrag waits for (the demo's Anhörung in state Anhörung, unanswered)."""
    from antraege.models import Schreiben

    s = (
        Schreiben.objects.filter(
            antrag__status="anhoerung", art="anhoerung", beantwortet_am__isnull=True, zurueckgezogen_am__isnull=True
        )
        .order_by("pk")
        .first()
    )
    return [{"pk": s.antrag_id, "schreiben_pk": s.pk}] if s else []


def _anhoerung_erledigt() -> list[dict]:
    """An Antrag in Anhörung whose Stellungnahme is in or whose deadline has passed: only then
    can a rejection be proposed (can_propose_rejection); the demo data has one of each kind."""
    from django.db.models import Q
    from django.utils import timezone

    erledigt = Q(schreiben__art="anhoerung") & (
        Q(schreiben__beantwortet_am__isnull=False) | Q(schreiben__frist__lt=timezone.localdate())
    )
    return _erste(_antraege("anhoerung").filter(erledigt).distinct(), pk="pk")


def _je_programmteil(*status: str) -> list[dict]:
    """One Antrag per Programmteil I–III in the given status: every form variant."""
    return [k for teil in ("I", "II", "III") for k in _erste(_antraege(*status, programmteil=teil), pk="pk")]


def _zuwendungen(programmteil: str | None = None) -> list[dict]:
    """One Zuwendung per Programmteil (of a scan login's organisation first)."""
    from zuwendungen.models import Zuwendung

    teile = [programmteil] if programmteil else ["I", "II", "III"]
    ergebnis = []
    for teil in teile:
        qs = Zuwendung.objects.filter(antrag__foerderperiode__programmteil__nummer=teil)
        eigene = qs.filter(antrag__antragsteller__mitgliedschaften__user__username__in=SCAN_NUTZER).distinct()
        ergebnis += _erste(eigene if eigene.exists() else qs, pk="pk")
    return ergebnis


def _perioden() -> list[dict]:
    """One Förderperiode per Programmteil I–III."""
    from programmteile.models import Foerderperiode

    return [
        k
        for teil in ("I", "II", "III")
        for k in _erste(Foerderperiode.objects.filter(programmteil__nummer=teil), pk="pk")
    ]


def _organisationen() -> list[dict]:
    from komman.models import Organisation

    return _erste(Organisation.objects.kommunen(), pk="pk") + _erste(
        Organisation.objects.filter(art=Organisation.Art.TRAEGER), pk="pk"
    )


def _benutzer(*usernames: str) -> list[dict]:
    from komman.models import User

    return [k for u in usernames for k in _erste(User.objects.filter(username=u), pk="pk")]


def _basiszins() -> list[dict]:
    from programmteile.models import Basiszins

    return _erste(Basiszins.objects.all(), pk="pk")


def _zuwendungen_fuer_abrufe(*, ohne_entwurf: bool = False) -> list[dict]:
    """A grant of an organisation with a scan login (Dortmund in the demo data)."""
    from zuwendungen.models import Zuwendung

    qs = Zuwendung.objects.filter(antrag__antragsteller__mitgliedschaften__user__username__in=SCAN_NUTZER).distinct()
    if ohne_entwurf:
        qs = qs.exclude(mittelabrufe__status="entwurf")
    return _erste(qs, pk="pk")


def _abrufe(*status: str) -> list[dict]:
    """One Mittelabruf per status (of a grant with a scan login first)."""
    from zuwendungen.models import Mittelabruf

    ergebnis = []
    for s in status:
        qs = Mittelabruf.objects.filter(status=s)
        eigene = qs.filter(zuwendung__antrag__antragsteller__mitgliedschaften__user__username__in=SCAN_NUTZER)
        ergebnis += _erste(eigene.distinct() if eigene.exists() else qs, pk="pk")
    return ergebnis


def _aenderbare_zuwendungen() -> list[dict]:
    """A final grant whose period runs and that has no open change (a change can be started)."""
    from django.utils import timezone

    from zuwendungen.models import AenderungStatus, Zuwendung

    qs = Zuwendung.objects.filter(
        antrag__status="bestandskraeftig", bewilligungszeitraum_bis__gte=timezone.localdate()
    ).exclude(aenderungen__status__in=AenderungStatus.offen())
    return _erste(qs, pk="pk")


def _aenderungen(*status: str) -> list[dict]:
    """One Änderungsantrag per status (every status the demo data has, or the ones named)."""
    from zuwendungen.models import Aenderungsantrag

    ergebnis = []
    for s in status or Aenderungsantrag.Status.values:
        ergebnis += _erste(Aenderungsantrag.objects.filter(status=s), pk="pk")
    return ergebnis


def _vn(*status: str) -> list[dict]:
    """One Verwendungsnachweis per status."""
    from zuwendungen.models import Verwendungsnachweis

    ergebnis = []
    for s in status:
        ergebnis += _erste(Verwendungsnachweis.objects.filter(status=s), pk="pk")
    return ergebnis


def _vn_zuwendungen() -> list[dict]:
    """The VN overview of a grant with a VN and of one without."""
    from zuwendungen.models import Zuwendung

    mit = _erste(Zuwendung.objects.filter(verwendungsnachweise__isnull=False).distinct(), pk="pk")
    ohne = _erste(Zuwendung.objects.filter(verwendungsnachweise__isnull=True), pk="pk")
    return mit + ohne
def _rueckforderungen() -> list[dict]:
    """One refund claim per status (demo data: Anhörung, beschieden, bezahlt)."""
    from zuwendungen.models import Rueckforderung

    ergebnis = []
    for s in Rueckforderung.Status.values:
        ergebnis += _erste(Rueckforderung.objects.filter(status=s), pk="pk")
    return ergebnis


def _verwendungszinsen() -> list[dict]:
    from zuwendungen.models import Verwendungszinsen

    return _erste(Verwendungszinsen.objects.filter(entscheidung="offen"), pk="pk")


# name -> function returning URL kwargs (a list: one entry per state to scan).
URL_ARGUMENTE: dict[str, Callable[[], list[dict]]] = {
    "password_reset_confirm": _password_reset_confirm,
    # --- Antragstellung ---
    "antraege:neu": lambda: [{"periode_pk": k["pk"]} for k in _perioden()],
    "antraege:detail": _je_status,
    "antraege:bearbeiten": lambda: _je_programmteil("entwurf"),
    "antraege:einreichen": lambda: _je_status("entwurf"),
    "antraege:eingang": lambda: _je_status("eingereicht"),
    "antraege:zurueckziehen": lambda: _erste(
        _antraege("eingereicht").filter(
            antragsteller__mitgliedschaften__rolle="zeichnungsberechtigt",
            antragsteller__mitgliedschaften__user__username__in=SCAN_NUTZER,
        ),
        pk="pk",
    ),
    "antraege:verlauf": lambda: _je_status("eingereicht", "bewilligt"),
    "antraege:vorlegen": lambda: _je_programmteil("entwurf"),
    "antraege:anlagen": lambda: _je_status("entwurf", "eingereicht"),
    # --- Prüfung und Entscheidung ---
    "antraege:pruefung_detail": lambda: _je_status(
        *[
            s
            for s in (
                "eingereicht",
                "formale_pruefung",
                "nachforderung",
                "inhaltliche_pruefung",
                "anhoerung",
                "bewilligung_vorgeschlagen",
                "ablehnung_vorgeschlagen",
                "bewilligt",
                "abgelehnt",
            )
        ]
    ),
    "antraege:uebernehmen": lambda: _je_status("eingereicht"),
    "antraege:formale_pruefung": lambda: _je_status("formale_pruefung"),
    "antraege:formale_pruefung_abschliessen": lambda: _je_status("formale_pruefung"),
    "antraege:pruefvermerk": lambda: _einer("inhaltliche_pruefung", "anhoerung", "formale_pruefung"),
    "antraege:vermerk": lambda: _einer("formale_pruefung", "eingereicht"),
    "antraege:nachforderung": lambda: _je_status("formale_pruefung"),
    "antraege:anhoerung": lambda: _einer("inhaltliche_pruefung", "formale_pruefung", "nachforderung"),
    "antraege:vorschlag": lambda: _einer("inhaltliche_pruefung", "anhoerung"),
    "antraege:ablehnung": _anhoerung_erledigt,
    "antraege:zeichnen": lambda: _je_status("bewilligung_vorgeschlagen", "ablehnung_vorgeschlagen"),
    "antraege:antworten": lambda: _je_status("nachforderung", "anhoerung"),
    "antraege:vorzeitiger_beginn": lambda: _einer("inhaltliche_pruefung", "formale_pruefung"),
    "antraege:schreiben_ersetzen": _schreiben_offen,
    "antraege:stand": lambda: _je_status("nachforderung", "bewilligt"),
    # --- Verwaltung ---
    "programmteile:verwaltung_periode": _perioden,
    "programmteile:verwaltung_periode_bearbeiten": _perioden,
    "programmteile:verwaltung_parameter": _perioden,
    "programmteile:verwaltung_periode_kopieren": lambda: _perioden()[:1],
    "programmteile:verwaltung_periode_oeffnen": lambda: _perioden()[:1],
    "programmteile:verwaltung_periode_schliessen": lambda: _perioden()[:1],
    "programmteile:verwaltung_zuweisungen": lambda: _perioden()[:2],
    "programmteile:verwaltung_zuweisungen_vorschlag": lambda: _perioden()[:1],
    "programmteile:verwaltung_zuweisungen_import": lambda: _perioden()[:1],
    "programmteile:verwaltung_bescheidtexte": lambda: _perioden()[:1],
    "programmteile:verwaltung_pflichtanlagen": lambda: _perioden()[:2],
    "programmteile:verwaltung_basiszins_bearbeiten": lambda: _basiszins(),
    "verwaltung_organisation": _organisationen,
    "verwaltung_einladen": _organisationen,
    "verwaltung_organisation_bearbeiten": _organisationen,
    "verwaltung_benutzer": lambda: _benutzer("ki.dortmund", "pruefung.arnsberg"),
    "verwaltung_benutzer_aktiv": lambda: _benutzer("ki.dortmund"),
    # --- Sicherheit ---
    "zwei_faktor:zuruecksetzen": lambda: _benutzer("pruefung.arnsberg"),
    # --- Nach dem Bescheid (issue 18) ---
    "zuwendungen:bestand": lambda: _je_status(
        "bewilligt", "abgelehnt", "klage_anhaengig", "bestandskraeftig", "ablehnung_bestandskraeftig"
    ),
    "zuwendungen:detail": lambda: _zuwendungen(),
    "zuwendungen:weiterleitung_neu": lambda: _zuwendungen("II"),
    # --- Mittelabruf und Auszahlung ---
    "zuwendungen:auszahlungen": lambda: _zuwendungen_fuer_abrufe()[:1],
    "zuwendungen:abruf_neu": lambda: _zuwendungen_fuer_abrufe(ohne_entwurf=True)[:1],
    "zuwendungen:abruf": lambda: _abrufe("entwurf", "eingereicht", "freigegeben", "angeordnet", "bezahlt"),
    "zuwendungen:abruf_bearbeiten": lambda: _abrufe("entwurf"),
    "zuwendungen:bankverbindung": _organisationen,
    # --- Fristen und Aufgaben (issue 22) ---
    "zuwendungen:wiedervorlage": lambda: _einer("nachforderung", "eingereicht"),
    # --- Änderungsantrag (issue 19) ---
    "zuwendungen:aenderung_neu": lambda: _aenderbare_zuwendungen(),
    "zuwendungen:aenderung": _aenderungen,
    "zuwendungen:aenderung_bearbeiten": lambda: _aenderungen("entwurf"),
    # --- Verwendungsnachweis (issue 20) ---
    "zuwendungen:vn": lambda: _vn_zuwendungen(),
    "zuwendungen:vn_seite": lambda: _vn("entwurf", "eingereicht", "nachforderung", "abgeschlossen"),
    "zuwendungen:vn_bearbeiten": lambda: _vn("entwurf", "nachforderung"),
    "zuwendungen:vn_belege": lambda: _vn("entwurf", "nachforderung"),
    "zuwendungen:vn_pruefung": lambda: _vn("eingereicht"),
    # --- Widerruf und Rückforderung (issue 21) ---
    "zuwendungen:rueckforderung": lambda: _rueckforderungen(),
    "zuwendungen:rueckforderung_neu": lambda: _zuwendungen("III")[:1],
    "zuwendungen:rueckzahlung": lambda: _zuwendungen("III")[:1],
    "zuwendungen:verwendungszinsen": lambda: _zuwendungen("III")[:1],
    "zuwendungen:zinsentscheidung": lambda: _verwendungszinsen(),
    "zuwendungen:abschliessen": lambda: _zuwendungen("III")[:1],
    # Auswertung: the list of a count, of an amount, and of a process without data ("noch nicht erfasst")
    "auswertung:liste": lambda: [{"name": "eingegangen"}, {"name": "ausgezahlt"}, {"name": "anerkannt"}],
}

# name -> why it is not scanned.
AUSLASSEN: dict[str, str] = {
    "logout": "nur POST (Abmelden-Knopf in der Navigation)",
    "antraege:anlage_herunterladen": "Datei-Download",
    "antraege:dokument": "PDF-Download",
    "antraege:dokument_stand": "JSON (fertig oder nicht)",
    "gesundheit": "JSON für die Überwachung",
    "sitzung_stand": "JSON (Restzeit der Sitzung)",
    "sitzung_verlaengern": "nur POST (Dialog vor dem Ablauf)",
    "postausgang_erneut": "nur POST (Knopf im Postausgang)",
    "antraege:dokument_anlage": "PDF-Download (Anlage zum Bescheid)",
    "antraege:bescheid_vorschau": "PDF (Bescheid-Entwurf)",
    "antraege:pruefung_export": "CSV-Export",
    "programmteile:verwaltung_zuweisungen_export": "CSV-Export",
    "verwaltung_mitgliedschaft_entfernen": "nur POST",
    "verwaltung_freigabe_entscheiden": "nur POST (Knöpfe auf der Seite Rollenfreigaben)",
    "antraege:anlage_entfernen": "nur POST (Knopf auf der Anlagen-Seite)",
    "zwei_faktor:entfernen": "nur POST",
    "security_txt": "text/plain (RFC 9116)",
    "zuwendungen:bestand_verzicht": "nur POST (Formular auf der Seite Bekanntgabe und Bestandskraft)",
    "zuwendungen:bestand_post": "nur POST (Formular auf der Seite Bekanntgabe und Bestandskraft)",
    "zuwendungen:bestand_klage": "nur POST (Formular auf der Seite Bekanntgabe und Bestandskraft)",
    "zuwendungen:bestand_klage_entschieden": "nur POST (Formular auf der Seite Bekanntgabe und Bestandskraft)",
    "zuwendungen:verzicht_herunterladen": "Datei-Download",
    "zuwendungen:weiterleitung_entwurf": "PDF (Vertragsentwurf)",
    "zuwendungen:abruf_einreichen": "nur POST (Knopf auf der Seite des Mittelabrufs)",
    "zuwendungen:abruf_zurueckziehen": "nur POST (Knopf auf der Seite des Mittelabrufs)",
    "zuwendungen:abruf_freigeben": "nur POST (Formular auf der Seite des Mittelabrufs)",
    "zuwendungen:abruf_ablehnen": "nur POST (Formular auf der Seite des Mittelabrufs)",
    "zuwendungen:abruf_zurueckgeben": "nur POST (Formular auf der Seite des Mittelabrufs)",
    "zuwendungen:auszahlung_zeichnen": "nur POST (Knopf auf der Seite des Mittelabrufs)",
    "zuwendungen:als_bezahlt_melden": "nur POST (Formular auf der Seite des Mittelabrufs)",
    "zuwendungen:brief": "PDF-Download",
    "zuwendungen:aenderungsbescheid": "PDF-Download",
    "zuwendungen:aenderung_aktion": "nur POST (Knöpfe und Formulare auf der Seite des Änderungsantrags)",
    "zuwendungen:rueckforderung_brief": "PDF-Download",
    "zuwendungen:kasse_csv": "CSV-Export",
    "auswertung:export": "CSV- oder XLSX-Export",
    "auswertung:liste_export": "CSV- oder XLSX-Export",
    "auswertung:bericht_xlsx": "XLSX-Bericht",
    "auswertung:bericht_pdf": "PDF-Bericht",
    "auswertung:transparenz_csv": "CSV-Download (offene Daten)",
    "auswertung:transparenz_json": "JSON-Download (offene Daten)",
    "zuwendungen:kasse_xlsx": "XLSX-Export",
    "kalender_feed": "text/calendar (iCalendar-Feed, tests/zuwendungen/test_aufgaben.py)",
    "zuwendungen:wiedervorlage_erledigt": "nur POST (Knopf auf Meine Aufgaben)",
    "zuwendungen:vn_anlegen": "nur POST (Knopf auf der Seite Verwendungsnachweis)",
    "zuwendungen:vn_zurueckhalten": "nur POST (Formular auf der Seite Verwendungsnachweis)",
    "zuwendungen:vn_einreichen": "nur POST (Knopf auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_antworten": "nur POST (Formular auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_frage": "nur POST (Formular auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_vorschlagen": "nur POST (Knopf auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_zurueckgeben": "nur POST (Formular auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_zeichnen": "nur POST (Knopf auf der Seite des Verwendungsnachweises)",
    "zuwendungen:vn_stichprobe": "nur POST (Knopf in der Liste der Verwendungsnachweise)",
    "zuwendungen:vn_schreiben": "PDF-Download",
    "zuwendungen:vn_belege_csv": "CSV-Export",
}


# name -> why the demo data cannot show it yet. Known gaps, listed instead of failing the
# coverage test; remove the entry when the demo data has the state.
LUECKEN_DEMODATEN: dict[str, str] = {
    "zuwendungen:abschliessen": (
        "In den Demodaten schließt die letzte Zahlung die Zuwendung selbst ab (VN-Ergebnis liegt vor); "
        "die Bestätigungsseite prüft tests/zuwendungen/test_widerruf_seiten.py"
    ),
}


@dataclass(frozen=True)
class Muster:
    name: str  # "namespace:name" or "" if the pattern has none
    route: str
    parameter: tuple[str, ...]


def alle_muster() -> Iterator[Muster]:
    def walk(patterns, prefix: str, namespace: str, parameter: tuple[str, ...]):
        for p in patterns:
            params = parameter + tuple(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                if p.namespace in NAMESPACES_AUSGELASSEN:
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns, params)
            elif isinstance(p, URLPattern):
                name = f"{namespace}{p.name}" if p.name else ""
                yield Muster(name=name, route=prefix + str(p.pattern), parameter=params)

    yield from walk(get_resolver().url_patterns, "/", "", ())


def fehlende_registrierungen() -> list[str]:
    """Patterns the scan cannot build: unnamed, or with parameters but not registered."""
    fehlend = []
    for m in alle_muster():
        if not m.name:
            fehlend.append(f"{m.route}: hat keinen Namen (name=… in path())")
        elif m.name in AUSLASSEN or m.name in URL_ARGUMENTE:
            continue
        elif m.parameter:
            fehlend.append(
                f"{m.name} ({m.route}, Parameter {', '.join(m.parameter)}): in tests/browser/seiten.py "
                "URL_ARGUMENTE eintragen (oder mit Grund in AUSLASSEN)"
            )
    return fehlend


def veraltete_registrierungen() -> list[str]:
    namen = {m.name for m in alle_muster()}
    return [n for n in (*URL_ARGUMENTE, *AUSLASSEN) if n not in namen]


@dataclass(frozen=True)
class Seite:
    name: str
    url: str


def alle_seiten() -> list[Seite]:
    """Every URL to scan in the current database (call inside a test, after the data exists)."""
    seiten = []
    for m in alle_muster():
        if not m.name or m.name in AUSLASSEN:
            continue
        if m.name in URL_ARGUMENTE:
            for kwargs in URL_ARGUMENTE[m.name]():
                seiten.append(Seite(m.name, reverse(m.name, kwargs=kwargs)))
        elif not m.parameter:
            seiten.append(Seite(m.name, reverse(m.name)))
    return seiten


def ist_html_seite(response) -> bool:
    """A 200 HTML page, reached without a detour over the login page (redirects are followed:
    the password reset link, for one, redirects to its form)."""
    login = resolve_url(settings.LOGIN_URL)
    if any(urlsplit(url).path == login for url, _ in response.redirect_chain):
        return False
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def sichtbare_seiten(client, user, seiten: list[Seite] | None = None) -> list[Seite]:
    """The pages (of `seiten`, default all) this user (None = anonymous) gets as 200 HTML."""
    client.logout()
    if user is not None:
        client.force_login(user)
    seiten = alle_seiten() if seiten is None else seiten
    sichtbar = [s for s in seiten if ist_html_seite(client.get(s.url, follow=True))]
    client.logout()
    return sichtbar
