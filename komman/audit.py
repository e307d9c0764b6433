"""The audit log: who viewed or downloaded which Antrag and document, and every change of money.

Views call `protokolliere()` where a person looks at or downloads something:

    protokolliere(wer=request.user, aktion=Aktion.ANGESEHEN, objekt=antrag, request=request)

Money changes need no call: every saved change of a `Betrag` field (komman.fields) on a
model of the apps in `BETRAG_APPS` is recorded with old and new value, the acting person
taken from the request being served (komman.middleware.Protokollkontext) or empty for
commands. A change written past Model.save() (a locked UPDATE with F()) calls
`betrag_geaendert()` in the same transaction. Logins, failed logins, lockouts and 2FA events are recorded from Django's and
axes' signals.

The log is append-only three times over: the QuerySet and the model refuse changes, and a
database trigger refuses UPDATE and DELETE (migration 0003). On SQLite the trigger asks the
function `komman_protokoll_geschuetzt()`, registered on every connection; a connection
without it (e.g. the sqlite3 shell) cannot change rows either.
"""

from __future__ import annotations

import contextvars
import ipaddress
from decimal import Decimal

from django.conf import settings
from django.db.models import Model
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest

from komman.models import Protokolleintrag

Aktion = Protokolleintrag.Aktion

# Apps whose Betrag fields are money on record (Anträge, budgets, Zuweisungen).
BETRAG_APPS = ("antraege", "programmteile")

# The request being served, set by komman.middleware.Protokollkontext.
aktuelle_anfrage: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "komman_aktuelle_anfrage", default=None
)

# Only a test database flush may empty the table (tests/conftest.py); never set in production.
_leeren_erlaubt = False


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy's last X-Forwarded-For entry behind our proxy."""
    adresse = request.META.get("REMOTE_ADDR", "")
    if settings.SECURE_PROXY_SSL_HEADER:
        weitergeleitet = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if weitergeleitet:
            # Only the right-most entry was written by our own proxy; the rest is client input.
            adresse = weitergeleitet.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(adresse))
    except ValueError:
        return None


def _objekt_kennung(objekt) -> tuple[str, str]:
    if objekt is None:
        return "", ""
    if isinstance(objekt, Model):
        return objekt._meta.label_lower, str(objekt.pk)
    if isinstance(objekt, tuple) and len(objekt) == 2:
        return str(objekt[0]), str(objekt[1])
    raise TypeError("objekt: a model instance, a (typ, id) pair or None")


def protokolliere(
    *,
    wer,
    aktion: str,
    objekt=None,
    details: dict | None = None,
    request: HttpRequest | None = None,
) -> Protokolleintrag:
    """Append one entry. `wer` may be anonymous or None (system); `objekt` a model instance or (typ, id)."""
    if aktion not in Aktion.values:
        raise ValueError(f"Unknown audit action {aktion!r}: add it to Protokolleintrag.Aktion")
    objekt_typ, objekt_id = _objekt_kennung(objekt)
    details = _lesbar(details or {})
    angemeldet = wer is not None and getattr(wer, "is_authenticated", False)
    return Protokolleintrag.objects.create(
        wer=wer if angemeldet else None,
        wer_name=(wer.get_username() if angemeldet else (details or {}).get("benutzername", ""))[:150],
        aktion=aktion,
        objekt_typ=objekt_typ,
        objekt_id=objekt_id,
        details=details or {},
        ip=client_ip(request) if request is not None else None,
    )


def _lesbar(wert):
    """Details as stored: no NUL (PostgreSQL's jsonb refuses \\u0000; a %00 in a filter of the
    CSV export answered 500, issue 24.9), long texts cut."""
    if isinstance(wert, str):
        return wert.replace("\x00", "")[:1000]
    if isinstance(wert, dict):
        return {_lesbar(str(k)): _lesbar(v) for k, v in wert.items()}
    if isinstance(wert, list | tuple):
        return [_lesbar(v) for v in wert]
    return wert


def angesehen(request: HttpRequest, objekt, **details) -> Protokolleintrag:
    """Record that the requesting user viewed `objekt` (after visible_to and the permission
    check: a refused access is no view); `details` name the page, e.g. seite="stand"."""
    return _zugriff(request, Aktion.ANGESEHEN, objekt, details)


def heruntergeladen(request: HttpRequest, objekt=None, **details) -> Protokolleintrag:
    """Record that the requesting user downloaded `objekt` (or an export: objekt None)."""
    return _zugriff(request, Aktion.HERUNTERGELADEN, objekt, details)


def _zugriff(request: HttpRequest, aktion: str, objekt, details: dict) -> Protokolleintrag:
    return protokolliere(wer=request.user, aktion=aktion, objekt=objekt, details=details, request=request)


# --- Money changes -------------------------------------------------------------------------


