"""Demo logins (password komman-demo) and the technical signatories of the demo Anträge."""

from __future__ import annotations

from komman.models import Mitgliedschaft, Organisation, Rolle, User

PASSWORT = "komman-demo"

DEMO_NUTZER = [
    # username, first, last, organisation key, roles
    ("ki.dortmund", "Kim", "Yilmaz", "05913", [Rolle.SACHBEARBEITUNG]),
    ("zeichnung.dortmund", "Dana", "Schulte", "05913", [Rolle.ZEICHNUNGSBERECHTIGT]),
    ("ki.bochum", "Jonas", "Becker", "05911", [Rolle.SACHBEARBEITUNG]),
    (
        "traeger.awo",
        "Aylin",
        "Kaya",
        "AWO Unterbezirk Dortmund",
        [Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT],
    ),
    ("pruefung.arnsberg", "Petra", "Hoffmann", "BR", [Rolle.PRUEFUNG]),
    ("zeichnung.arnsberg", "Markus", "Lange", "BR", [Rolle.ZEICHNUNG]),
    ("admin", "Alex", "Neumann", "BR", [Rolle.ADMIN]),
]


def nutzer() -> None:
    bezirksregierung = Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG)
    for username, vorname, nachname, org_key, rollen in DEMO_NUTZER:
        if org_key == "BR":
            organisation = bezirksregierung
        elif org_key.isdigit():
            organisation = Organisation.objects.get(kreisschluessel=org_key)
        else:
            organisation = Organisation.objects.get(name=org_key)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": vorname,
                "last_name": nachname,
                "email": f"{username}@demo.komm-an.invalid",
            },
        )
        if created:
            user.set_password(PASSWORT)
            if username == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
        for rolle in rollen:
            Mitgliedschaft.objects.get_or_create(user=user, organisation=organisation, rolle=rolle)
    rollenfreigabe(bezirksregierung)


def rollenfreigabe(bezirksregierung: Organisation) -> None:
    """Four eyes for roles (issue 24): a second administrator, admin.zwei, invited neu.pruefung and
    asked for the Prüfung role; `admin` confirms or refuses it under Verwaltung → Rollenfreigaben.

    The demo accounts above are seeded by this command, not invited: their roles need no
    confirmation (docs/sicherheit.md). Once decided, a second run asks for nothing new.
    """
    from django.utils import timezone

    from komman.models import Rollenfreigabe

    zweit, created = User.objects.get_or_create(
        username="admin.zwei",
        defaults={"first_name": "Sam", "last_name": "Berger", "email": "admin.zwei@demo.komm-an.invalid"},
    )
    if created:
        zweit.set_password(PASSWORT)
        zweit.save()
    Mitgliedschaft.objects.get_or_create(user=zweit, organisation=bezirksregierung, rolle=Rolle.ADMIN)
    neu, created = User.objects.get_or_create(
        username="neu.pruefung",
        defaults={
            "first_name": "Robin",
            "last_name": "Neu",
            "email": "neu.pruefung@demo.komm-an.invalid",
            "eingeladen_von": zweit,
            "eingeladen_am": timezone.now(),
        },
    )
    if created:
        neu.set_password(PASSWORT)
        neu.save()
    if not Rollenfreigabe.objects.filter(user=neu).exists():
        Rollenfreigabe.objects.create(
            user=neu, organisation=bezirksregierung, rolle=Rolle.PRUEFUNG, beantragt_von=zweit
        )


def zeichnung(org: Organisation, username: str) -> User:
    """A demo login that signs for `org` (Zeichnungsberechtigte*r), created once."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": "Demo",
            "last_name": f"Zeichnung {org.name}",
            "email": f"{username}@demo.komm-an.invalid",
        },
    )
    if created:
        user.set_password(PASSWORT)
        user.save()
    Mitgliedschaft.objects.get_or_create(user=user, organisation=org, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
    return user


def technischer_antragsteller() -> User:
    """The technical Zeichnungsberechtigte*r (no usable password) for organisations without a demo login."""
    user, created = User.objects.get_or_create(
        username="demo.antragsteller",
        defaults={
            "first_name": "Demo",
            "last_name": "Antragsteller",
            "email": "demo.antragsteller@demo.komm-an.invalid",
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def zeichnungsberechtigt_fuer(organisation: Organisation, ersatz: User) -> User:
    """The organisation's own demo login that signs (zeichnung.dortmund, traeger.awo), else `ersatz`
    made Zeichnungsberechtigte*r of the organisation."""
    from komman.permissions import forget_roles

    zb = (
        User.objects.filter(
            mitgliedschaften__organisation=organisation,
            mitgliedschaften__rolle=Rolle.ZEICHNUNGSBERECHTIGT,
            is_active=True,
        )
        .exclude(pk=ersatz.pk)
        .first()
    )
    if zb is not None:
        return zb
    Mitgliedschaft.objects.get_or_create(user=ersatz, organisation=organisation, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
    forget_roles(ersatz)
    return ersatz
