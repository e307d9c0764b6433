"""Coherence across web processes (bench/scaleout.py): a change made through process A shows at
once through process B. Every change goes through the portal's own forms over HTTP and is put
back afterwards; the checks read through B right after A answered.

What is checked, and which mechanism it relies on:

- Anmeldung: a session made by A is valid in B (sessions in the database).
- Meine Aufgaben: the count in the navigation is remembered per person (komman.aufgaben, 60 s);
  setting and closing a Wiedervorlage forgets it – in the cache every process sees only with
  CACHE_URL=db://.
- Budgetübersicht: the remembered sums are keyed by the budgets (programmteile), so a new
  budget shows at once.
- Prüfliste: its master data (Programmteile, periods, reviewers) are remembered under a
  version that a signal raises (antraege.pruefliste) – again only shared with CACHE_URL=db://.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from bench.messen import HOST, anfrage, anmelden

NOTIZ = "Scale-out-Prüfung"
WARM = 4  # requests through B before a change: with locmem:// each of B's workers remembers


@dataclass
class Pruefung:
    name: str
    ok: bool
    detail: str


class _Formulare(HTMLParser):
    """The forms of a page: action, method and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulare: list[dict] = []
        self._select: str | None = None
        self._optionen: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.formulare.append(
                {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "felder": []}
            )
        elif not self.formulare:
            return
        elif (
            tag == "input"
            and a.get("name")
            and a.get("type", "text") not in ("submit", "button", "image", "file")
        ):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.formulare[-1]["felder"].append(
                [a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")]
            )
        elif tag == "select" and a.get("name"):
            self._select, self._optionen = a["name"], []
        elif tag == "option" and self._select is not None:
            self._optionen.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.formulare[-1]["felder"].append([a["name"], ""])

    def handle_data(self, data):
        if self._textarea is not None:
            self.formulare[-1]["felder"][-1][1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            gewaehlt = [v for v, s in self._optionen if s] or [v for v, _ in self._optionen[:1]]
            for v in gewaehlt:
                self.formulare[-1]["felder"].append([self._select, v])
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formulare(inhalt: bytes) -> list[dict]:
    parser = _Formulare()
    parser.feed(inhalt.decode("utf-8", "replace"))
    return parser.formulare


def absenden(
    port: int,
    pfad: str,
    cookie: str,
    werte: dict[str, str],
    action: str | None = None,
    seite: bytes | None = None,
    mit: str | None = None,
):
    """Fill a POST form of the page like a browser and send it: the one with `action`, else the
    first with a field named `mit` (never the navigation's logout form). Returns (status,
    Location, body)."""
    if seite is None:
        status, _, _, seite, antwort = anfrage(port, pfad, cookie)
        if status != 200:
            raise RuntimeError(f"{pfad}: Status {status} {antwort.getheader('Location', '')}")
    kandidaten = [
        f
        for f in formulare(seite)
        if f["method"] == "post"
        and f["action"] != reverse("logout")
        and (action is None or f["action"] == action)
        and (mit is None or any(k == mit for k, _ in f["felder"]))
    ]
    if not kandidaten:
        raise RuntimeError(f"{pfad}: kein passendes Formular")
    form = kandidaten[0]
    felder = [(k, v) for k, v in form["felder"] if k not in werte] + list(werte.items())
    ziel = form["action"] or pfad
    status, _, _, body, antwort = anfrage(
        port,
        ziel,
        cookie,
        "POST",
        urllib.parse.urlencode(felder).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}{pfad}"},
    )
    return status, antwort.getheader("Location", ""), body


def _aufgaben_zahl(port: int, cookie: str) -> int:
    status, _, _, inhalt, antwort = anfrage(port, reverse("start"), cookie)
    treffer = re.search(rb'Meine Aufgaben <span class="badge [^"]*">(\d+)<', inhalt)
    if status != 200 or not treffer:
        raise RuntimeError(
            f"Startseite: Status {status} {antwort.getheader('Location', '')}, keine Aufgaben-Zahl"
        )
    return int(treffer.group(1))


def anmeldung(a: int, b: int) -> Pruefung:
    cookie = anmelden(a, "bench.pruefung")
    status, _, _, inhalt, _ = anfrage(b, reverse("start"), cookie)
    ok = status == 200 and b"Abmelden" in inhalt
    return Pruefung("Anmeldung über A gilt in B", ok, f"Startseite über B: Status {status}")


def aufgaben(a: int, b: int, antrag) -> list[Pruefung]:
    from komman import aufgaben as meine_aufgaben
    from komman.models import User
    from zuwendungen.models import Frist

    if Frist.objects.filter(art=Frist.Art.WIEDERVORLAGE, titel=NOTIZ).delete()[0]:  # an aborted run's
        meine_aufgaben.vergessen(User.objects.get(username="bench.pruefung"))
    cookie = anmelden(a, "bench.pruefung")
    for _ in range(WARM):
        vorher = _aufgaben_zahl(b, cookie)  # B remembers the count now (in each of its workers)
    pfad = reverse("zuwendungen:wiedervorlage", args=[antrag.pk])
    status, _, _ = absenden(
        a, pfad, cookie, {"am": timezone.localdate().isoformat(), "notiz": NOTIZ}, mit="notiz"
    )
    gesetzt = _aufgaben_zahl(b, cookie)
    ergebnis = [
        Pruefung(
            "Wiedervorlage über A gesetzt, Meine Aufgaben über B",
            status == 302 and gesetzt == vorher + 1,
            f"Zahl in der Navigation vorher {vorher}, danach {gesetzt} (erwartet {vorher + 1}; POST {status})",
        )
    ]
    frist = (
        Frist.objects.filter(art=Frist.Art.WIEDERVORLAGE, titel=NOTIZ, antrag=antrag).order_by("-pk").first()
    )
    if frist is None:
        return ergebnis
    erledigt = reverse("zuwendungen:wiedervorlage_erledigt", args=[frist.pk])
    liste = reverse("aufgaben")
    _, _, _, seite, _ = anfrage(a, liste, cookie)  # the button is on Meine Aufgaben (which forgets the count)
    for _ in range(WARM):
        _aufgaben_zahl(b, cookie)  # so B remembers it once more before the change
    status, _, _ = absenden(a, liste, cookie, {}, action=erledigt, seite=seite)
    danach = _aufgaben_zahl(b, cookie)
    ergebnis.append(
        Pruefung(
            "Wiedervorlage über A erledigt, Meine Aufgaben über B",
            status == 302 and danach == vorher,
            f"Zahl {gesetzt} → {danach} (erwartet {vorher}; POST {status})",
        )
    )
    Frist.objects.filter(pk=frist.pk).delete()  # leave no trace of the check
    return ergebnis


def _budget_setzen(a: int, cookie: str, periode, betrag: Decimal) -> int:
    """The Administration's period form; a period with submitted Anträge asks for a reason."""
    from komman.formate import euro

    pfad = reverse("programmteile:verwaltung_periode_bearbeiten", args=[periode.pk])
    wert = euro(betrag).removesuffix(" €").replace("\xa0", "")
    status, _, body = absenden(a, pfad, cookie, {"budget": wert}, mit="budget")
    grund = re.search(rb'name="([\w-]*)grund"', body) if status == 200 else None
    if grund:  # the confirmation block: a reason for the Änderungsprotokoll, the tick
        praefix = grund.group(1).decode()
        werte = {"budget": wert, f"{praefix}grund": NOTIZ, f"{praefix}bestaetigt": "on"}
        status, _, body = absenden(a, pfad, cookie, werte, seite=body, mit="budget")
    return status


def budget(a: int, b: int, periode) -> Pruefung:
    from komman.formate import euro
    from programmteile.models import Foerderperiode

    cookie = anmelden(a, "bench.admin")
    pfad = reverse("programmteile:verwaltung_haushalt")
    for _ in range(WARM):
        anfrage(b, pfad, cookie)  # B remembers the overview now
    alt = Foerderperiode.objects.get(pk=periode.pk).budget
    neu = alt + Decimal("1234.56")
    status = _budget_setzen(a, cookie, periode, neu)
    _, _, _, inhalt, _ = anfrage(b, pfad, cookie)
    text = html.unescape(inhalt.decode()).replace("\xa0", " ")
    ok = status == 302 and euro(neu) in text
    _budget_setzen(a, cookie, periode, alt)
    return Pruefung(
        "Haushaltsmittel über A geändert, Budgetübersicht über B",
        ok,
        f"{euro(alt)} → {euro(neu)}: {'neuer Betrag sichtbar' if euro(neu) in text else 'alter Stand'} (POST {status})",
    )


def _programmteil_titel(a: int, cookie: str, teil, titel: str) -> int:
    pfad = f"/verwaltung/django/programmteile/programmteil/{teil.pk}/change/"
    status, _, _ = absenden(a, pfad, cookie, {"titel": titel, "_save": "Sichern"}, mit="titel")
    return status


def pruefliste(a: int, b: int) -> Pruefung:
    from programmteile.models import Programmteil

    admin = anmelden(a, "bench.admin")
    pruefung = anmelden(a, "bench.pruefung")
    pfad = reverse("antraege:pruefung")
    for _ in range(WARM):
        anfrage(b, pfad, pruefung)  # B remembers the master data now
    teil = Programmteil.objects.exclude(antragsteller_art="").order_by("nummer").first()
    alt, neu = teil.titel, f"{teil.titel} ({NOTIZ})"
    try:
        status = _programmteil_titel(a, admin, teil, neu)
        _, _, _, inhalt, _ = anfrage(b, pfad, pruefung)
        sichtbar = neu in html.unescape(inhalt.decode())
    finally:
        _programmteil_titel(a, admin, teil, alt)  # through the portal: every process drops the old data
        Programmteil.objects.filter(pk=teil.pk).exclude(titel=alt).update(titel=alt)
    return Pruefung(
        "Programmteil über A umbenannt, Filter der Prüfliste über B",
        status == 302 and sichtbar,
        f"„{neu}“ {'sichtbar' if sichtbar else 'nicht sichtbar'} (POST {status})",
    )


def alle(a: int, b: int, beispiele: dict) -> list[Pruefung]:
    ergebnis = [anmeldung(a, b)]
    for name, pruefen in (
        ("aufgaben", lambda: aufgaben(a, b, beispiele["pruefen"])),
        ("budget", lambda: [budget(a, b, beispiele["periode"])]),
        ("pruefliste", lambda: [pruefliste(a, b)]),
    ):
        try:
            ergebnis += pruefen()
        except Exception as fehler:  # a check that cannot run is a finding, not a crash
            ergebnis.append(Pruefung(name, False, f"nicht ausführbar: {fehler!r}"))
    return ergebnis
