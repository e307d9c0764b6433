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


# name -> function returning URL kwargs (a list: one entry per state to scan).
URL_ARGUMENTE: dict[str, Callable[[], list[dict]]] = {
    "password_reset_confirm": _password_reset_confirm,
}

# name -> why it is not scanned.
AUSLASSEN: dict[str, str] = {
    "logout": "nur POST (Abmelden-Knopf in der Navigation)",
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


def sichtbare_seiten(client, user) -> list[Seite]:
    """The pages this user (None = anonymous) gets as a 200 HTML page."""
    client.logout()
    if user is not None:
        client.force_login(user)
    sichtbar = [s for s in alle_seiten() if ist_html_seite(client.get(s.url, follow=True))]
    client.logout()
    return sichtbar
