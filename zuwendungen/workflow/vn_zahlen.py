"""The figures of a Verwendungsnachweis: the Finanzierungsplan lines (plan vs actual), the checks
with Befunde at the field, and the recognised grant from rules.verwendungsnachweis_* (DOMAIN.md
§4a "Recognised grant"). Amounts in ``Verwendungsnachweis.zahlen`` are decimal strings:

- ``einnahmen``: {"eigenanteil", "dritte", "oeffentlich"} (actual income besides this grant);
- Part I ``teil1``: {"stellen": [{"vze", "monate"}], "personal", "sachmittel"};
- Part II ``teil2``: {"erbracht": {position_pk: units}, "empfaenger": {name: {"erhalten",
  "verwendet", "erstattet"}}};
- Part III ``teil3``: {massnahme_pk: {"personal", "honorar", "sach", "invest"}}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from antraege.models import AntragTeil1, Massnahme, Position
from komman.formate import euro
from programmteile import rules
from programmteile.rules.eingabe import Betrag as Eingabebetrag
from programmteile.rules.eingabe import MassnahmeIII
from zuwendungen.abrufzahlen import ausgezahlt

NULL = Decimal("0.00")
KATEGORIEN_III = (
    ("personal", "Personalausgaben"),
    ("honorar", "Honorarausgaben"),
    ("sach", "Sachausgaben"),
    ("invest", "Investitionsausgaben"),
)
EINNAHMEN = (
    ("eigenanteil", "Eigenanteil"),
    ("dritte", "Leistungen Dritter"),
    ("oeffentlich", "Andere öffentliche Mittel"),
)


def dezimal(wert) -> Decimal | None:
    if wert in (None, ""):
        return None
    try:
        return Decimal(str(wert))
    except InvalidOperation:
        return None


def ganz(wert) -> int | None:
    try:
        return int(wert) if wert not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass
class Zeile:
    feld: str  # the form field holding the actual figure
    bezeichnung: str
    plan: Decimal
    ist: Decimal | None
    einheiten_plan: int | None = None
    einheiten_ist: int | None = None
    empfaenger: str = ""

    @property
    def prozent(self) -> Decimal | None:
        return rules.anteil_prozent(self.ist or NULL, self.plan) if self.ist is not None else None


@dataclass
class Nachweisdaten:
    """Everything the form, the checks, the Prüfvermerk and the letters show."""

    teil: str
    zeilen: list[Zeile]
    stellen: list[tuple[Decimal, int | None]] = field(default_factory=list)  # Part I: (VZE, months filled)
    monate_zeitraum: int = 12
    empfaenger: list[str] = field(default_factory=list)  # Part II, first appearance order
    ausgezahlt: Decimal = NULL
    bewilligt: Decimal = NULL


def teil(zuwendung) -> str:
    return zuwendung.antrag.foerderperiode.programmteil.nummer


def daten(vn) -> Nachweisdaten:
    """The plan lines of the grant with the actual figures the VN states (constant queries)."""
    z = vn.zuwendung
    antrag = z.antrag
    p = antrag.foerderperiode.parameter()
    nr = teil(z)
    zahlen = vn.zahlen or {}
    d = Nachweisdaten(
        teil=nr,
        zeilen=[],
        monate_zeitraum=rules.monate_im_zeitraum(z.bewilligungszeitraum_von, z.bewilligungszeitraum_bis),
        ausgezahlt=ausgezahlt(z),
        bewilligt=z.bewilligt,
    )
    if nr == "I":
        t1 = AntragTeil1.objects.filter(antrag=antrag).first()
        eingaben = zahlen.get("teil1", {})
        stellen = rules.stellen_aufteilen(t1.stellen if t1 and t1.stellen else Decimal(1))
        angaben = eingaben.get("stellen", [])
        d.stellen = [
            (vze, ganz(angaben[i].get("monate")) if i < len(angaben) else None) for i, vze in enumerate(stellen)
        ]
        personal_plan = (t1.personal_bewilligt if t1 else None) or z.bewilligt
        sach_plan = (t1.sachmittel_bewilligt if t1 else None) or NULL
        d.zeilen = [
            Zeile("personal_ist", "Personalausgaben", personal_plan, dezimal(eingaben.get("personal"))),
            Zeile("sachmittel_ist", "Sachmittel", sach_plan, dezimal(eingaben.get("sachmittel"))),
        ]
    elif nr == "II":
        erbracht = zahlen.get("teil2", {}).get("erbracht", {})
        for pos in Position.objects.filter(antrag=antrag, bewilligt__gt=0).order_by("nr", "pk"):
            satz = p.teil2.pauschalen.get(pos.pauschale)
            einheiten = rules.ganze_einheiten(pos.bewilligt, satz) if satz else pos.einheiten
            ist_einheiten = ganz(erbracht.get(str(pos.pk)))
            satz = satz or (pos.bewilligt / einheiten if einheiten else NULL)
            ist = ist_einheiten * satz if ist_einheiten is not None else None
            d.zeilen.append(
                Zeile(
                    f"p{pos.pk}_erbracht", f"{pos.pauschale} {pos.bezeichnung}".strip(), pos.bewilligt, ist,
                    einheiten_plan=einheiten, einheiten_ist=ist_einheiten, empfaenger=pos.empfaenger or str(antrag.antragsteller),
                )  # fmt: skip
            )
            if d.zeilen[-1].empfaenger not in d.empfaenger:
                d.empfaenger.append(d.zeilen[-1].empfaenger)
    else:
        eingaben = zahlen.get("teil3", {})
        for m in Massnahme.objects.filter(antrag=antrag).order_by("nr", "pk"):
            ist = eingaben.get(str(m.pk), {})
            plan = {
                "personal": m.personalausgaben, "honorar": m.honorarausgaben,
                "sach": m.sachausgaben, "invest": m.investitionsausgaben,
            }  # fmt: skip
            for schluessel, name in KATEGORIEN_III:
                d.zeilen.append(
                    Zeile(f"m{m.pk}_{schluessel}", f"{m.titel or f'Maßnahme {m.nr}'}: {name}",
                          plan[schluessel] or NULL, dezimal(ist.get(schluessel)))
                )  # fmt: skip
    return d


def ergebnis(vn, d: Nachweisdaten | None = None) -> rules.Verwendungsergebnis:
    """The recognised grant and the refund, from the Zuwendungsrechner for the grant's part."""
    d = d or daten(vn)
    z = vn.zuwendung
    p = z.antrag.foerderperiode.parameter()
    if d.teil == "I":
        festbetrag_stelle = p.teil1.festbetrag_stelle or NULL
        unbesetzt = [
            rules.Unbesetzt(vze, max(d.monate_zeitraum - (monate or 0), 0), festbetrag_stelle)
            for vze, monate in d.stellen
        ]
        ausgaben = sum((zeile.ist or NULL for zeile in d.zeilen), NULL)
        return rules.verwendungsnachweis_festbetrag(
            festbetrag=z.bewilligt, ausgaben_ist=ausgaben, unbesetzt=unbesetzt, ausgezahlt=d.ausgezahlt
        )
    if d.teil == "II":
        zeilen = [
            rules.Pauschalzeile(
                zeile.bezeichnung, (zeile.plan / zeile.einheiten_plan) if zeile.einheiten_plan else NULL,
                zeile.einheiten_plan or 0, zeile.einheiten_ist or 0, zeile.empfaenger,
            )  # fmt: skip
            for zeile in d.zeilen
        ]
        return rules.verwendungsnachweis_pauschalen(zeilen=zeilen, ausgezahlt=d.ausgezahlt)
    return rules.verwendungsnachweis_anteil(
        foerdersatz=p.teil3.foerdersatz_max or NULL,
        hoechstbetrag=z.bewilligt,
        zuwendungsfaehige_ausgaben_ist=zuwendungsfaehig_ist(d, p),
        ausgezahlt=d.ausgezahlt,
    )