def _betrag_felder(model) -> list[str]:
    from komman.fields import Betrag

    cached = model.__dict__.get("_komman_betrag_felder")
    if cached is None:
        cached = [f.attname for f in model._meta.concrete_fields if isinstance(f, Betrag)]
        model._komman_betrag_felder = cached
    return cached


def _merke_betraege(sender, instance, **kwargs) -> None:
    felder = _betrag_felder(sender)
    if felder:
        instance._komman_betraege = {f: instance.__dict__.get(f) for f in felder}


def _als_text(wert) -> str | None:
    if wert is None:
        return None
    if isinstance(wert, BaseExpression):
        return "(in der Datenbank berechnet)"
    try:
        return str(Decimal(str(wert)).quantize(Decimal("0.01")))
    except Exception:
        return str(wert)


def _protokolliere_betraege(sender, instance, created, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    felder = _betrag_felder(sender)
    if not felder:
        return
    vorher = getattr(instance, "_komman_betraege", {})
    if update_fields is not None:
        felder = [f for f in felder if f in update_fields or f.removesuffix("_id") in update_fields]
    aenderungen = {}
    for feld in felder:
        alt = None if created else _als_text(vorher.get(feld))
        neu = _als_text(instance.__dict__.get(feld))
        if alt != neu and not (created and neu in (None, "0.00")):
            aenderungen[feld] = {"alt": alt, "neu": neu}
    instance._komman_betraege = {f: instance.__dict__.get(f) for f in _betrag_felder(sender)}
    if aenderungen:
        _betrag_eintrag(instance, aenderungen, neu_angelegt=created)


def betrag_geaendert(objekt: Model, felder: dict[str, tuple], *, wer=None) -> Protokolleintrag | None:
    """Record a money change written past Model.save(), e.g. an UPDATE with F() under a lock.

    `felder` maps each field to (old, new) as read under that lock; unchanged fields are left
    out and nothing is written when none changed. `wer` is the acting person, else the person
    of the request being served (as for changes saved through the model).
    """
    aenderungen = {}
    for feld, (alt, neu) in felder.items():
        alt, neu = _als_text(alt), _als_text(neu)
        if alt != neu:
            aenderungen[feld] = {"alt": alt, "neu": neu}
    if not aenderungen:
        return None
    return _betrag_eintrag(objekt, aenderungen, neu_angelegt=False, wer=wer)


def _betrag_eintrag(objekt, aenderungen: dict, *, neu_angelegt: bool, wer=None) -> Protokolleintrag:
    request = aktuelle_anfrage.get()
    if wer is None and request is not None:
        wer = getattr(request, "user", None)
    return protokolliere(
        wer=wer,
        aktion=Aktion.BETRAG_GEAENDERT,
        objekt=objekt,
        details={"felder": aenderungen, "neu_angelegt": neu_angelegt},
        request=request,
    )


# --- Logins ----------------------------------------------------------------------------------


def _angemeldet(sender, request, user, **kwargs) -> None:
    protokolliere(wer=user, aktion=Aktion.ANMELDUNG, request=request)


def _abgemeldet(sender, request, user, **kwargs) -> None:
    if user is not None:
        protokolliere(wer=user, aktion=Aktion.ABMELDUNG, request=request)


def _fehlgeschlagen(sender, credentials, request=None, **kwargs) -> None:
    # The username is kept as typed (it may be no account at all); the password never.
    name = str(credentials.get("username", ""))[:150]
    protokolliere(
        wer=None, aktion=Aktion.ANMELDUNG_FEHLGESCHLAGEN, details={"benutzername": name}, request=request
    )


def _gesperrt(sender, request, username=None, ip_address=None, **kwargs) -> None:
    protokolliere(
        wer=None, aktion=Aktion.SPERRE, details={"benutzername": str(username or "")[:150]}, request=request
    )


# --- SQLite: the function the append-only trigger asks -----------------------------------------


def _sqlite_funktion(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "komman_protokoll_geschuetzt", 0, lambda: 0 if _leeren_erlaubt else 1, deterministic=False
        )


def verbinde_signale() -> None:
    """Called once from KommanConfig.ready()."""
    from axes.signals import user_locked_out
    from django.apps import apps
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_init, post_save

    for app in BETRAG_APPS:
        for model in apps.get_app_config(app).get_models():
            if _betrag_felder(model):
                post_init.connect(_merke_betraege, sender=model, dispatch_uid=f"komman_audit_init_{model}")
                post_save.connect(
                    _protokolliere_betraege, sender=model, dispatch_uid=f"komman_audit_save_{model}"
                )
    user_logged_in.connect(_angemeldet, dispatch_uid="komman_audit_login")
    user_logged_out.connect(_abgemeldet, dispatch_uid="komman_audit_logout")
    user_login_failed.connect(_fehlgeschlagen, dispatch_uid="komman_audit_login_failed")
    user_locked_out.connect(_gesperrt, dispatch_uid="komman_audit_locked_out")
    connection_created.connect(_sqlite_funktion, dispatch_uid="komman_audit_sqlite")
