"""The KOMM-AN NRW funding rules: pure Python, no Django, no database.

Public import path: ``from programmteile import rules``; the submodules split the topics
(begriffe, ergebnis, parameter, eingabe, pruefungen, berechnung, bescheid) and are not imported directly.

``pruefe(antrag, parameter)`` reads one Antrag as a JSON-like dict (docs/regelpruefung.md),
runs every check of its Programmteil and returns an ``Ergebnis``: **all** Befunde, the
Berechnung of the Zuwendung, and ``zulaessig`` (no Befund of schwere "fehler"). It never
raises for any input; unreadable input gives one ``eingabe.ungueltig`` Befund.

Figures come only from ``Regelparameter`` (the Förderperiode's parameters, DOMAIN.md §3);
a parameter left empty skips its check with a ``parameter.fehlt`` hinweis and caps nothing.

Berechnung (the Zuwendung never exceeds a cap, and the Posten add up to it exactly):

- Part I (Festbetrag): Personalausgaben up to min(Stellen, Stellenzuweisung) × Festbetrag,
  Sachmittel up to the amount of the Stellenzuweisung's tier; Zuwendung = both.
- Part II (Festbetragspauschalen): one Posten per Maßnahme, Einheiten × Pauschale, Einheiten
  cut to the A1/A2 maxima, 0,00 € where the Pauschale is unknown or the room use too low;
  a negative Posten "Kürzung auf den Höchstbetrag" if the sum exceeds the Höchstbetrag.
- Part III (Anteilfinanzierung): zuwendungsfähig per Maßnahme are the Personalausgaben (up
  to Stellen × EG 11 Stufe 5), the Honorarausgaben and the Sachausgaben up to the
  Sachausgabenpauschale (Stellen × 8.800 €); Investitionen never. Zuwendung per Maßnahme =
  min(beantragt, 90 % of that, rounded DOWN to the cent: "höchstens 90 %").

Amounts that cannot be read count as 0,00 € in the Berechnung (they carry a
``betrag.ungueltig`` fehler anyway).
"""

from __future__ import annotations

from datetime import date

