"""The shape of the code, read with `ast` (nothing is imported): who may import whom.

- `komman` is the base: it imports no other app (urls, settings and wsgi excepted, they
  wire the apps together). The apps fill in komman's hooks in their AppConfig.ready().
- `programmteile` imports nothing of `antraege` (antraege imports programmteile).
- Inside an app, no two modules import each other, directly or round a longer loop, at
  module level or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WURZEL = Path(__file__).resolve().parent.parent
APPS = [name for name in ("komman", "programmteile", "antraege", "zuwendungen", "auswertung") if (WURZEL / name).is_dir()]
# The project wiring in komman may name the apps.
KOMMAN_VERDRAHTUNG = {"komman.urls", "komman.settings", "komman.wsgi"}
# Cycles that are known and being removed elsewhere: {frozenset of modules: reason}.

def _modulname(pfad: Path) -> str:
    teile = list(pfad.relative_to(WURZEL).with_suffix("").parts)
    if teile[-1] == "__init__":
        teile.pop()
    return ".".join(teile)


def _module(app: str) -> dict[str, Path]:
    """Every module of the app, migrations aside (they are history, not structure)."""
    return {
        _modulname(pfad): pfad
        for pfad in sorted((WURZEL / app).rglob("*.py"))
        if "migrations" not in pfad.relative_to(WURZEL).parts
    }


ALLE_MODULE: dict[str, Path] = {name: pfad for app in APPS for name, pfad in _module(app).items()}


def _importe(modul: str, pfad: Path) -> set[str]:
    """The modules this one imports (anywhere in it); `from x import y` counts x.y if y is a module."""
    paket = modul if pfad.name == "__init__.py" else modul.rpartition(".")[0]
    ziele: set[str] = set()
    for knoten in ast.walk(ast.parse(pfad.read_text(encoding="utf-8"), filename=str(pfad))):
        if isinstance(knoten, ast.Import):
            ziele.update(alias.name for alias in knoten.names)
        elif isinstance(knoten, ast.ImportFrom):
            basis = knoten.module or ""
            if knoten.level:
                anker = paket.split(".")[: len(paket.split(".")) - (knoten.level - 1)]
                basis = ".".join([*anker, *([basis] if basis else [])])
            for alias in knoten.names:
                unter = f"{basis}.{alias.name}"
                ziele.add(unter if unter in ALLE_MODULE else basis)
    return ziele


def _app(modul: str) -> str:
    return modul.split(".")[0]


def test_the_apps_are_found():
    assert {"komman", "programmteile", "antraege"} <= set(APPS)
    assert "komman.views" in ALLE_MODULE and "antraege.workflow" in ALLE_MODULE


def test_komman_imports_no_other_app():
    verstoesse = [
        f"{modul} imports {ziel}"
        for modul, pfad in _module("komman").items()
        if modul not in KOMMAN_VERDRAHTUNG
        for ziel in sorted(_importe(modul, pfad))
        if _app(ziel) in APPS and _app(ziel) != "komman"
    ]
    assert not verstoesse, "komman is the base and imports no app; use a hook (AppConfig.ready()):\n" + "\n".join(
        verstoesse
    )


def test_programmteile_imports_nothing_of_antraege():
    verstoesse = [
        f"{modul} imports {ziel}"
        for modul, pfad in _module("programmteile").items()
        for ziel in sorted(_importe(modul, pfad))
        if _app(ziel) in {"antraege", "zuwendungen", "auswertung"}
    ]
    assert not verstoesse, "\n".join(verstoesse)


def _zyklen(app: str) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    module = _module(app)
    kanten = {m: {z for z in _importe(m, p) if z in module and z != m} for m, p in module.items()}
    index: dict[str, int] = {}
    tief: dict[str, int] = {}
    stapel: list[str] = []
    auf_stapel: set[str] = set()
    ergebnis: list[frozenset[str]] = []

    def besuche(m: str) -> None:
        index[m] = tief[m] = len(index)
        stapel.append(m)
        auf_stapel.add(m)
        for z in kanten[m]:
            if z not in index:
                besuche(z)
                tief[m] = min(tief[m], tief[z])
            elif z in auf_stapel:
                tief[m] = min(tief[m], index[z])
        if tief[m] == index[m]:
            gruppe = set()
            while True:
                z = stapel.pop()
                auf_stapel.discard(z)
                gruppe.add(z)
                if z == m:
                    break
            if len(gruppe) > 1:
                ergebnis.append(frozenset(gruppe))

    for m in sorted(kanten):
        if m not in index:
            besuche(m)
    return ergebnis


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycles_within_an_app(app):
    zyklen = [sorted(z) for z in _zyklen(app)]
    assert not zyklen, f"Modules of {app} that import each other: {zyklen}"

