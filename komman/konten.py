"""Accounts and roles with separation of duties (issue 24, docs/sicherheit.md).

Rules:
- nobody grants a role to themselves (Administration included);
- Bezirksregierung roles (Prüfung, Zeichnung, Administration) only for people who belong to
  the Bezirksregierung alone: a member of a Kommune or Träger never gets one, and a member of
  the Bezirksregierung never gets an applicant role;
- a Bezirksregierung role is only requested by one administrator and becomes effective when a
  second one confirms it (Rollenfreigabe, four eyes as for money);
- an account invited by the person who proposed a decision cannot sign it within
  EINLADUNG_SPERRE (antraege.permissions.can_sign asks `vom_vorschlagenden_eingeladen`).

Every grant, request, refusal, removal, invitation, password set or change, activation and
deactivation is an audit record and a mail to the person and to the other administrators.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from komman import mails, permissions
from komman.audit import Aktion, protokolliere
from komman.models import (
    ANTRAGSTELLER_ROLLEN,
    BEZIRKSREGIERUNG_ROLLEN,
    Mitgliedschaft,
    Organisation,
    Rolle,
    Rollenfreigabe,
    User,
)

# How long an account invited by a person cannot sign that person's proposals.
EINLADUNG_SPERRE = datetime.timedelta(days=getattr(settings, "KOMMAN_EINLADUNG_SPERRE_TAGE", 365))

SELBST = "Sie können sich selbst keine Rolle geben. Das muss eine andere Person der Administration tun."
NUR_BR = (
    "Rollen der Bezirksregierung (Prüfung, Zeichnung, Administration) erhalten nur Personen, die "
    "ausschließlich der Bezirksregierung angehören. Diese Person ist Mitglied einer Kommune oder "
    "eines Trägers."
)
NUR_ANTRAGSTELLER = (
    "Diese Person gehört zur Bezirksregierung. Rollen bei Kommunen und Trägern erhält sie nicht "
    "(Trennung von Antragstellung und Bewilligung)."
)


def ist_br_rolle(organisation: Organisation, rolle: str) -> bool:
    return organisation.art == Organisation.Art.BEZIRKSREGIERUNG and rolle in BEZIRKSREGIERUNG_ROLLEN


def vergabe_fehler(*, person: User, organisation: Organisation, rolle: str, von: User) -> str:
    """Why `von` may not give `person` this role, or '' (the fit of role and organisation is
    Mitgliedschaft.clean's)."""
    if person.pk == von.pk:
        return SELBST
    andere = Mitgliedschaft.objects.filter(user=person).exclude(organisation=organisation)
    if ist_br_rolle(organisation, rolle):
        if andere.exclude(organisation__art=Organisation.Art.BEZIRKSREGIERUNG).exists():
            return NUR_BR
    elif rolle in ANTRAGSTELLER_ROLLEN and (
        Mitgliedschaft.objects.filter(user=person, organisation__art=Organisation.Art.BEZIRKSREGIERUNG).exists()
        or Rollenfreigabe.objects.filter(user=person, stand=Rollenfreigabe.Stand.OFFEN).exists()
    ):
        return NUR_ANTRAGSTELLER
    return ""


def offen_beantragt(person: User, organisation: Organisation, rolle: str) -> bool:
    return Rollenfreigabe.objects.filter(
        user=person, organisation=organisation, rolle=rolle, stand=Rollenfreigabe.Stand.OFFEN
    ).exists()


def vom_vorschlagenden_eingeladen(signer, vorgeschlagen_von_id: int | None) -> str:
    """The reason the signer may not sign a proposal of `vorgeschlagen_von_id`, or ''."""
    if vorgeschlagen_von_id is None or getattr(signer, "eingeladen_von_id", None) != vorgeschlagen_von_id:
        return ""
    if signer.eingeladen_am and timezone.now() - signer.eingeladen_am > EINLADUNG_SPERRE:
        return ""
    return (
        "Ihr Konto hat die Person angelegt, die diese Entscheidung vorgeschlagen hat. "
        "Zeichnen muss eine unabhängige zweite Person (Trennung der Aufgaben)."
    )


# --- Changes -----------------------------------------------------------------------------------


def rolle_vergeben(
    *, person: User, organisation: Organisation, rolle: str, von: User, request=None, an_person: bool = True
) -> str:
    """Give the role, or for a Bezirksregierung role ask a second administrator.

    Returns "erteilt" or "beantragt". The caller has checked vergabe_fehler() and clean().
    `an_person=False` for an invitation: its own mail names the roles."""
    if ist_br_rolle(organisation, rolle):
        freigabe = Rollenfreigabe.objects.create(
            user=person, organisation=organisation, rolle=rolle, beantragt_von=von
        )
        melden(person, Aktion.ROLLE_BEANTRAGT, von=von, request=request, objekt=freigabe, an_person=an_person,
               rolle=freigabe.get_rolle_display(), organisation=str(organisation))  # fmt: skip
        return "beantragt"
    m = Mitgliedschaft.objects.create(user=person, organisation=organisation, rolle=rolle)
    melden(person, Aktion.ROLLE_ERTEILT, von=von, request=request, objekt=m, an_person=an_person,
           rolle=m.get_rolle_display(), organisation=str(organisation))  # fmt: skip
    return "erteilt"


def freigabe_fehler(freigabe: Rollenfreigabe, von: User) -> str:
    if freigabe.stand != Rollenfreigabe.Stand.OFFEN:
        return "Über diese Rolle ist schon entschieden."
    if not permissions.is_admin(von):
        return "Bestätigen darf nur die Administration."
    if von.pk == freigabe.beantragt_von_id:
        return "Sie haben diese Rolle beantragt; bestätigen muss eine zweite Person der Administration."
    if von.pk == freigabe.user_id:
        return SELBST
    return ""


@transaction.atomic
def freigabe_entscheiden(*, freigabe: Rollenfreigabe, von: User, bestaetigt: bool, request=None) -> str:
    """The second administrator confirms or refuses; returns '' or the reason it is refused."""
    freigabe = Rollenfreigabe.objects.select_for_update().select_related("user", "organisation").get(
        pk=freigabe.pk
    )
    fehler = freigabe_fehler(freigabe, von)
    if not fehler and bestaetigt:
        fehler = vergabe_fehler(
            person=freigabe.user, organisation=freigabe.organisation, rolle=freigabe.rolle, von=von
        )
    if fehler:
        return fehler
    freigabe.stand = Rollenfreigabe.Stand.BESTAETIGT if bestaetigt else Rollenfreigabe.Stand.ABGELEHNT
    freigabe.entschieden_von = von
    freigabe.entschieden_am = timezone.now()
    freigabe.save(update_fields=["stand", "entschieden_von", "entschieden_am"])
    details = {
        "rolle": freigabe.get_rolle_display(),
        "organisation": str(freigabe.organisation),
        "beantragt_von": freigabe.beantragt_von.get_username(),
    }
    if bestaetigt:
        m, _ = Mitgliedschaft.objects.get_or_create(
            user=freigabe.user, organisation=freigabe.organisation, rolle=freigabe.rolle
        )
        melden(freigabe.user, Aktion.ROLLE_ERTEILT, von=von, request=request, objekt=m, **details)
    else:
        melden(freigabe.user, Aktion.ROLLE_ABGELEHNT, von=von, request=request, objekt=freigabe, **details)
    return ""


def rolle_entziehen(*, mitgliedschaft: Mitgliedschaft, von: User, request=None) -> None:
    person = mitgliedschaft.user
    details = {"rolle": mitgliedschaft.get_rolle_display(), "organisation": str(mitgliedschaft.organisation)}
    mitgliedschaft.delete()
    permissions.forget_roles(person)
    melden(person, Aktion.ROLLE_ENTZOGEN, von=von, request=request, objekt=person, **details)


def eingeladen(*, person: User, organisation: Organisation, von: User, request=None) -> None:
    melden(person, Aktion.EINGELADEN, von=von, request=request, objekt=person,
           organisation=str(organisation), an_person=False)  # fmt: skip


def aktiv_gesetzt(*, person: User, von: User, request=None) -> None:
    aktion = Aktion.KONTO_AKTIVIERT if person.is_active else Aktion.KONTO_DEAKTIVIERT
    melden(person, aktion, von=von, request=request, objekt=person)


def passwort_gesetzt(*, person: User, aktion: str, request=None) -> None:
    melden(person, aktion, von=person, request=request, objekt=person)


# --- Record and tell ---------------------------------------------------------------------------


def administratoren_adressen(ausser: set[int]) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            mitgliedschaften__rolle=Rolle.ADMIN,
            mitgliedschaften__organisation__art=Organisation.Art.BEZIRKSREGIERUNG,
        )
        .exclude(pk__in=ausser)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def melden(person: User, aktion: str, *, von: User | None, request=None, objekt=None, an_person=True, **details):
    """An audit record and the mails to the person and the other administrators (outbox rows)."""
    protokolliere(
        wer=von,
        aktion=aktion,
        objekt=objekt if objekt is not None else person,
        details={"person": person.get_username(), **details},
        request=request,
    )
    # The mails are outbox rows in the caller's transaction (sent after commit, never on rollback).
    _mail(person=person, von=von, aktion=aktion, details=details, an_person=an_person)


def _mail(*, person: User, von: User | None, aktion: str, details: dict, an_person: bool) -> None:
    von_id = getattr(von, "pk", None)
    kontext = {
        "person": person,
        "von": von,
        "was": Aktion(aktion).label,
        "details": details,
        "bestaetigung_noetig": aktion == Aktion.ROLLE_BEANTRAGT,
    }
    if an_person and person.email:
        mails.senden(an=[person.email], vorlage="konto_person", kontext=kontext)
    admins = administratoren_adressen(ausser={person.pk, von_id} - {None})
    if admins:
        mails.senden(an=admins, vorlage="konto_administration", kontext=kontext)
