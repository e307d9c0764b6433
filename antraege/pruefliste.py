"""The reviewers' queue at 100,000 Anträge: plain rows, remembered lookups, a remembered form.

The queue is the page reviewers open most, and it must stay within reach of a lean 50-row
list of the same table (issue 11, docs/leistung.md). What the page cost, profiled on the
100,000-row bench database (two cores, in process, 36 ms in all):

- 11 ms: query and five model instances per row (Antrag, Organisation, Foerderperiode,
  Programmteil, User) → now one query of plain values joined to the Organisation only;
  periods and reviewers come from `nachschlagen()` (33 periods, a handful of reviewers);
- 6 ms: the row template (nine cells, a {% url %} and three filters per row) → now built
  here in Python, every value through html.escape, as Django's admin builds its change-list
  cells in Python (django.contrib.admin.templatetags.admin_list.items_for_result);
- 8–10 ms: the filter form (crispy fields, one widget template per option, three queries
  for the choices) → now rendered once per filter and master-data stand and remembered
  (`filter_html()`); a form with errors is always rendered afresh.

Lookups and the remembered form follow `komman.seiten`: kept for at most
KOMMAN_ZAEHLUNG_SEKUNDEN (0 in the tests) and dropped at once in this process when a
Förderperiode, Programmteil, user or membership changes (signals below).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from antraege.models import Antrag, Schreiben, Statuswechsel
from komman.formate import datum
from komman.models import Mitgliedschaft, Organisation, Rolle, User
from komman.seiten import betrag, merkdauer, tag, verweis
from komman.seiten import e as _e
from programmteile.models import Foerderperiode, Programmteil

# The columns the queue shows, as values (no model instances).
FELDER = (
    "pk",
    "aktenzeichen",
    "status",
    "eingereicht_am",
    "beantragt",
    "zuwendung",
    "foerderperiode_id",
    "bearbeitet_von_id",
    "antragsteller__name",
    "antragsteller__art",
    "antragsteller__kommunentyp",
    "antragsteller__regierungsbezirk",
    "offene_frist",  # "abgelaufen" is read off it (zeilen), no second subquery per row
)

_VERSION = "komman:stammdaten:version"


def stand() -> str:
    """Changes with every new Antrag and every Statuswechsel (registered with komman.seiten)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {Antrag._meta.db_table}), "  # noqa: S608 (table names from _meta)
            f"(SELECT MAX(id) FROM {Statuswechsel._meta.db_table})"
        )
        antrag, wechsel = cursor.fetchone()
    return f"{antrag}-{wechsel}"


@dataclass(frozen=True)
class Nachschlagen:
    """Master data the queue shows and filters by: a few dozen rows, remembered."""

    perioden: dict[int, str]  # Foerderperiode id -> "II / 2026" (table cell)
    personen: dict[int, str]  # User id -> str(user), reviewers of the Bezirksregierung
    # Filter choices as (id, label), in the order the form lists them.
    programmteil_auswahl: list[tuple[int, str]]
    perioden_auswahl: list[tuple[int, str]]
    pruefer_auswahl: list[tuple[int, str]]
    # Foerderperiode id -> (frist_vn_monate, frist_zwischennachweis_monate) of its rules: the
    # deadlines in the list of Zuwendungen (zuwendungen.uebersicht), no period read per page.
    vn_monate: dict[int, tuple[int | None, int | None]]


class _Anzeige:
    """What Organisation.__str__ reads, without a model instance."""

    Art = Organisation.Art
    Kommunentyp = Organisation.Kommunentyp

    def __init__(self, *, name: str, art: str, kommunentyp: str):
        self.name, self.art, self.kommunentyp = name, art, kommunentyp


def organisation_name(name: str, art: str, kommunentyp: str) -> str:
    """str(Organisation) from plain values: "Kreis Heinsberg", "Stadt Dortmund"."""
    return Organisation.__str__(_Anzeige(name=name, art=art, kommunentyp=kommunentyp))