from . import zeitraum
from .begriffe import (
    BAUSTEINE,
    CODES,
    CODES_PRUEFUNG,
    CODES_RECHNER,
    FELDNAMEN,
    HANDLUNGSFELDER,
    PAUSCHALE_EINHEIT,
    PAUSCHALEN,
    PAUSCHALEN_JE_BAUSTEIN,
    PROGRAMMTEILE,
    RECHTSFORMEN_LETZTEMPFAENGER,
    Schwere,
    feldname,
)
from .berechnung import (
    anerkannt_zuwendungsfaehig,
    berechne,
    einheiten_text,
    ganze_einheiten,
    hoechstgrenze_teil1,
    hoechstsatz_betrag,
    pauschalen_betrag,
    sachpauschale_betrag,
    stellen_text,
    zuwendungsfaehig,
)
from .bescheid import (
    PARAMETER_NAMEN,
    Bescheidbetraege,
    Bescheidzeile,
    Festsetzung,
    bescheidbetraege,
    bewilligung_moeglich,
    fehlende_bewilligungsparameter,
    parametername,
)
from .bestand import (
    FINANZIERUNGSART,
    abruf_erinnerung_ab,
    bekanntgabe_abruf,
    bekanntgabe_post,
    finanzierungsart,
    post_datum_fehler,
    weiterleitung_uebersteigt,
)
from .eingabe import (
    BETRAG_HOECHSTWERT,
    EINHEITEN_MAX,
    Antragskopf,
    Betrag,
    Eingabe,
    Eingabefehler,
    MassnahmeII,
    MassnahmeIII,
    Teil1,
    Teil2,
    Teil3,
    lies_eingabe,
)
from .eingabe import heute as heute_nrw
from .ergebnis import (
    KEINE_BERECHNUNG,
    NULL,
    Befund,
    Berechnung,
    Ergebnis,
    Posten,
    als_dict,
    cent,
    cent_abrunden,
)
from .finanzierungsplan import Finanzierungsplan, finanzierungsplan
from .forderung import (
    JAHRESFRIST_WARNUNG_MONATE,
    Aufbewahrung,
    Forderungsstand,
    Jahresfrist,
    Verrechnung,
    aufbewahrung,
    forderungsstand,
    ist_bagatelle,
    jahresfrist_stand,
    zahlung_verrechnen,
)
from .fristen import (
    Bestandskraft,
    VnFristen,
    Widerrufsfrist,
    Zwischennachweis,
    bestandskraft,
    feiertag_nrw,
    fristende,
    grund_der_verschiebung,
    ist_werktag,
    naechster_werktag,
    plus_monate,
    tagesfrist,
    verschobene_tage,
    vn_fristen,
    widerrufsfrist,
)
from .mittelabruf import AbgelehnterBedarf, Bedarf, Mittelabruf, mittelabruf
from .nachweis import (
    Stichprobe,
    akte_vernichten_ab,
    anteil_prozent,
    belege_aufbewahren_bis,
    monate_im_zeitraum,
    stellen_aufteilen,
    stichprobe,
)
from .parameter import (
    PARAMETER,
    PAUSCHALE_PRAEFIX,
    SACHMITTEL_PRAEFIX,
    ParameterAllgemein,
    ParameterTeil1,
    ParameterTeil2,
    ParameterTeil3,
    Regelparameter,
    pruefe_parameter,
    standardwerte,
    stufe_vorschlag,
)
from .pruefungen import PRUEFUNGEN
from .rechner import RECHNUNGEN, Rechnung, rechne
from .rechner_eingabe import JAHRE as DATUM_JAHRE
from .verwendung import (
    Aenderung,
    Empfaengeranteil,
    Pauschalzeile,
    Unbesetzt,
    Verwendungsergebnis,
    aenderung,
    anerkannt_anteil,
    anerkannt_festbetrag,
    erstattung,
    je_empfaenger,
    kuerzung_unbesetzt,
    verwendungsnachweis_anteil,
    verwendungsnachweis_festbetrag,
    verwendungsnachweis_pauschalen,
)
from .zinsen import (
    BasiszinsFehlt,
    Verwendungsposten,
    Verwendungszinsen,
    Zinsabschnitt,
    Zinsrechnung,
    basiszins_standard,
    halbjahresbeginn,
    verwendungszinsen,
    zinsen,
)

