"""Meine Aufgaben from antraege (komman.aufgaben hook, registered in AntraegeConfig.ready()).

- ``antraege_antragsteller``: drafts of the user's organisations with the period's Antragsfrist:
  to fill in and hand over for the KI staff (Sachbearbeitung), to submit for the
  Zeichnungsberechtigte — those handed over ("zur Zeichnung vorgelegt") first;
- ``pruefung``: the reviewer's queue items: submitted and not taken yet, or in their own hands;
- ``zeichnung``: proposals to sign, never one's own proposal (four eyes).
The deadlines of a case (Nachforderung, Anhörung, Bekanntgabe) come as Frist rows
(zuwendungen/aufgaben.py). The reviewer's sources are querysets (a COUNT and the first rows on
the page, komman/aufgaben.py); the applicant's drafts are few, one query for all.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse

from antraege.models import Antrag
from komman import permissions
from komman.aufgaben import Aufgabe
from komman.models import Rolle

S = Antrag.Status


# What a reviewer's task row reads of the Antrag's organisation (Organisation.__str__).
_ANTRAGSTELLER = ("antragsteller__art", "antragsteller__kommunentyp", "antragsteller__name")


def _az(antrag: Antrag) -> str:
    return antrag.aktenzeichen or f"Antrag {antrag.pk} (Entwurf)"


def antragsteller(user) -> list[Aufgabe]:
    zeichnen = permissions.organisation_ids(user, Rolle.ZEICHNUNGSBERECHTIGT)
    bearbeiten = permissions.organisation_ids(user, Rolle.SACHBEARBEITUNG) - zeichnen
    qs = (
        Antrag.objects.filter(status=S.ENTWURF)
        .filter(
            Q(antragsteller_id__in=zeichnen) | Q(antragsteller_id__in=bearbeiten, vorgelegt_am__isnull=True)
        )
        .select_related("antragsteller", "foerderperiode__programmteil")
        .order_by("foerderperiode__antragsfrist", "pk")
    )
    result = []
    for a in qs:
        if a.antragsteller_id in zeichnen:
            art = (
                "Zur Zeichnung vorgelegt: einreichen"
                if a.vorgelegt_am
                else "Antrag fertigstellen und einreichen"
            )
        else:
            art = "Antrag fertigstellen und zur Zeichnung vorlegen"
        result.append(
            Aufgabe(
                art=art,
                titel=f"{a.foerderperiode} – {a.antragsteller}",
                url=reverse("antraege:detail", args=[a.pk]),
                faellig_am=a.foerderperiode.antragsfrist,
                aktenzeichen=_az(a),
                uid=f"antrag-{a.pk}-entwurf",
            )
        )
    return result


def pruefung(user, alle: bool = False):
    """The reviewer's own cases first (in the order they came in), then what nobody took yet."""
    return (
        Antrag.objects.filter(
            Q(status=S.EINGEREICHT, bearbeitet_von__isnull=True)
            | Q(status__in=(S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG), bearbeitet_von=user)
        )
        .select_related("antragsteller")
        .only("status", "aktenzeichen", "bearbeitet_von_id", *_ANTRAGSTELLER)
        .order_by(F("bearbeitet_von_id").asc(nulls_last=True), "eingereicht_am", "pk")
    )


def pruefung_zeile(a: Antrag) -> Aufgabe:
    return Aufgabe(
        art="Antrag übernehmen und prüfen"
        if a.bearbeitet_von_id is None
        else f"{a.get_status_display()} fortsetzen",
        titel=f"{_az(a)} – {a.antragsteller}",
        url=reverse("antraege:pruefung_detail", args=[a.pk]),
        aktenzeichen=_az(a),
    )


def zeichnung(user, alle: bool = False):
    return (
        Antrag.objects.filter(status__in=S.VORGESCHLAGEN)
        .exclude(vorgeschlagen_von=user)
        .select_related("antragsteller")
        .only("status", "aktenzeichen", *_ANTRAGSTELLER)
        .order_by("pk")
    )


def zeichnung_zeile(a: Antrag) -> Aufgabe:
    return Aufgabe(
        art="Bewilligung zeichnen" if a.status == S.BEWILLIGUNG_VORGESCHLAGEN else "Ablehnung zeichnen",
        titel=f"{_az(a)} – {a.antragsteller}",
        url=reverse("antraege:pruefung_detail", args=[a.pk]),
        aktenzeichen=_az(a),
    )


def registrieren() -> None:
    from komman import aufgaben

    aufgaben.quelle(
        "antraege_antragsteller", titel="Anträge", fuer=permissions.is_antragsteller, eintraege=antragsteller
    )
    aufgaben.quelle(
        "pruefung", titel="Anträge prüfen", fuer=lambda u: Rolle.PRUEFUNG in permissions.bezirksregierung_roles(u),
        abfrage=pruefung, zeile=pruefung_zeile, liste="antraege:pruefung",
        reihenfolge="Ihre eigenen Fälle zuerst, dann die übrigen nach Eingang, die ältesten zuerst",
        datiert=False, beim_stand=True,
    )  # fmt: skip
    aufgaben.quelle(
        "zeichnung", titel="Anträge zeichnen", fuer=lambda u: Rolle.ZEICHNUNG in permissions.bezirksregierung_roles(u),
        abfrage=zeichnung, zeile=zeichnung_zeile, reihenfolge="die ältesten zuerst", datiert=False,
        beim_stand=True,
    )  # fmt: skip
