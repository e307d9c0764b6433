"""The bridge from an Antrag to the rules module's input dict (DESIGN.md §5), in one place.

The applicant's forms pass their unsaved lines in; the reviewer's page recomputes the
Befunde from what is stored, with the parameters of the Antrag's Förderperiode.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, AntragTeil1


def _betrag_text(betrag: Decimal | None) -> str:
    return f"{betrag:f}" if betrag is not None else "0.00"


def regel_eingabe(antrag: Antrag, *, teil1=None, positionen=None, massnahmen=None, zuweisung=None) -> dict:
    """The rules' JSON input (DESIGN.md §5) from an Antrag and its lines; form field names are its keys.

    Lines may be passed in (unsaved form instances); otherwise they are read from the database.
    Empty amounts of a draft count as 0,00 €, except where the rules must say they are missing.
    """
    from programmteile.models import Zuweisung

    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    d: dict = {
        "programmteil": teil,
        "foerderjahr": periode.foerderjahr,
        "antragsfrist": periode.antragsfrist.isoformat(),
        # only the authority's decision counts, never the applicant's request (VV 1.3.1)
        "vorzeitiger_beginn_zugelassen": antrag.vorzeitiger_beginn_zugelassen,
        "fortfuehrung": antrag.fortfuehrung,
    }
    if antrag.vorzeitiger_beginn_zugelassen and antrag.vorzeitiger_beginn_ab:
        d["vorzeitiger_beginn_ab"] = antrag.vorzeitiger_beginn_ab.isoformat()
    if antrag.gezeichnet_am and antrag.status in Antrag.Status.ENTSCHIEDEN:
        d["bewilligung_am"] = timezone.localdate(antrag.gezeichnet_am).isoformat()
    if antrag.eingereicht_am:
        d["eingang"] = timezone.localdate(antrag.eingereicht_am).isoformat()
    if antrag.massnahmebeginn:
        d["massnahmebeginn"] = antrag.massnahmebeginn.isoformat()
    if teil in ("I", "II") and zuweisung is None:
        zuweisung = Zuweisung.objects.filter(
            foerderperiode=periode, kommune_id=antrag.antragsteller_id
        ).first()
    if teil == "I":
        if teil1 is None:
            teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        stellen_zuweisung = zuweisung.stellen if zuweisung and zuweisung.stellen is not None else Decimal("0")
        d["stellen_zuweisung"] = f"{stellen_zuweisung:f}"
        if teil1.stellen is not None:
            d["stellen"] = f"{teil1.stellen:f}"
        if teil1.personalausgaben is not None:
            d["personalausgaben"] = f"{teil1.personalausgaben:f}"
        if teil1.sachmittel is not None:
            d["sachmittel"] = f"{teil1.sachmittel:f}"
    elif teil == "II":
        # A2 months never exceed the months of the Bewilligungszeitraum once it is decided (the
        # proposal); before, the notice's period is open (an early start may still be allowed), and
        # the proposal checks the lines against the period it sets (zeilen_im_rahmen)
        if antrag.bewilligung_von and antrag.bewilligung_bis:
            d["bewilligung_von"] = antrag.bewilligung_von.isoformat()
            d["bewilligung_bis"] = antrag.bewilligung_bis.isoformat()
        if positionen is None:
            positionen = list(antrag.positionen.all())
        hoechstbetrag = zuweisung.hoechstbetrag if zuweisung and zuweisung.hoechstbetrag is not None else None
        d["hoechstbetrag"] = _betrag_text(hoechstbetrag)
        d["massnahmen"] = []
        for p in positionen:
            m = {
                "baustein": p.baustein,
                "pauschale": p.pauschale,
                "einheiten": p.einheiten,
                "bezeichnung": p.bezeichnung,
                "empfaenger": p.empfaenger,
                "empfaenger_rechtsform": p.empfaenger_rechtsform,
                "empfaenger_anschrift": p.empfaenger_anschrift,
                "treffpunkt": p.treffpunkt,
            }
            if p.raumnutzung_prozent is not None:
                m["raumnutzung_prozent"] = p.raumnutzung_prozent
            if p.geplante_kosten is not None:
                m["geplante_kosten"] = f"{p.geplante_kosten:f}"
            d["massnahmen"].append(m)
    else:
        if massnahmen is None:
            massnahmen = list(antrag.massnahmen.all())
        d["eigenanteil"] = _betrag_text(antrag.eigenanteil)
        d["drittmittel"] = _betrag_text(antrag.drittmittel)
        d["massnahmen"] = [
            {
                "titel": m.titel,
                "handlungsfeld": m.handlungsfeld,
                "stellen": f"{m.stellen if m.stellen is not None else Decimal('0')}",
                "personalausgaben": _betrag_text(m.personalausgaben),
                "honorarausgaben": _betrag_text(m.honorarausgaben),
                "sachausgaben": _betrag_text(m.sachausgaben),
                "investitionsausgaben": _betrag_text(m.investitionsausgaben),
                "beantragt": _betrag_text(m.beantragt),
            }
            for m in massnahmen
        ]
    return d


def pruefen(antrag: Antrag, **zeilen):
    """Runs the rules of the Antrag's Förderperiode on its current content, plus completeness.

    The rules judge amounts and posts; what an Antrag needs besides (a contact person, the
    Part I Konzept, at least one Maßnahme) is checked here with code "antrag.unvollstaendig".
    """
    from programmteile import rules

    ergebnis = rules.pruefe(
        regel_eingabe(antrag, **zeilen), antrag.foerderperiode.parameter(), heute=timezone.localdate()
    )
    fehlend = list(_unvollstaendig(antrag, **zeilen))
    if not fehlend:
        return ergebnis
    return rules.Ergebnis(befunde=fehlend + list(ergebnis.befunde), berechnung=ergebnis.berechnung)


def bewilligungsparameter(antrag: Antrag) -> tuple[bool, str]:
    """(allowed, German reason): the period maintains every parameter a Bewilligung of this Antrag
    needs (rules.bewilligung_moeglich); the reason names them in words, never by key."""
    from programmteile import rules

    return rules.bewilligung_moeglich(regel_eingabe(antrag), antrag.foerderperiode.parameter())


def zeitraum_vorschlag(antrag: Antrag, bescheid_am=None):
    """The default Bewilligungszeitraum (von, bis) of a notice dated ``bescheid_am`` (today)."""
    from programmteile import rules

    periode = antrag.foerderperiode
    return rules.zeitraum.vorschlag(
        bescheid_am=bescheid_am or timezone.localdate(),
        rahmen_von=periode.bewilligungszeitraum_von,
        rahmen_bis=periode.bewilligungszeitraum_bis,
        massnahmebeginn=antrag.massnahmebeginn,
        vorzeitig=antrag.vorzeitiger_beginn_zugelassen,
        vorzeitig_ab=antrag.vorzeitiger_beginn_ab,
        fortfuehrung=antrag.fortfuehrung,
    )


def bewilligungszeitraum(antrag: Antrag):
    """The notice's period: the one decided with the proposal, else the default for today."""
    if antrag.bewilligung_von and antrag.bewilligung_bis:
        return antrag.bewilligung_von, antrag.bewilligung_bis
    return zeitraum_vorschlag(antrag)