__all__ = [
    "JAHRESFRIST_WARNUNG_MONATE",
    "Aufbewahrung",
    "Forderungsstand",
    "Jahresfrist",
    "Verrechnung",
    "aufbewahrung",
    "forderungsstand",
    "ist_bagatelle",
    "jahresfrist_stand",
    "zahlung_verrechnen",
    "Finanzierungsplan",
    "Stichprobe",
    "akte_vernichten_ab",
    "anteil_prozent",
    "belege_aufbewahren_bis",
    "monate_im_zeitraum",
    "stellen_aufteilen",
    "stichprobe",
    "finanzierungsplan",
    "einheiten_text",
    "ganze_einheiten",
    "pauschalen_betrag",
    "zeitraum",
    "BAUSTEINE",
    "CODES",
    "BETRAG_HOECHSTWERT",
    "CODES_PRUEFUNG",
    "CODES_RECHNER",
    "EINHEITEN_MAX",
    "FELDNAMEN",
    "HANDLUNGSFELDER",
    "KEINE_BERECHNUNG",
    "NULL",
    "PARAMETER",
    "PARAMETER_NAMEN",
    "PAUSCHALE_EINHEIT",
    "RECHTSFORMEN_LETZTEMPFAENGER",
    "PAUSCHALE_PRAEFIX",
    "PAUSCHALEN",
    "PAUSCHALEN_JE_BAUSTEIN",
    "PROGRAMMTEILE",
    "PRUEFUNGEN",
    "SACHMITTEL_PRAEFIX",
    "Antragskopf",
    "Befund",
    "Bescheidbetraege",
    "Bescheidzeile",
    "Berechnung",
    "Betrag",
    "Eingabe",
    "Eingabefehler",
    "Ergebnis",
    "Festsetzung",
    "MassnahmeII",
    "MassnahmeIII",
    "ParameterAllgemein",
    "ParameterTeil1",
    "ParameterTeil2",
    "ParameterTeil3",
    "Posten",
    "Regelparameter",
    "Schwere",
    "Teil1",
    "Teil2",
    "Teil3",
    "als_dict",
    "berechne",
    "bescheidbetraege",
    "bewilligung_moeglich",
    "cent",
    "cent_abrunden",
    "feldname",
    "fehlende_bewilligungsparameter",
    "hoechstgrenze_teil1",
    "hoechstsatz_betrag",
    "anerkannt_zuwendungsfaehig",
    "sachpauschale_betrag",
    "stellen_text",
    "lies_eingabe",
    "parametername",
    "pruefe",
    "pruefe_parameter",
    "standardwerte",
    "stufe_vorschlag",
    "zuwendungsfaehig",
    # After the notice: Bekanntgabe, financing type, forwarding cap (rules/bestand.py)
    "FINANZIERUNGSART",
    "abruf_erinnerung_ab",
    "bekanntgabe_abruf",
    "bekanntgabe_post",
    "finanzierungsart",
    "post_datum_fehler",
    "weiterleitung_uebersteigt",
    # Zuwendungsrechner (docs/zuwendungsrechner.md)
    "AbgelehnterBedarf",
    "Aenderung",
    "BasiszinsFehlt",
    "Bedarf",
    "Bestandskraft",
    "Empfaengeranteil",
    "Mittelabruf",
    "Pauschalzeile",
    "DATUM_JAHRE",
    "RECHNUNGEN",
    "Rechnung",
    "Unbesetzt",
    "Verwendungsergebnis",
    "Verwendungsposten",
    "Verwendungszinsen",
    "VnFristen",
    "Widerrufsfrist",
    "Zinsabschnitt",
    "Zinsrechnung",
    "Zwischennachweis",
    "aenderung",
    "anerkannt_anteil",
    "anerkannt_festbetrag",
    "basiszins_standard",
    "bestandskraft",
    "erstattung",
    "feiertag_nrw",
    "fristende",
    "tagesfrist",
    "grund_der_verschiebung",
    "halbjahresbeginn",
    "ist_werktag",
    "je_empfaenger",
    "kuerzung_unbesetzt",
    "mittelabruf",
    "naechster_werktag",
    "plus_monate",
    "rechne",
    "verschobene_tage",
    "verwendungsnachweis_anteil",
    "verwendungsnachweis_festbetrag",
    "verwendungsnachweis_pauschalen",
    "verwendungszinsen",
    "vn_fristen",
    "widerrufsfrist",
    "zinsen",
]


def pruefe(antrag: dict, parameter: Regelparameter, *, heute: date | None = None) -> Ergebnis:
    """All Befunde and the Berechnung for one Antrag; never raises.

    ``heute`` is the reference date for ``beginn.vorzeitig`` when the Antrag has no ``eingang``
    (a draft); forms pass ``timezone.localdate()``.
    """
    try:
        eingabe = lies_eingabe(antrag, heute=heute or heute_nrw())
    except Eingabefehler as e:
        return Ergebnis(befunde=[e.befund], berechnung=Berechnung(NULL, NULL, []))
    # dict.fromkeys: the same parameter.fehlt once, however many Maßnahmen hit it
    befunde = dict.fromkeys(
        b for pruefung in PRUEFUNGEN[eingabe.programmteil] for b in pruefung(eingabe, parameter)
    )
    return Ergebnis(befunde=list(befunde), berechnung=berechne(eingabe, parameter))