def ueberfaellig(heute: date | None = None) -> Q:
    """Anträge whose current deadline has passed: the latest open letter of the current step
    (Nachforderung or Anhörung) lies before today. The queue row, its filter, the CSV export and
    the start page's count all use this definition.

    Two semi-joins over the few open letters: an open letter past its deadline, and none still
    running. (An unanswered, expired Anhörung stays open when a second Anhörung is started;
    then the Antrag is not overdue.) Filtering on the annotated latest deadline instead would
    compute it for every Antrag: 110 ms instead of 1 ms at 100,000.
    """
    heute = heute or timezone.localdate()
    offen = Schreiben.objects.filter(
        antrag=OuterRef("pk"), art=OuterRef("status"), beantwortet_am__isnull=True
    )
    return Q(Exists(offen.filter(frist__lt=heute))) & ~Q(Exists(offen.filter(frist__gte=heute)))


def stammdaten_version() -> int:
    """Changes with every change of periods, parts, persons or memberships (signals below)."""
    return cache.get_or_set(_VERSION, 0, None)


def _gemerkt(name: str, berechnen):
    sekunden = merkdauer()
    if sekunden <= 0:
        return berechnen()
    return cache.get_or_set(f"komman:{name}:{stammdaten_version()}", berechnen, sekunden)


def nachschlagen() -> Nachschlagen:
    def berechnen() -> Nachschlagen:
        perioden = list(Foerderperiode.objects.select_related("programmteil"))  # Meta ordering
        pruefer = list(
            User.objects.filter(
                pk__in=Mitgliedschaft.objects.filter(
                    organisation__art=Organisation.Art.BEZIRKSREGIERUNG, rolle=Rolle.PRUEFUNG
                ).values("user_id")
            ).order_by("last_name", "first_name", "username")
        )
        return Nachschlagen(
            perioden={p.pk: f"{p.programmteil.nummer} / {p.foerderjahr}" for p in perioden},
            personen={u.pk: str(u) for u in pruefer},
            programmteil_auswahl=[(t.pk, str(t)) for t in Programmteil.objects.exclude(antragsteller_art="")],
            perioden_auswahl=[(p.pk, str(p)) for p in perioden],
            pruefer_auswahl=[(u.pk, str(u)) for u in pruefer],
            vn_monate={p.pk: _vn_monate(p.parameter().allgemein) for p in perioden},
        )

    return _gemerkt("nachschlagen", berechnen)


def _vn_monate(allgemein) -> tuple[int | None, int | None]:
    return allgemein.frist_vn_monate, allgemein.frist_zwischennachweis_monate


@dataclass(frozen=True)
class Zeile:
    """One row of the queue: the values, and its cells as HTML."""

    pk: int
    aktenzeichen: str
    status: str
    html: SafeString


_STATUS = {wert: str(label) for wert, label in Antrag.Status.choices}


def _fehlende_personen(werte: list[dict], personen: dict[int, str]) -> dict[int, str]:
    """Someone no longer a reviewer may still be responsible for older Anträge."""
    fehlen = {w["bearbeitet_von_id"] for w in werte} - set(personen) - {None}
    if not fehlen:
        return personen
    return {**personen, **{u.pk: str(u) for u in User.objects.filter(pk__in=fehlen)}}