def zeitraum_moeglich(antrag: Antrag, von, bis, bescheid_am=None) -> tuple[bool, str]:
    """(allowed, German reason): a notice dated ``bescheid_am`` (today) can grant [von, bis]
    (rules.zeitraum.pruefen: not before the notice without an allowed early start, final in time)."""
    from programmteile import rules

    periode = antrag.foerderperiode
    p = periode.parameter().allgemein
    ergebnis = rules.zeitraum.pruefen(
        von,
        bis,
        bescheid_am=bescheid_am or timezone.localdate(),
        rahmen_von=periode.bewilligungszeitraum_von,
        rahmen_bis=periode.bewilligungszeitraum_bis,
        vorzeitig=antrag.vorzeitiger_beginn_zugelassen,
        vorzeitig_ab=antrag.vorzeitiger_beginn_ab,
        fortfuehrung=antrag.fortfuehrung,
        post_tage=p.bekanntgabe_post_tage,
        klagefrist_monate=p.rechtsbehelf_frist_monate,
    )
    return ergebnis.moeglich, " ".join(ergebnis.gruende)


# The Finanzierungsplan's Befunde (VV 1.2): errors that block the Bewilligung, not only warnings.
FINANZIERUNGSPLAN_CODES = (
    "III.finanzierungsplan.fehlbetrag",
    "III.finanzierungsplan.doppelt",
    "III.eigenanteil",
)


