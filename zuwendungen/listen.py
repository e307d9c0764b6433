"""The Bezirksregierung's long lists after the Bewilligung, as plain rows (issue 26).

Verwendungsnachweise (the VN queue), Rückforderungen and the open payouts (Landeskasse) read
plain values of one query and build their cells in Python — as the reviewer queue of Anträge
does (antraege.pruefliste, komman.seiten): at 100,000 Anträge the model instances of
Zuwendung, Antrag and Organisation behind every row (the VN with its JSON columns) and a row
template with a {% url %} per row cost more than the rest of the page. The VN queue and the
claims are paged with komman.seiten.seite_lesen. A row is its values plus "html", its cells.
"""

from __future__ import annotations

from django.db.models import Count, Func, IntegerField
from django.utils.safestring import mark_safe

from antraege.pruefliste import organisation_name
from komman.seiten import betrag, e, tag, verweis
from zuwendungen.models import AbrufStatus, Rueckforderung, Stichprobe, Verwendungsnachweis, VnStatus

PRO_SEITE = 50

_EMPFAENGER = (
    "zuwendung__antrag__aktenzeichen",
    "zuwendung__antrag__antragsteller__name",
    "zuwendung__antrag__antragsteller__art",
    "zuwendung__antrag__antragsteller__kommunentyp",
)


def _empfaenger(w: dict, weg: str = "zuwendung__") -> str:
    """str(Organisation) of the row's recipient, escaped; `weg`: the way to the Zuwendung."""
    a = f"{weg}antrag__antragsteller__"
    return e(organisation_name(w[f"{a}name"], w[f"{a}art"], w[f"{a}kommunentyp"]))


def _zeilen(werte, link: str, zellen) -> list[dict]:
    """Each row with its cells: `zellen(row, href, empfaenger)` gives them as HTML, every value
    escaped; href: the URL `link` of the row's pk; empfaenger: str(Organisation), escaped."""
    zu = verweis(link)
    zeilen = []
    for w in werte:
        w["html"] = mark_safe(zellen(w, zu(w["pk"]), _empfaenger(w)))  # noqa: S308 (every value through e())
        zeilen.append(w)
    return zeilen


def _aktenzeichen(w: dict, href: str, zusatz: str = "") -> str:
    return f'<th scope="row"><a href="{href}">{e(w["zuwendung__antrag__aktenzeichen"])}{zusatz}</a></th>'


def _texte(modell, feld: str) -> dict[str, str]:
    return {wert: str(text) for wert, text in modell._meta.get_field(feld).choices}


# --- Verwendungsnachweise ------------------------------------------------------------------------

VN_FELDER = ("pk", "art", "fuer_jahr", "eingereicht_am", "pruefart", "status", *_EMPFAENGER)
_VN_ART, _VN_PRUEFART, _VN_STATUS = (_texte(Verwendungsnachweis, f) for f in ("art", "pruefart", "status"))


def nachweise(qs):
    """The queue's rows in its order (submitted first, the oldest first), as values."""
    return qs.order_by("eingereicht_am", "pk").values(*VN_FELDER)


def _vn_zellen(w: dict, href: str, empfaenger: str) -> str:
    jahr = f" {w['fuer_jahr']:d}" if w["fuer_jahr"] else ""
    return (
        f"{_aktenzeichen(w, href)}<td>{empfaenger}</td><td>{e(_VN_ART.get(w['art'], w['art']))}{jahr}</td>"
        f"<td>{tag(w['eingereicht_am'])}</td><td>{e(_VN_PRUEFART.get(w['pruefart'], w['pruefart']))}</td>"
        f"<td>{e(_VN_STATUS.get(w['status'], w['status']))}</td>"
    )


def nachweis_zeilen(werte) -> list[dict]:
    return _zeilen(werte, "zuwendungen:vn_seite", _vn_zellen)


def ohne_stichprobe() -> dict[int, int]:
    """Förderperiode id -> submitted final VNs not yet in a sample draw (what a draw would take:
    zuwendungen.workflow.vn_pruefung.stichprobe_ziehen), periods without any left out."""
    return dict(
        Verwendungsnachweis.objects.filter(art=Verwendungsnachweis.Art.VN, stichprobe__isnull=True)
        .exclude(status=VnStatus.ENTWURF)
        .order_by()
        .values_list("zuwendung__antrag__foerderperiode_id")
        .annotate(n=Count("pk"))
    )


