"""Meine Aufgaben from zuwendungen (komman.aufgaben hook, registered in ZuwendungenConfig.ready()).

- ``fristen``: every running Frist where the user's side acts (``Frist.wer``): the applicant
  organisation's members for theirs, the Prüfung (the reviewer in charge, or everyone of the
  Prüfung when nobody is), the Zeichnung, the Administration; and for the reviewer in charge the
  applicant's deadlines that passed unanswered (the case waits on them now);
- ``wiedervorlagen``: the user's own Wiedervorlagen from their day on;
- ``mittelabrufe``: calls for funds to submit, to release and to sign (four eyes: never one's own).
Each source is a queryset in the page's order (komman/aufgaben.py: a COUNT and the first rows).
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag, Bekanntgabe
from komman import permissions
from komman.aufgaben import Aufgabe
from komman.models import Rolle
from zuwendungen.erinnerungen import verweis
from zuwendungen.models import Frist, Mittelabruf

W = Frist.Wer


def _az(antrag) -> str:
    return antrag.aktenzeichen or f"Antrag {antrag.pk}"


def _seite(antrag) -> str:
    return f"{_az(antrag)} – {antrag.antragsteller}"


def fristen(user, alle: bool = False):
    br_rollen = permissions.bezirksregierung_roles(user)
    wer = Q(wer=W.ANTRAGSTELLER, antrag__antragsteller_id__in=permissions.organisation_ids(user))
    if Rolle.PRUEFUNG in br_rollen:
        wer |= Q(wer=W.PRUEFUNG) & (Q(antrag__bearbeitet_von=user) | Q(antrag__bearbeitet_von__isnull=True))
    if Rolle.ZEICHNUNG in br_rollen:
        wer |= Q(wer=W.ZEICHNUNG)
    if Rolle.ADMIN in br_rollen:
        wer |= Q(wer=W.ADMINISTRATION)
    laufend = Q(status__in=Frist.Status.laufend()) & wer
    if Rolle.PRUEFUNG in br_rollen:
        laufend |= _versaeumt_beim_antragsteller(user)
    qs = Frist.objects.filter(laufend, person__isnull=True)
    if not alle:  # nobody has to act on the Klagefrist (the notice simply becomes final): calendar only
        qs = qs.exclude(art=Frist.Art.KLAGEFRIST)
    return qs.select_related("antrag__antragsteller").order_by("faellig_am", "pk")


def frist_zeile(f: Frist) -> Aufgabe:
    versaeumt = f.status == Frist.Status.VERSAEUMT
    return Aufgabe(
        art=("Frist versäumt: " if versaeumt else "") + f.get_art_display(),
        titel=f"{f.titel} – {_seite(f.antrag)}",
        url=verweis(f) if not versaeumt else _weiter_nach_versaeumnis(f),
        faellig_am=f.faellig_am,
        aktenzeichen=_az(f.antrag),
        uid=f"frist-{f.pk}",
        nur_kalender=f.art == Frist.Art.KLAGEFRIST,
    )


def _versaeumt_beim_antragsteller(user) -> Q:
    """The applicant let a deadline pass and the case now waits on its reviewer (or, with nobody
    in charge, on the Prüfung): the Nachforderung or Anhörung while the case still stands there
    and no newer deadline of the same kind runs; the notice nobody downloaded while it is not
    made known (the Prüfung posts it)."""
    zustaendig = Q(antrag__bearbeitet_von=user) | Q(antrag__bearbeitet_von__isnull=True)
    neuere = Frist.objects.filter(
        antrag=OuterRef("antrag"), art=OuterRef("art"), status__in=Frist.Status.laufend()
    )
    schreiben = Q(art__in=(Frist.Art.NACHFORDERUNG, Frist.Art.ANHOERUNG), antrag__status=F("art")) & ~Exists(
        neuere
    )
    bekanntgegeben = Bekanntgabe.objects.filter(antrag=OuterRef("antrag"), bekanntgegeben_am__isnull=False)
    bescheid = Q(art=Frist.Art.BEKANNTGABE, antrag__status__in=Antrag.Status.ANFECHTBAR) & ~Exists(
        bekanntgegeben
    )
    return Q(status=Frist.Status.VERSAEUMT, wer=W.ANTRAGSTELLER) & zustaendig & (schreiben | bescheid)


def _weiter_nach_versaeumnis(frist: Frist) -> str:
    if frist.art == Frist.Art.BEKANNTGABE:
        return reverse("zuwendungen:bestand", args=[frist.antrag_id])  # record the posting there
    return reverse("antraege:pruefung_detail", args=[frist.antrag_id])


def wiedervorlagen(user, alle: bool = False):
    qs = Frist.objects.filter(
        person=user,
        art=Frist.Art.WIEDERVORLAGE,
        # A passed Wiedervorlage stays until its person closes it.
        status__in=(*Frist.Status.laufend(), Frist.Status.VERSAEUMT),
    )
    if not alle:  # found in Aufgaben on its day; the calendar shows it before
        qs = qs.filter(faellig_am__lte=timezone.localdate())
    return qs.select_related("antrag__antragsteller").order_by("faellig_am", "pk")


def wiedervorlage_zeile(f: Frist) -> Aufgabe:
    return Aufgabe(
        art="Wiedervorlage",
        titel=_seite(f.antrag),
        url=f.url or reverse("antraege:pruefung_detail", args=[f.antrag_id]),
        faellig_am=f.faellig_am,
        aktenzeichen=_az(f.antrag),
        notiz=f.titel,
        uid=f"frist-{f.pk}",
        sichtbar_ab=f.faellig_am,
    )


_ABRUF_SCHRITTE = {
    # status: (role that acts, what to do)
    Mittelabruf.Status.ENTWURF: (Rolle.ZEICHNUNGSBERECHTIGT, "Mittelabruf einreichen"),
    Mittelabruf.Status.EINGEREICHT: (Rolle.PRUEFUNG, "Mittelabruf prüfen und freigeben"),
    Mittelabruf.Status.FREIGEGEBEN: (Rolle.ZEICHNUNG, "Auszahlung zeichnen"),
    Mittelabruf.Status.ANGEORDNET: (Rolle.PRUEFUNG, "Zahlung der Landeskasse melden"),
}


def mittelabrufe(user, alle: bool = False):
    br_rollen = permissions.bezirksregierung_roles(user)
    eigene = permissions.organisation_ids(user, Rolle.ZEICHNUNGSBERECHTIGT)
    bedingung = Q(pk__in=[])
    for status, (rolle, _) in _ABRUF_SCHRITTE.items():
        if rolle == Rolle.ZEICHNUNGSBERECHTIGT and eigene:
            bedingung |= Q(status=status, zuwendung__antrag__antragsteller_id__in=eigene)
        elif rolle == Rolle.ZEICHNUNG and rolle in br_rollen:
            bedingung |= Q(status=status) & ~Q(freigegeben_von=user)
        elif rolle in br_rollen:
            bedingung |= Q(status=status)
    return (
        Mittelabruf.objects.filter(bedingung)
        .select_related("zuwendung__antrag__antragsteller")
        .order_by(F("auszahlung_am").asc(nulls_last=True), "pk")
    )


def mittelabruf_zeile(a: Mittelabruf) -> Aufgabe:
    return Aufgabe(
        art=_ABRUF_SCHRITTE[a.status][1],
        titel=f"{a.nummer}. Mittelabruf – {_seite(a.zuwendung.antrag)}",
        url=reverse("zuwendungen:abruf", args=[a.pk]),
        faellig_am=a.auszahlung_am,
        aktenzeichen=_az(a.zuwendung.antrag),
        uid=f"mittelabruf-{a.pk}-{a.status}",
    )


def registrieren() -> None:
    from komman import aufgaben

    angemeldet = lambda user: True  # noqa: E731 - every logged-in user may have deadlines
    aufgaben.quelle("fristen", titel="Fristen", fuer=angemeldet, abfrage=fristen, zeile=frist_zeile)
    aufgaben.quelle(
        "wiedervorlagen", titel="Wiedervorlagen", fuer=permissions.is_bezirksregierung,
        abfrage=wiedervorlagen, zeile=wiedervorlage_zeile,
    )  # fmt: skip
    aufgaben.quelle(
        "mittelabrufe", titel="Mittelabrufe", fuer=angemeldet, abfrage=mittelabrufe, zeile=mittelabruf_zeile
    )