def finanzierungsplan_moeglich(antrag: Antrag) -> tuple[bool, str]:
    """(allowed, German reason): a Part III Bewilligung needs a balanced Finanzierungsplan with the
    own share a 90 % rate implies and no cost funded twice (rules.finanzierungsplan, VV 1.2);
    checked at the proposal and again at the signing."""
    from programmteile import rules

    if antrag.foerderperiode.programmteil.nummer != "III":
        return True, ""
    befunde = rules.pruefe(regel_eingabe(antrag), antrag.foerderperiode.parameter()).befunde
    fehler = [b.meldung for b in befunde if b.code in FINANZIERUNGSPLAN_CODES]
    if not fehler:
        return True, ""
    return False, (
        "Der Finanzierungsplan lässt keine Bewilligung zu (Nr. 1.2 VV zu § 44 LHO): "
        + " ".join(fehler)
        + " Bitte fordern Sie einen ausgeglichenen Finanzierungsplan nach."
    )


def beginn_moeglich(antrag: Antrag, bewilligung_am=None) -> tuple[bool, str]:
    """(allowed, German reason): beginn.vorzeitig against the day of the Bewilligung (signing)."""
    from programmteile import rules

    d = regel_eingabe(antrag)
    d["bewilligung_am"] = (bewilligung_am or timezone.localdate()).isoformat()
    befunde = [
        b for b in rules.pruefe(d, antrag.foerderperiode.parameter()).befunde if b.code == "beginn.vorzeitig"
    ]
    return (False, befunde[0].meldung) if befunde else (True, "")


def ganze_einheiten(antrag: Antrag, zeilen: dict) -> tuple[bool, str]:
    """(allowed, German reason): Part II amounts are whole numbers of Pauschale units per line
    (rules.ganze_einheiten); a 2.400 € grant on "12 × 250,00 €" (9,6 units) says nothing about what
    is owed. ``zeilen``: {schluessel: amount or (amount, reason)}; other parts always pass."""
    from komman.formate import euro
    from programmteile import rules

    if antrag.foerderperiode.programmteil.nummer != "II":
        return True, ""
    pauschalen = antrag.foerderperiode.parameter().teil2.pauschalen
    falsch = []
    for p in antrag.positionen.all():
        wert = zeilen.get(f"position-{p.pk}")
        betrag = wert[0] if isinstance(wert, tuple) else wert
        satz = pauschalen.get(p.pauschale)
        if betrag is None or satz is None or rules.ganze_einheiten(betrag, satz) is not None:
            continue
        unten = int(betrag / satz)
        falsch.append(
            f"{p.nr}. {p.pauschale}: {euro(betrag)} sind {rules.einheiten_text(betrag, satz)} "
            f"(ganze Einheiten: {unten} = {euro(satz * unten)})"
        )
    if not falsch:
        return True, ""
    return False, (
        "Festbetragspauschalen werden nur in ganzen Einheiten bewilligt; bitte kürzen Sie um ganze Einheiten: "
        + "; ".join(falsch)
        + "."
    )