class _Laenge(Func):
    """The length of a JSON array in SQL (a draw's candidates are thousands of ids at 100,000)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def stichproben(perioden: dict[int, str], anzahl: int = 20) -> list[dict]:
    """The latest draws, newest first, with the number of candidates and drawn VNs (counted in
    SQL, the id lists are not loaded); `perioden`: Förderperiode id -> its name."""
    zeilen = list(
        Stichprobe.objects.order_by("-gezogen_am", "-pk").values(
            "pk", "foerderperiode_id", "gezogen_am", "prozent", "seed", "gezogen_von__username",
            "gezogen_von__first_name", "gezogen_von__last_name",
        ).annotate(kandidaten=_Laenge("kandidaten"), gezogen=_Laenge("gezogen"))[:anzahl]
    )  # fmt: skip
    for z in zeilen:
        z["periode"] = perioden.get(z["foerderperiode_id"], "")
        name = f"{z['gezogen_von__first_name'] or ''} {z['gezogen_von__last_name'] or ''}".strip()
        z["von"] = name or z["gezogen_von__username"] or ""
    return zeilen


# --- Rückforderungen -----------------------------------------------------------------------------

RF_FELDER = ("pk", "anlass", "betrag", "status", "jahresfrist_ende", "faellig_am", *_EMPFAENGER)
_RF_ANLASS, _RF_STATUS = _texte(Rueckforderung, "anlass"), _texte(Rueckforderung, "status")
_IM_VERFAHREN = {
    Rueckforderung.Status.ERFASST,
    Rueckforderung.Status.ANHOERUNG,
    Rueckforderung.Status.ENTSCHEIDUNG,
}


def rueckforderungen(qs):
    """The claims in the list's order: by state, the year's deadline first to end."""
    return qs.order_by("status", "jahresfrist_ende", "pk").values(*RF_FELDER)


def _rf_zellen(w: dict, href: str, empfaenger: str) -> str:
    # The Jahresfrist only while the procedure runs (Rueckforderung.offen_im_verfahren).
    frist = tag(w["jahresfrist_ende"]) if w["status"] in _IM_VERFAHREN else ""
    return (
        _aktenzeichen(w, href, f'<span class="visually-hidden">: Rückforderung {w["pk"]:d}</span>')
        + f"<td>{empfaenger}</td><td>{e(_RF_ANLASS.get(w['anlass'], w['anlass']))}</td>"
        f'<td class="text-end">{betrag(w["betrag"])}</td><td>{e(_RF_STATUS.get(w["status"], w["status"]))}</td>'
        f"<td>{frist}</td><td>{tag(w['faellig_am'])}</td>"
    )


def rueckforderung_zeilen(werte) -> list[dict]:
    return _zeilen(werte, "zuwendungen:rueckforderung", _rf_zellen)


# --- Offene Mittelabrufe (Landeskasse) ------------------------------------------------------------

OFFEN = (AbrufStatus.EINGEREICHT, AbrufStatus.FREIGEGEBEN, AbrufStatus.ANGEORDNET)
ABRUF_FELDER = ("pk", "nummer", "status", "auszahlung_am", "betrag", "freigegeben", *_EMPFAENGER)


def _abruf_zellen(w: dict, href: str, empfaenger: str) -> str:
    freigegeben = betrag(w["freigegeben"]) if w["freigegeben"] is not None else "–"
    return (
        f'<th scope="row"><a href="{href}">Mittelabruf {w["nummer"]:d}</a></th><td>{empfaenger}</td>'
        f"<td>{e(w['zuwendung__antrag__aktenzeichen'])}</td><td>{tag(w['auszahlung_am'])}</td>"
        f'<td class="tabelle-betrag">{betrag(w["betrag"])}</td><td class="tabelle-betrag">{freigegeben}</td>'
    )


def offene_abrufe(qs) -> list[tuple[str, str, list[dict]]]:
    """(status, label, rows) for each open state, in the order the Bezirksregierung works."""
    werte = qs.filter(status__in=OFFEN).order_by("status", "auszahlung_am", "pk").values(*ABRUF_FELDER)
    zeilen = _zeilen(werte, "zuwendungen:abruf", _abruf_zellen)
    return [(s, AbrufStatus(s).label, [z for z in zeilen if z["status"] == s]) for s in OFFEN]


# --- Zuwendungen (both sides: the Bezirksregierung's list and an applicant's own) -----------------


def _erfasst(wert) -> str:
    return "noch nicht erfasst" if wert is None else betrag(wert)


def zuwendung_zeilen(kennzahlen, *, alle: bool, perioden: dict[int, str]) -> list[dict]:
    """The rows of the list of Zuwendungen (zuwendungen.uebersicht.aus_werten); `alle`: with
    the recipient's column (the Bezirksregierung sees every grant); `perioden`: id -> name."""
    zu = verweis("zuwendungen:detail")
    zeilen = []
    for k in kennzahlen:
        w, frist = k.zuwendung, k.naechste_frist
        html = (
            f'<th scope="row"><a href="{zu(w["pk"])}">{e(w["antrag__aktenzeichen"])}</a></th>'
            + (f"<td>{_empfaenger(w, '')}</td>" if alle else "")
            + f"<td>{e(perioden.get(w['antrag__foerderperiode_id'], ''))}</td>"
            f'<td class="text-end">{betrag(k.bewilligt)}</td><td class="text-end">{_erfasst(k.abgerufen)}</td>'
            f'<td class="text-end">{_erfasst(k.ausgezahlt)}</td><td class="text-end">{_erfasst(k.offen)}</td>'
            f"<td>{tag(w['bestandskraeftig_am'])}</td>"
            f"<td>{f'{e(frist.was)}: {tag(frist.am)}' if frist else '–'}</td>"
        )
        zeilen.append({"pk": w["pk"], "html": mark_safe(html)})  # noqa: S308 (every value through e())
    return zeilen
