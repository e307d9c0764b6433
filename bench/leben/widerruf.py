"""The Widerruf procedure on the refund claims the claims process wrote (Rueckforderung's
procedure fields and its letters, zuwendungen Rueckforderungsbrief).

Every claim past ``erfasst`` has its legal basis (Erstattung under the Nebenbestimmung for a
VN or a waiver, Widerruf for the past for money not used within two months), the day the
authority knew all facts and the one-year deadline from it; from Anhörung on the Anhörung
(letter, deadline, for half of them a Stellungnahme); beschiedene and paid claims their
Erstattungsbescheid (proposed by bench.pruefung, signed by bench.zeichnung, due in 30 days,
Kassenzeichen, made known, final after the Klagefrist); waived and stopped claims their
reason. Dates follow the day the claim arose.
"""

from __future__ import annotations

import datetime
import hashlib

from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Rueckforderung, Rueckforderungsbrief

R = Rueckforderung.Status
NACH_ANHOERUNG = (R.ANHOERUNG, R.ENTSCHEIDUNG, R.BESCHIEDEN, R.BEZAHLT)
BESCHIEDEN = (R.BESCHIEDEN, R.BEZAHLT)
FELDER = [
    "rechtsgrundlage", "widerruf_ab", "kenntnis_am", "jahresfrist_ende", "anhoerung_text", "anhoerung_am",
    "anhoerung_frist", "stellungnahme", "stellungnahme_am", "ermessen", "vorgeschlagen_von", "vorgeschlagen_am",
    "gezeichnet_von", "bescheid_am", "faellig_am", "kassenzeichen", "bekanntgabe_am", "bestandskraeftig_am",
    "erledigt_grund", "erledigt_am",
]  # fmt: skip


def _pdf(text: str) -> tuple[bytes, str]:
    pdf = f"%PDF-1.7\n% KOMM-AN NRW bench Rückforderung: {text}\n%%EOF\n".encode()
    return pdf, hashlib.sha256(pdf).hexdigest()


def _tag(am: datetime.date, tage: int) -> datetime.date:
    return am + datetime.timedelta(days=tage)


def _verfahren(k: Kontext, c: Rueckforderung) -> list[Rueckforderungsbrief]:
    """Fill the procedure fields of claim ``c`` (in place); its letters."""
    am, briefe = c.entstanden_am, []
    if c.status == R.ERFASST:
        return briefe
    if c.status in (R.ERLASSEN, R.EINGESTELLT):
        c.erledigt_grund, c.erledigt_am = "Bench: Bagatellbetrag, nicht geltend gemacht.", _tag(am, 30)
        return briefe
    zwei_monate = c.anlass == Rueckforderung.Anlass.ZWEI_MONATE
    c.rechtsgrundlage = (
        Rueckforderung.Rechtsgrundlage.WIDERRUF_VERGANGENHEIT if zwei_monate else Rueckforderung.Rechtsgrundlage.NEBENBESTIMMUNG
    )  # fmt: skip
    c.widerruf_ab = am if zwei_monate else None
    c.kenntnis_am, c.jahresfrist_ende = am, rules.plus_monate(am, 12)
    c.anhoerung_text = "Bench: wir beabsichtigen, den Betrag zurückzufordern."
    c.anhoerung_am, c.anhoerung_frist = _tag(am, 7), _tag(am, 35)
    briefe.append(("anhoerung", c.anhoerung_am))
    if k.rng.random() < 0.5 and c.status != R.ANHOERUNG:
        c.stellungnahme, c.stellungnahme_am = "Bench: wir sind einverstanden.", zeitpunkt(_tag(am, 20))
    if c.status in (R.ENTSCHEIDUNG, *BESCHIEDEN):
        c.ermessen = "Bench: kein atypischer Fall; die Erstattung ist geboten."
        c.vorgeschlagen_von, c.vorgeschlagen_am = k.users["bench.pruefung"], zeitpunkt(_tag(am, 40))
    if c.status in BESCHIEDEN:
        c.gezeichnet_von, c.bescheid_am = k.users["bench.zeichnung"], _tag(am, 45)
        c.faellig_am, c.kassenzeichen = _tag(am, 75), f"BENCH-{c.pk:08d}"
        c.bekanntgabe_am = rules.bekanntgabe_post(c.bescheid_am, post_tage=4)
        final = rules.plus_monate(c.bekanntgabe_am, 1) + datetime.timedelta(days=1)
        c.bestandskraeftig_am = final if final <= k.heute else None
        briefe.append(("erstattungsbescheid", c.bescheid_am))
    if c.status == R.BEZAHLT:
        briefe.append(("abschluss", _tag(am, 200)))
    result = []
    for art, tag in briefe:
        pdf, sha = _pdf(f"{art} {c.pk}")
        result.append(Rueckforderungsbrief(
            rueckforderung_id=c.pk, art=art, pdf=pdf, sha256=sha, erstellt_am=zeitpunkt(min(tag, k.heute)),
            daten={"betrag": str(c.betrag), "datum": tag.isoformat(), "kassenzeichen": c.kassenzeichen},
        ))  # fmt: skip
    return result


@prozess("widerruf")
def widerruf(k: Kontext) -> int:
    claims = (
        Rueckforderung.objects.filter(zuwendung__antrag__in=k.antraege)
        .only("pk", "status", "anlass", "entstanden_am", "betrag")
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        briefe = []
        for c in zeilen:
            briefe += _verfahren(k, c)
        Rueckforderung.objects.bulk_update(zeilen, FELDER, batch_size=1000)
        return len(zeilen) + len(schreiben(Rueckforderungsbrief, briefe))

    return in_bloecken(k, "widerruf", claims, block)