def zeilen_im_rahmen(antrag: Antrag, zeilen: dict, zeitraum=None) -> tuple[bool, str]:
    """(allowed, German reason): no proposed line above what the rules allow for it (the notice's
    "höchstens", rules.bescheidbetraege), e.g. a Part III Maßnahme above 90 % of its eligible
    costs once EG 11 is maintained. ``zeilen`` as in workflow.propose_approval; missing keys pass."""
    from komman.formate import euro
    from programmteile import rules

    teil = antrag.foerderperiode.programmteil.nummer
    positionen = list(antrag.positionen.all()) if teil == "II" else None
    massnahmen = list(antrag.massnahmen.all()) if teil == "III" else None
    if teil == "I":
        schluessel = ["personal", "sachmittel"]
    else:
        schluessel = (
            [f"position-{x.pk}" for x in positionen]
            if teil == "II"
            else [f"massnahme-{x.pk}" for x in massnahmen]
        )
    festsetzungen = [
        rules.Festsetzung(
            zeilen[k][0],
            "",
            None if positionen is None else positionen[i].betrag,
            nicht_zuwendungsfaehig=zeilen[k][2] if len(zeilen[k]) > 2 else None,
        )
        if k in zeilen and zeilen[k][0] is not None
        else rules.Festsetzung(beantragt=None if positionen is None else positionen[i].betrag)
        for i, k in enumerate(schluessel)
    ]
    betraege = rules.bescheidbetraege(
        regel_eingabe(antrag, positionen=positionen, massnahmen=massnahmen),
        antrag.foerderperiode.parameter(),
        festsetzungen,
        zeitraum=zeitraum or bewilligungszeitraum(antrag),
    )
    zu_hoch = [
        f"{z.bezeichnung}: höchstens {euro(z.hoechstens)} ({z.rechnung})"
        for z in betraege.zeilen[: len(schluessel)]
        if z.bewilligt > z.hoechstens
    ]
    if zu_hoch:
        return False, "Nach den Regeln der Förderperiode können bewilligt werden: " + "; ".join(zu_hoch) + "."
    return ganze_einheiten(antrag, zeilen)


def _unvollstaendig(antrag: Antrag, *, teil1=None, positionen=None, massnahmen=None, zuweisung=None):
    from programmteile import rules

    def befund(feld: str, meldung: str):
        return rules.Befund(
            schwere="fehler", code="antrag.unvollstaendig", feld=feld, meldung=meldung, quelle=""
        )

    if not antrag.kontakt_name.strip():
        yield befund("kontakt_name", "Bitte geben Sie eine Ansprechperson für Rückfragen an.")
    if not antrag.kontakt_email.strip():
        yield befund("kontakt_email", "Bitte geben Sie die E-Mail-Adresse der Ansprechperson an.")
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "I":
        if teil1 is None:
            teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        if not teil1.konzept.strip():
            yield befund("konzept", "Bitte beschreiben Sie kurz die Aufgaben der beantragten Stellen.")
    else:
        zeilen = positionen if teil == "II" else massnahmen
        if zeilen is None:
            zeilen = list(antrag.positionen.all() if teil == "II" else antrag.massnahmen.all())
        if not zeilen:
            yield befund(
                "massnahmen", "Der Antrag enthält noch keine Maßnahme. Bitte geben Sie mindestens eine an."
            )
        # A draft saves an incomplete row (issue 25); what it lacks blocks the submission.
        if teil == "II":
            positionen = zeilen  # loaded once, read again for the Baustein-bound Pflichtanlagen
        pflicht = {"II": (("bezeichnung", "eine Bezeichnung"),), "III": (("titel", "einen Titel"),)}[teil]
        for i, zeile in enumerate(zeilen):
            for feld, was in pflicht:
                if not (getattr(zeile, feld) or "").strip():
                    yield befund(f"massnahmen.{i}.{feld}", f"Maßnahme {i + 1}: Bitte geben Sie {was} an.")
    # Required attachments (issue 25), asked while the Antrag is filled in; an Antrag submitted
    # before a Pflichtanlage was configured is not judged by it afterwards.
    if antrag.pk and antrag.status in Antrag.Status.BEARBEITBAR:
        from antraege import pflichtanlagen

        kw = {"positionen": positionen} if teil == "II" and positionen is not None else {}
        for pflicht in pflichtanlagen.fehlende(antrag, **kw):
            yield befund(
                "anlagen",
                f"Es fehlt die Pflichtanlage „{pflicht.bezeichnung}“. Bitte laden Sie sie unter „Anlagen“ hoch "
                "und ordnen Sie sie dort zu.",
            )
