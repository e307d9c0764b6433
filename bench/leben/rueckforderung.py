"""Recognised grants and refund claims of the bench grants (the VN results as the VN process
will record them, and the Widerruf process's claims in every state).

- anerkennung: grants whose Bewilligungszeitraum ended two or more years ago are recognised
  in full (Zuwendung.anerkannt) eight months after its end;
- rueckforderungen: one in sixteen of them had a refund claim (mostly from the VN, some
  voluntary or for money not used within two months) of 3–20 % of the grant; most are paid,
  in one to three instalments with interest booked as its own Buchung, some are still in
  Anhörung or beschieden with a part payment; the recognised amount drops by the claim;
- abschluss: grants older than three years without an open claim are closed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import F

from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Buchung, Rueckforderung, Zuwendung

R = Rueckforderung.Status
ANTEIL = 16  # one claim in ANTEIL recognised grants
STATUS = {R.BEZAHLT: 60, R.BESCHIEDEN: 15, R.ANHOERUNG: 5, R.ERFASST: 10, R.ERLASSEN: 5, R.EINGESTELLT: 5}
ANLASS = {
    Rueckforderung.Anlass.VERWENDUNGSNACHWEIS: 80,
    Rueckforderung.Anlass.FREIWILLIG: 12,
    Rueckforderung.Anlass.ZWEI_MONATE: 8,
}
OFFEN = (R.ERFASST, R.ANHOERUNG, R.ENTSCHEIDUNG, R.BESCHIEDEN)


def _zuwendungen(k: Kontext):
    return Zuwendung.objects.filter(antrag__in=k.antraege)


@prozess("anerkennung")
def anerkennung(k: Kontext) -> int:
    alt = _zuwendungen(k).filter(bewilligungszeitraum_bis__year__lte=k.aktuelles_jahr - 2)
    anzahl = 0
    for bis in alt.values_list("bewilligungszeitraum_bis", flat=True).order_by().distinct():
        anzahl += alt.filter(bewilligungszeitraum_bis=bis).update(
            anerkannt=F("bewilligt"), anerkannt_am=rules.plus_monate(bis, 8)
        )
    return anzahl


@prozess("rueckforderungen")
def rueckforderungen(k: Kontext) -> int:
    pruefung, zeichnung = k.users["bench.pruefung"], k.users["bench.zeichnung"]
    kandidaten = (
        _zuwendungen(k)
        .filter(anerkannt_am__isnull=False)
        .values_list("pk", "bewilligt", "anerkannt_am", "antrag__antragsteller__name")
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        claims, gesenkt = [], []
        for pk, bewilligt, am, name in zeilen:
            if k.rng.randrange(ANTEIL):
                continue
            betrag = rules.cent(bewilligt * Decimal(k.rng.randint(3, 20)) / 100)
            anlass = k.rng.choices(list(ANLASS), weights=list(ANLASS.values()))[0]
            status = k.rng.choices(list(STATUS), weights=list(STATUS.values()))[0]
            claims.append(
                Rueckforderung(
                    zuwendung_id=pk, anlass=anlass, quelle=f"bench:{pk}", betrag=betrag, entstanden_am=am,
                    grund="Bench: weniger verwendet als ausgezahlt.", status=status, erfasst_von=pruefung,
                    erfasst_am=zeitpunkt(am), aufteilung=[{"empfaenger": name, "weiterleitung": None,
                                                          "betrag": str(betrag)}],
                )
            )  # fmt: skip
            if anlass == Rueckforderung.Anlass.VERWENDUNGSNACHWEIS:
                gesenkt.append((pk, bewilligt - betrag))
        schreiben(Rueckforderung, claims)
        buchungen = []
        for claim in claims:
            if claim.status == R.BEZAHLT:
                raten = k.rng.choices([1, 2, 3], weights=[60, 25, 15])[0]
            elif claim.status == R.BESCHIEDEN and k.rng.random() < 0.5:
                raten = 1  # a first instalment of a claim still running
            else:
                continue
            teil = rules.cent_abrunden(claim.betrag / (raten + (claim.status != R.BEZAHLT)))
            for nr in range(1, raten + 1):
                betrag = (
                    claim.betrag - teil * (raten - 1) if claim.status == R.BEZAHLT and nr == raten else teil
                )
                tag = claim.entstanden_am + datetime.timedelta(days=60 * nr)
                buchungen.append(
                    Buchung(zuwendung_id=claim.zuwendung_id, art=Buchung.Art.ERSTATTUNG, betrag=betrag,
                            gebucht_am=tag, wertstellung=tag, text=f"Erstattung Rate {nr}", wer=zeichnung,
                            erfasst_am=zeitpunkt(tag))
                )  # fmt: skip
            if claim.status == R.BEZAHLT:
                zinsen = rules.cent(claim.betrag * Decimal(raten) / 100) or Decimal("0.01")
                tag = claim.entstanden_am + datetime.timedelta(days=60 * raten + 1)
                buchungen.append(
                    Buchung(zuwendung_id=claim.zuwendung_id, art=Buchung.Art.ZINSEN, betrag=zinsen, gebucht_am=tag,
                            wertstellung=tag, text="Zinsen (§ 49a Abs. 3 VwVfG NRW)", wer=zeichnung,
                            erfasst_am=zeitpunkt(tag))
                )  # fmt: skip
        schreiben(Buchung, buchungen)
        for pk, anerkannt in gesenkt:
            Zuwendung.objects.filter(pk=pk).update(anerkannt=anerkannt)
        return len(claims) + len(buchungen)

    return in_bloecken(k, "rueckforderungen", kandidaten, block)


@prozess("abschluss")
def abschluss(k: Kontext) -> int:
    alt = (
        _zuwendungen(k)
        .filter(bewilligungszeitraum_bis__year__lte=k.aktuelles_jahr - 3)
        .exclude(rueckforderungen__status__in=OFFEN)
    )
    anzahl = 0
    for bis in alt.values_list("bewilligungszeitraum_bis", flat=True).order_by().distinct():
        anzahl += alt.filter(bewilligungszeitraum_bis=bis).update(abgeschlossen_am=rules.plus_monate(bis, 12))
    return anzahl
