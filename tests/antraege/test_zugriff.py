"""Access in one place (issue 15): status groups, the transition table, the lookups, the import graph."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from antraege import uebergaenge, workflow
from antraege.models import Anlage, Antrag, Dokument
from antraege.zugriff import ZWECKE, anlage_fuer, antraege_fuer, antrag_fuer, dokument_fuer, verlange
from komman.models import Rolle
from tests.factories import make_eingereichter_antrag, make_periode

S = Antrag.Status
ZB, P, Z = Rolle.ZEICHNUNGSBERECHTIGT, Rolle.PRUEFUNG, Rolle.ZEICHNUNG
ANTRAEGE = Path(__file__).resolve().parents[2] / "antraege"

# --- Status groups ---

# Every status and the groups it belongs to, as DESIGN.md §6/§7 describe them.
# fmt: off
GRUPPEN = {
    S.ENTWURF:                   {"BEARBEITBAR"},
    S.EINGEREICHT:               {"IN_PRUEFUNG"},
    S.FORMALE_PRUEFUNG:          {"IN_PRUEFUNG"},
    S.NACHFORDERUNG:             {"BEARBEITBAR", "IN_PRUEFUNG"},  # the applicant answers, the Prüfung waits
    S.INHALTLICHE_PRUEFUNG:      {"IN_PRUEFUNG"},
    S.ANHOERUNG:                 {"IN_PRUEFUNG"},
    S.BEWILLIGUNG_VORGESCHLAGEN: {"VORGESCHLAGEN"},
    S.ABLEHNUNG_VORGESCHLAGEN:   {"VORGESCHLAGEN"},
    S.BEWILLIGT:                 {"ENTSCHIEDEN", "ANFECHTBAR"},
    S.ABGELEHNT:                 {"ENTSCHIEDEN", "ANFECHTBAR"},
    S.ZURUECKGEZOGEN:            set(),  # closed, but nobody decided
    # wave 2 (issue 18): the notice is challenged or final
    S.KLAGE_ANHAENGIG:           {"ENTSCHIEDEN"},
    S.BESTANDSKRAEFTIG:          {"ENTSCHIEDEN", "BESTANDSKRAFT"},
    S.ABLEHNUNG_BESTANDSKRAEFTIG: {"ENTSCHIEDEN", "BESTANDSKRAFT"},
}
# fmt: on


def test_status_groups_cover_every_status_as_documented():
    assert set(GRUPPEN) == set(S), "a new status needs its groups here and in antraege/models/antrag.py"
    for name in ("BEARBEITBAR", "IN_PRUEFUNG", "VORGESCHLAGEN", "ENTSCHIEDEN", "ANFECHTBAR", "BESTANDSKRAFT"):
        gruppe = getattr(S, name)
        assert len(set(gruppe)) == len(gruppe)
        assert set(gruppe) == {s for s, gruppen in GRUPPEN.items() if name in gruppen}, name
    # OFFEN and ABGESCHLOSSEN split all states in two: before the decision and after it.
    assert set(S.OFFEN) | set(S.ABGESCHLOSSEN) == set(S)
    assert not set(S.OFFEN) & set(S.ABGESCHLOSSEN)
    assert set(S.ABGESCHLOSSEN) == {
        S.BEWILLIGT, S.ABGELEHNT, S.ZURUECKGEZOGEN, S.KLAGE_ANHAENGIG, S.BESTANDSKRAEFTIG,
        S.ABLEHNUNG_BESTANDSKRAEFTIG,
    }  # fmt: skip
    # the groups are no enum members: the choices are the 11 states of wave 1 and 3 of issue 18
    assert len(S.choices) == 14


# DESIGN.md §6, the lifecycle as one table; antraege.uebergaenge builds it from the groups.
# fmt: off
TABELLE = {
    S.ENTWURF:                   {S.EINGEREICHT: ZB},
    S.EINGEREICHT:               {S.FORMALE_PRUEFUNG: P},
    S.FORMALE_PRUEFUNG:          {S.NACHFORDERUNG: P, S.INHALTLICHE_PRUEFUNG: P, S.ANHOERUNG: P},
    S.NACHFORDERUNG:             {S.EINGEREICHT: ZB, S.ANHOERUNG: P},
    S.INHALTLICHE_PRUEFUNG:      {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ANHOERUNG: P},
    S.ANHOERUNG:                 {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ABLEHNUNG_VORGESCHLAGEN: P, S.ANHOERUNG: P},
    S.BEWILLIGUNG_VORGESCHLAGEN: {S.BEWILLIGT: Z, S.INHALTLICHE_PRUEFUNG: Z},
    S.ABLEHNUNG_VORGESCHLAGEN:   {S.ABGELEHNT: Z, S.INHALTLICHE_PRUEFUNG: Z},
}
# fmt: on
for _state in TABELLE:
    TABELLE[_state][S.ZURUECKGEZOGEN] = ZB
# After the notice (issue 18): events (waiver, end of the Frist) and the Prüfung's Klage records.
SYS = uebergaenge.SYSTEM
TABELLE.update({
    S.BEWILLIGT:       {S.BESTANDSKRAEFTIG: SYS, S.KLAGE_ANHAENGIG: P},
    S.ABGELEHNT:       {S.ABLEHNUNG_BESTANDSKRAEFTIG: SYS, S.KLAGE_ANHAENGIG: P},
    S.KLAGE_ANHAENGIG: {S.BESTANDSKRAEFTIG: P, S.ABLEHNUNG_BESTANDSKRAEFTIG: P, S.BEWILLIGT: P},
})  # fmt: skip


def test_transition_table_is_the_documented_one():
    assert uebergaenge.TRANSITIONS == TABELLE
    assert workflow.TRANSITIONS is uebergaenge.TRANSITIONS  # old imports keep working
    assert workflow.erlaubt is uebergaenge.erlaubt
    # every open state moves on; after the decision only the issued, not yet final notice does
    assert set(uebergaenge.TRANSITIONS) == {*S.OFFEN, *S.ANFECHTBAR, S.KLAGE_ANHAENGIG}


def test_roles_follow_the_status_groups():
    for von, schritte in uebergaenge.TRANSITIONS.items():
        for nach, rolle in schritte.items():
            if von in (*S.ANFECHTBAR, S.KLAGE_ANHAENGIG):
                assert rolle in (SYS, P), (von, nach)
            elif rolle == ZB:
                assert nach == S.ZURUECKGEZOGEN or von in S.BEARBEITBAR, (von, nach)
            elif rolle == P:
                assert von in S.IN_PRUEFUNG, (von, nach)
            else:
                assert rolle == Z and von in S.VORGESCHLAGEN, (von, nach)


# --- The import graph ---


def _module_name(path: Path) -> str:
    teile = path.relative_to(ANTRAEGE.parent).with_suffix("").parts
    return ".".join(teile[:-1] if teile[-1] == "__init__" else teile)


def _import_graph() -> dict[str, set[str]]:
    """antraege module → the antraege modules it imports, at the top or inside a function."""
    dateien = [p for p in ANTRAEGE.rglob("*.py") if "migrations" not in p.parts]
    module = {_module_name(p) for p in dateien}
    graph: dict[str, set[str]] = {}
    for pfad in dateien:
        name = _module_name(pfad)
        paket = name if pfad.name == "__init__.py" else name.rpartition(".")[0]
        ziele = set()
        for node in ast.walk(ast.parse(pfad.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                ziele |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                basis = node.module or ""
                if node.level:
                    oben = paket.split(".")[: len(paket.split(".")) - node.level + 1]
                    basis = ".".join([*oben, basis] if basis else oben)
                for a in node.names:
                    ziele.add(f"{basis}.{a.name}" if f"{basis}.{a.name}" in module else basis)
        graph[name] = {z for z in ziele if z in module and z != name}
    return graph


def _erreichbar(graph: dict[str, set[str]], start: str) -> set[str]:
    gesehen, offen = set(), [start]
    while offen:
        for ziel in graph.get(offen.pop(), ()):
            if ziel not in gesehen:
                gesehen.add(ziel)
                offen.append(ziel)
    return gesehen


def test_permissions_never_imports_workflow():
    graph = _import_graph()
    assert "antraege.workflow" not in _erreichbar(graph, "antraege.permissions")
    assert "antraege.workflow" not in _erreichbar(graph, "antraege.uebergaenge")
    assert _erreichbar(graph, "antraege.uebergaenge") <= {"antraege.models"} | {
        m for m in graph if m.startswith("antraege.models.")
    }, "the transition table is pure data: models only"


def test_no_import_cycles_between_modules_of_antraege():
    graph = _import_graph()
    zyklen = sorted(m for m in graph if m in _erreichbar(graph, m))
    assert not zyklen, f"modules on an import cycle: {zyklen}"


def test_views_look_objects_up_only_through_zugriff():
    """No view fetches an Antrag, Anlage or Dokument itself: antraege.zugriff decides the scope."""
    verboten = ("get_object_or_404(Antrag", "get_object_or_404(Anlage", "get_object_or_404(Dokument")
    for pfad in (ANTRAEGE / "views").rglob("*.py"):
        text = pfad.read_text(encoding="utf-8")
        for muster in (*verboten, "Antrag.objects.visible_to", "organisation_ids(request.user)).exclude"):
            assert muster not in text, f"{pfad.name}: {muster}"


def test_access_modules_stay_under_400_lines():
    """The split of issue 15 (the rest of the app follows as its owners split their modules)."""
    dateien = [
        *(ANTRAEGE / "views").rglob("*.py"),
        *(ANTRAEGE / "forms").rglob("*.py"),
        *(ANTRAEGE / "models").rglob("*.py"),
        *(ANTRAEGE / name for name in ("permissions.py", "zugriff.py", "uebergaenge.py", "urls.py")),
    ]
    zu_lang = {p.name: n for p in dateien if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not zu_lang


# --- The lookups ---


@pytest.fixture
def welt(db, dortmund, bochum, ki_dortmund):
    """Dortmund's submitted Antrag and draft, Bochum's submitted Antrag, each with a letter and an attachment."""
    periode = make_periode("II")
    entwurf_periode = make_periode("II", jahr=2031)
    eigen = make_eingereichter_antrag(periode, dortmund)
    entwurf = make_eingereichter_antrag(entwurf_periode, dortmund, status=S.ENTWURF)
    fremd = make_eingereichter_antrag(periode, bochum)
    dokumente, anlagen = {}, {}
    for name, antrag in (("eigen", eigen), ("entwurf", entwurf), ("fremd", fremd)):
        inhalt = f"%PDF-1.4 {name}".encode()
        dokumente[name] = Dokument.objects.create(
            antrag=antrag,
            art=Dokument.Art.EINGANGSBESTAETIGUNG,
            pdf=inhalt,
            sha256=hashlib.sha256(inhalt).hexdigest(),
            erstellt_von=ki_dortmund,
        )
        anlagen[name] = Anlage.objects.create(
            antrag=antrag,
            dateiname=f"{name}.pdf",
            pfad=f"anlagen/{antrag.pk}/{name}.pdf",
            content_type="application/pdf",
            groesse=1,
            sha256="0" * 64,
            hochgeladen_von=ki_dortmund,
        )
    return {
        "eigen": eigen,
        "entwurf": entwurf,
        "fremd": fremd,
        "dokumente": dokumente,
        "anlagen": anlagen,
    }


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize("zweck", sorted(ZWECKE))
def test_antrag_of_another_organisation_is_404_for_every_zweck(welt, ki_dortmund, zweck):
    with pytest.raises(Http404):
        antrag_fuer(_request(ki_dortmund), welt["fremd"].pk, zweck=zweck)
    if zweck != "pruefen":  # the reviewer's list itself is a 404 for applicants
        assert not antraege_fuer(_request(ki_dortmund), zweck=zweck).filter(pk=welt["fremd"].pk).exists()


@pytest.mark.parametrize(
    ("persona", "zweck", "sieht"),
    [
        # the applicant: their own Antrag and draft, never the reviewer's pages
        ("ki_dortmund", "lesen", {"eigen", "entwurf"}),
        ("ki_dortmund", "bearbeiten", {"eigen", "entwurf"}),
        ("ki_dortmund", "antworten", {"eigen"}),
        ("ki_dortmund", "pruefen", set()),
        # the Bezirksregierung: everything submitted, no draft, nothing to answer
        ("pruefung_arnsberg", "lesen", {"eigen", "fremd"}),
        ("pruefung_arnsberg", "bearbeiten", {"eigen", "fremd"}),
        ("pruefung_arnsberg", "pruefen", {"eigen", "fremd"}),
        ("pruefung_arnsberg", "antworten", set()),
    ],
)
def test_lookup_scope_per_zweck(request, welt, persona, zweck, sieht):
    user = request.getfixturevalue(persona)
    for name in ("eigen", "entwurf", "fremd"):
        if name in sieht:
            assert antrag_fuer(_request(user), welt[name].pk, zweck=zweck) == welt[name]
        else:
            with pytest.raises(Http404):
                antrag_fuer(_request(user), welt[name].pk, zweck=zweck)


@pytest.mark.parametrize("zweck", sorted(ZWECKE))
def test_inactive_member_gets_404_for_every_zweck(welt, zeichnung_dortmund, zweck):
    """The answer page had its own lookup without visible_to(); now every zweck goes through it."""
    zeichnung_dortmund.is_active = False
    zeichnung_dortmund.save()
    with pytest.raises(Http404):
        antrag_fuer(_request(zeichnung_dortmund), welt["eigen"].pk, zweck=zweck)


@pytest.mark.parametrize(
    ("persona", "sieht"),
    [
        ("ki_dortmund", {"eigen", "entwurf"}),
        ("pruefung_arnsberg", {"eigen", "fremd"}),
        ("ki_bochum", {"fremd"}),
    ],
)
def test_document_and_attachment_lookup_respect_visibility(request, welt, persona, sieht):
    user = request.getfixturevalue(persona)
    for name in ("eigen", "entwurf", "fremd"):
        antrag, dokument, anlage = welt[name], welt["dokumente"][name], welt["anlagen"][name]
        if name in sieht:
            assert dokument_fuer(_request(user), antrag.pk, dokument.pk) == (antrag, dokument)
            assert anlage_fuer(_request(user), antrag.pk, anlage.pk) == (antrag, anlage)
        else:
            with pytest.raises(Http404):
                dokument_fuer(_request(user), antrag.pk, dokument.pk)
            with pytest.raises(Http404):
                anlage_fuer(_request(user), antrag.pk, anlage.pk)
    # the pk of an Antrag one sees does not open another Antrag's letter or attachment
    for antrag, anderes in (("eigen", "fremd"), ("fremd", "eigen")):
        with pytest.raises(Http404):
            dokument_fuer(_request(user), welt[antrag].pk, welt["dokumente"][anderes].pk)
        with pytest.raises(Http404):
            anlage_fuer(_request(user), welt[antrag].pk, welt["anlagen"][anderes].pk)


def test_removed_attachment_is_404(welt, ki_dortmund):
    anlage = welt["anlagen"]["eigen"]
    Anlage.objects.filter(pk=anlage.pk).update(geloescht=True)
    with pytest.raises(Http404):
        anlage_fuer(_request(ki_dortmund), welt["eigen"].pk, anlage.pk)


def test_verlange_turns_a_refusal_into_403_with_the_reason():
    verlange((True, ""))
    with pytest.raises(PermissionDenied, match="Nur zur Probe."):
        verlange((False, "Nur zur Probe."))


def test_refusal_reason_reaches_the_403_page(client, welt, pruefung_arnsberg):
    """The Bezirksregierung sees the Antrag (no 404) but may not edit it: 403 with the German reason."""
    client.force_login(pruefung_arnsberg)
    response = client.get(reverse("antraege:bearbeiten", args=[welt["eigen"].pk]))
    assert response.status_code == 403
    assert (
        "Bearbeiten dürfen nur Mitarbeitende der antragstellenden Organisation." in response.content.decode()
    )