def zeilen(werte: list[dict], lookup: Nachschlagen) -> list[Zeile]:
    """The rows of one page: the cells the template used to render, built in Python.

    Every value is escaped with html.escape (what Django's escape does, without its lazy
    wrapper); the link is reversed once and the id put in, not reversed 50 times.
    """
    personen = _fehlende_personen(werte, lookup.personen)
    heute = timezone.localdate()
    link = verweis("antraege:pruefung_detail")
    ergebnis = []
    for w in werte:
        antragsteller = organisation_name(
            w["antragsteller__name"], w["antragsteller__art"], w["antragsteller__kommunentyp"]
        )
        bezirk = w["antragsteller__regierungsbezirk"]
        eingang: datetime | None = w["eingereicht_am"]
        frist: date | None = w["offene_frist"]
        if not frist:
            frist_html = "–"
        elif frist < heute:
            frist_html = f'{datum(frist)} <strong class="befund-fehler">abgelaufen</strong>'
        else:
            frist_html = datum(frist)
        zustaendig = personen.get(w["bearbeitet_von_id"], "–") if w["bearbeitet_von_id"] else "–"
        html = (
            f'<th scope="row"><a href="{link(w["pk"])}">'
            f"{_e(w['aktenzeichen'] or '(ohne Aktenzeichen)')}</a></th>"
            f"<td>{_e(antragsteller)}"
            + (f'<br><span class="small text-muted">RB {_e(bezirk)}</span>' if bezirk else "")
            + f"</td><td>{_e(lookup.perioden.get(w['foerderperiode_id'], ''))}</td>"
            f'<td><span class="status">{_e(_STATUS.get(w["status"], w["status"]))}</span></td>'
            f"<td>{tag(eingang)}</td>"
            f'<td class="tabelle-betrag">{betrag(w["beantragt"])}</td>'
            f'<td class="tabelle-betrag">{betrag(w["zuwendung"])}</td>'
            f"<td>{_e(zustaendig)}</td><td>{frist_html}</td>"
        )
        ergebnis.append(Zeile(w["pk"], w["aktenzeichen"], w["status"], mark_safe(html)))  # noqa: S308 (escaped above)
    return ergebnis


def filter_gesetzt(request) -> bool:
    """Whether the request filters or sorts (the page number alone does neither)."""
    return any(k != "seite" for k in request.GET)


# Filters whose values come from a fixed list: only forms set with these are remembered, so the
# cache holds a bounded number of forms (free text, dates and amounts are rendered afresh).
AUSWAHLFILTER = frozenset(
    {
        "programmteil",
        "foerderperiode",
        "status",
        "regierungsbezirk",
        "bearbeitet_von",
        "meine",
        "ueberfaellig",
        "sortierung",
    }
)


def filter_html(request, filterset: Callable[[], object]) -> SafeString:
    """The filter form as HTML, rendered once per filter values and master-data stand.

    `filterset()` gives the (bound or unbound) FilterSet; it is only built when the HTML is
    not remembered. The rendering depends only on the submitted values and the choice lists
    (periods, reviewers), never on the user. A form with errors is rendered afresh every time.
    """
    gesetzt = filter_gesetzt(request)

    def rendern(fs=None) -> str:
        fs = fs or filterset()
        return render_to_string("antraege/pruefung/_filter.html", {"filter": fs, "offen": gesetzt}, request)

    werte = sorted(
        (k, tuple(request.GET.getlist(k))) for k in request.GET if k != "seite" and request.GET.get(k)
    )
    if gesetzt:
        fs = filterset()
        if not fs.form.is_valid() or any(k not in AUSWAHLFILTER for k, _ in werte):
            return mark_safe(rendern(fs))  # noqa: S308 (rendered by the template engine)
    schluessel = hashlib.sha256(repr(werte).encode()).hexdigest()
    return mark_safe(_gemerkt(f"filterformular:{schluessel}", rendern))  # noqa: S308


@receiver(post_save, sender=Foerderperiode)
@receiver(post_delete, sender=Foerderperiode)
@receiver(post_save, sender=Programmteil)
@receiver(post_delete, sender=Programmteil)
@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
@receiver(post_save, sender=Mitgliedschaft)
@receiver(post_delete, sender=Mitgliedschaft)
def stammdaten_geaendert(sender, **kwargs) -> None:
    """A new version: remembered lookups and forms of this process are not used again."""
    felder = kwargs.get("update_fields")
    if sender is User and felder and set(felder) <= {"last_login", "password"}:
        return  # every login saves last_login; names and memberships are unchanged
    transaction.on_commit(_neue_version)  # not before: a rollback must not leave a new version behind


def _neue_version() -> None:
    try:
        cache.incr(_VERSION)
    except ValueError:
        cache.set(_VERSION, 1, None)