def zuwendungsfaehig_ist(d: Nachweisdaten, p) -> Decimal:
    """Part III: the eligible actual costs per Maßnahme with the EG 11 cap and the Sachpauschale."""
    from antraege.models import Massnahme

    summe = NULL
    gruppen: dict[str, dict[str, Decimal]] = {}
    for zeile in d.zeilen:
        pk, kategorie = zeile.feld[1:].split("_", 1)
        gruppen.setdefault(pk, {})[kategorie] = zeile.ist or NULL
    stellen = dict(Massnahme.objects.filter(pk__in=[int(k) for k in gruppen]).values_list("pk", "stellen"))
    for pk, werte in gruppen.items():
        m = MassnahmeIII(
            titel="", handlungsfeld="", stellen=stellen.get(int(pk)) or NULL,
            personalausgaben=_b(werte.get("personal")), honorarausgaben=_b(werte.get("honorar")),
            sachausgaben=_b(werte.get("sach")), investitionsausgaben=_b(werte.get("invest")), beantragt=_b(None),
        )  # fmt: skip
        summe += rules.zuwendungsfaehig(m, p)
    return summe


def _b(wert: Decimal | None) -> Eingabebetrag:
    return Eingabebetrag("", "" if wert is None else str(wert), wert, "")


def befunde(vn, d: Nachweisdaten | None = None) -> dict[str, list[str]]:
    """What keeps the VN from being submitted, per form field (German; drafts save anyway)."""
    d = d or daten(vn)
    f: dict[str, list[str]] = {}

    def add(feld: str, text: str) -> None:
        f.setdefault(feld, []).append(text)

    for feld, name in (("taetigkeiten", "die durchgeführten Tätigkeiten"), ("ergebnisse", "die Ergebnisse"),
                       ("personal", "das eingesetzte Personal")):  # fmt: skip
        if not getattr(vn, feld).strip():
            add(feld, f"Bitte beschreiben Sie im Sachbericht {name}.")
    if vn.beginn is None:
        add("beginn", "Bitte geben Sie den Beginn der Maßnahme an.")
    if vn.ende is None:
        add("ende", "Bitte geben Sie das Ende der Maßnahme an.")
    elif vn.beginn and vn.ende < vn.beginn:
        add("ende", "Das Ende darf nicht vor dem Beginn liegen.")
    abweichung = any(z.ist is not None and z.ist != z.plan for z in d.zeilen)
    if abweichung and not vn.abweichungen.strip():
        add("abweichungen", "Die Ist-Zahlen weichen vom Finanzierungsplan ab; bitte begründen Sie die Abweichungen.")
    for zeile in d.zeilen:
        if d.teil == "II" and zeile.einheiten_ist is None:
            add(zeile.feld, f"Bitte geben Sie die erbrachten Einheiten für „{zeile.bezeichnung}“ an.")
        elif d.teil != "II" and zeile.ist is None:
            add(zeile.feld, f"Bitte geben Sie die tatsächlichen Ausgaben für „{zeile.bezeichnung}“ an (0 wenn keine).")
    for i, (_, monate) in enumerate(d.stellen):
        if monate is None:
            add(f"s{i}_monate", "Bitte geben Sie an, wie viele Monate die Stelle besetzt war.")
        elif monate > d.monate_zeitraum:
            add(f"s{i}_monate", f"Der Bewilligungszeitraum hat {d.monate_zeitraum} Monate.")
    if d.teil == "II":
        angaben = (vn.zahlen or {}).get("teil2", {}).get("empfaenger", {})
        for i, name in enumerate(d.empfaenger):
            a = angaben.get(name, {})
            erhalten, verwendet, erstattet = (dezimal(a.get(k)) for k in ("erhalten", "verwendet", "erstattet"))
            if erhalten is None or verwendet is None:
                add(f"le{i}_erhalten", f"Bitte geben Sie an, was {name} erhalten und verwendet hat.")
            elif verwendet > erhalten:
                add(f"le{i}_verwendet", f"{name} kann nicht mehr verwendet haben, als es erhalten hat.")
            elif (erstattet or NULL) > erhalten - verwendet:
                add(f"le{i}_erstattet", f"Erstattet werden kann höchstens das Nichtverwendete ({euro(erhalten - verwendet)}).")
        if not vn.kommune_bestaetigt:
            add("kommune_bestaetigt", "Bitte bestätigen Sie, dass die Kommune die Nachweise der Letztempfänger geprüft hat.")
    if not vn.erklaerung:
        add("erklaerung", "Ohne die Erklärung kann der Verwendungsnachweis nicht eingereicht werden.")
    return f
