"""The wave-2 life of the bench Anträge: one function per process, run after the Anträge exist.

    from bench.leben import prozess, Kontext

    @prozess("verwendungsnachweis")          # in bench/leben/<name>.py, listed in MODULE below
    def verwendungsnachweise(k: Kontext) -> int:
        ...                                   # read what earlier processes wrote, write rows
        return anzahl

Each process reads the rows the earlier ones wrote (final grants, calls, …) from the database
and writes its own with ``schreiben()`` (COPY on PostgreSQL, bulk_create elsewhere), in
batches, with its own ``random.Random(name)``, so adding a process never changes what the
others write. ``loeschen()`` removes every row hanging off the bench Anträge, whatever model a
process added, by following the foreign keys.

Shares (DOMAIN.md §4a, realistic for a programme that runs since 2016): every past grant is
final (bestandskräftig) with a Zuwendung; its calls are paid (1–4 per grant), Part II grants
forwarded to their Letztempfänger, its Verwendungsnachweis deadline closed except for the
last two years; some grants have refund claims, most paid (partly in instalments). Grants
of the current year are final for the most part and have calls in every state. One grant in
eight asked for a change (extension or waiver; past ones final, this year's in every state);
every recognised grant has its closed Verwendungsnachweis, last year's are in every state of
the VN table; the claims carry their Widerruf procedure (Anhörung, Erstattungsbescheid).
"""

from __future__ import annotations

import datetime
import importlib
import io
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models, transaction

BATCH = 5000
TZ = datetime.UTC

#: Modules with processes, in order (later ones read what earlier ones wrote).
MODULE = [
    "bench.leben.bestand",
    "bench.leben.aenderung",
    "bench.leben.auszahlung",
    "bench.leben.weiterleitung",
    "bench.leben.rueckforderung",
    "bench.leben.widerruf",
    "bench.leben.vn",
    "bench.leben.fristen",
]

Prozess = Callable[["Kontext"], int]
PROZESSE: dict[str, Prozess] = {}


def prozess(name: str) -> Callable[[Prozess], Prozess]:
    def registrieren(funktion: Prozess) -> Prozess:
        PROZESSE[name] = funktion
        return funktion

    return registrieren


@dataclass
class Kontext:
    """What every process needs: the bench users, today, the bench Anträge (a queryset)."""

    users: dict
    heute: datetime.date
    antraege: models.QuerySet
    aktuelles_jahr: int
    rng: random.Random = field(default_factory=random.Random)
    log: Callable[[str], None] = print


def anlegen(kontext: Kontext) -> dict[str, int]:
    """Run every process in order; {name: rows written}."""
    for modul in MODULE:
        importlib.import_module(modul)
    result = {}
    for name, funktion in PROZESSE.items():
        t0 = time.monotonic()
        kontext.rng = random.Random(name)
        result[name] = funktion(kontext)
        kontext.log(f"  {name}: {result[name]} Zeilen ({time.monotonic() - t0:.0f} s)")
    return result


# --- writing rows fast ---------------------------------------------------------------------


def bloecke(zeilen: Iterable, groesse: int = BATCH) -> Iterator[list]:
    block = []
    for zeile in zeilen:
        block.append(zeile)
        if len(block) >= groesse:
            yield block
            block = []
    if block:
        yield block


def _text(wert) -> str:
    """One value in PostgreSQL's COPY text format."""
    if wert is None:
        return r"\N"
    if isinstance(wert, bool):
        text = "t" if wert else "f"
    elif isinstance(wert, (bytes, memoryview)):
        text = "\\x" + bytes(wert).hex()
    else:
        text = str(wert)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _roh(wert):
    return wert


def _wandler(f) -> Callable:
    """How a field's Python value becomes the COPY value (plain types as they are)."""
    if isinstance(f, models.JSONField):
        return lambda w: json.dumps(w, cls=f.encoder, ensure_ascii=False)
    if isinstance(f, models.BinaryField):
        return lambda w: None if w is None else bytes(w)
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        jetzt = datetime.datetime.now(TZ)
        return lambda w: jetzt if w is None else w  # a timestamp nobody gave: now, as save() would
    einfach = (
        models.CharField, models.TextField, models.IntegerField, models.DecimalField, models.DateField,
        models.BooleanField, models.ForeignKey, models.AutoField, models.BigAutoField,
    )  # fmt: skip
    if isinstance(f, einfach):  # DateTimeField is a DateField: aware datetimes print as PostgreSQL reads them
        return _roh
    return lambda w: f.get_db_prep_save(w, connection)


def _ids(model, anzahl: int) -> list[int]:
    tabelle = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{tabelle}', '{model._meta.pk.column}')) FROM generate_series(1, %s)",
            [anzahl],
        )
        return [r[0] for r in cursor.fetchall()]


def schreiben(model, objekte: list) -> list:
    """Insert ``objekte`` (unsaved instances, every value set, auto_now fields too) and give them
    their primary keys: COPY on PostgreSQL (ids drawn from the sequence first), bulk_create
    elsewhere. The caller holds the transaction."""
    if not objekte:
        return objekte
    if connection.vendor != "postgresql":
        with historische_zeitstempel(model):
            return model.objects.bulk_create(objekte, batch_size=500)
    felder = list(model._meta.concrete_fields)
    if model._meta.auto_field:  # else the primary key is given (e.g. a one-to-one to the Antrag)
        for obj, pk in zip(objekte, _ids(model, len(objekte)), strict=True):
            obj.pk = pk
    wandler = [(f.attname, _wandler(f)) for f in felder]
    puffer = io.StringIO()
    for obj in objekte:
        puffer.write("\t".join([_text(w(getattr(obj, name))) for name, w in wandler]) + "\n")
    puffer.seek(0)
    spalten = ", ".join(connection.ops.quote_name(f.column) for f in felder)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({spalten}) FROM STDIN", puffer)
    for obj in objekte:
        obj._state.adding = False
    return objekte


@contextmanager
def historische_zeitstempel(*modelle):
    """bulk_create writes the timestamps given instead of now() (auto_now/auto_now_add)."""
    felder = [
        f
        for m in modelle
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    alt = [(f, f.auto_now, f.auto_now_add) for f in felder]
    for f in felder:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in alt:
            f.auto_now, f.auto_now_add = now, now_add


def in_bloecken(k: Kontext, name: str, zeilen: Iterable, je_block: Callable[[list], int]) -> int:
    """Feed ``zeilen`` block by block to ``je_block`` (one transaction each); rows written."""
    anzahl = 0
    for block in bloecke(zeilen):
        with transaction.atomic():
            anzahl += je_block(block)
    return anzahl


def zeitpunkt(tag: datetime.date, stunde: int = 10) -> datetime.datetime:
    return datetime.datetime(tag.year, tag.month, tag.day, stunde, 0, tzinfo=TZ)


# --- removing the bench rows --------------------------------------------------------------


def _abhaengige(model) -> list[tuple[type, str]]:
    return [
        (rel.related_model, rel.field.name)
        for rel in model._meta.related_objects
        if rel.related_model is not model and not rel.many_to_many
    ]


def loeschen_unter(model, qs, tiefe: int = 0) -> None:
    """Delete the rows of ``qs`` (of ``model``) and, first, every row that refers to them."""
    if tiefe > 8:
        raise SystemExit(f"Zu tief verschachtelt beim Löschen von {model.__name__}")
    for abh, feld in _abhaengige(model):
        loeschen_unter(abh, abh._base_manager.filter(**{f"{feld}__in": qs.values("pk")}), tiefe + 1)
    qs._raw_delete(connection.alias)
