"""Demo data the letters need: postal addresses and e-mail of the Kommunen and Träger, the seat
(Kreis or kreisfreie Stadt) of each Träger, and clearly marked demo Anlagen of the notice.

Addresses: the real Rathaus or Kreishaus where it is public knowledge, else "Musterstraße 1"
with the postcode 00000, marked as demo in the Anmerkung; e-mail addresses end in .invalid.
The demo Anlagen are small PDFs the project renders itself ("Muster – nicht amtlich"); nothing
is downloaded. Only what is missing is filled in (idempotent).
"""

from __future__ import annotations

import datetime

from komman.models import Organisation
from programmteile.models import Anlage

# Kreisschlüssel -> (Straße, PLZ, Ort) of the Rathaus / Kreishaus
RATHAEUSER = {
    "05111": ("Marktplatz 2", "40213", "Düsseldorf"),
    "05113": ("Porscheplatz 1", "45127", "Essen"),
    "05314": ("Berliner Platz 2", "53111", "Bonn"),
    "05315": ("Rathausplatz 2", "50667", "Köln"),
    "05513": ("Ebertstraße 11", "45879", "Gelsenkirchen"),
    "05515": ("Klemensstraße 10", "48143", "Münster"),
    "05711": ("Niederwall 23", "33602", "Bielefeld"),
    "05911": ("Willy-Brandt-Platz 2–6", "44777", "Bochum"),
    "05913": ("Friedensplatz 1", "44135", "Dortmund"),
    "05914": ("Rathausstraße 11", "58095", "Hagen"),
    "05915": ("Theodor-Heuss-Platz 16", "59065", "Hamm"),
    "05916": ("Friedrich-Ebert-Platz 2", "44623", "Herne"),
    "05954": ("Hauptstraße 92", "58332", "Schwelm"),
    "05974": ("Hoher Weg 1–3", "59494", "Soest"),
    "05978": ("Friedrich-Ebert-Straße 17", "59425", "Unna"),
}
MUSTER_ANSCHRIFT = ("Musterstraße 1", "00000")
DEMO_VERMERK = "Demo-Anschrift für das Förderportal (nicht für den Versand)."

# Ort of a demo Träger -> Kreisschlüssel of its Kreis or kreisfreie Stadt
SITZ_DER_TRAEGER = {
    "Dortmund": "05913",
    "Bochum": "05911",
    "Paderborn": "05774",
    "Düsseldorf": "05111",
    "Münster": "05515",
    "Wuppertal": "05124",
}

DEMO_ANLAGEN = [
    # (Art, Fassung vom, Quelle)
    (Anlage.Art.ANBEST_G, datetime.date(2022, 6, 6), "Demo nach Anlage 1 zu Nr. 5.1 VVG zu § 44 LHO"),
    (Anlage.Art.ANBEST_P, datetime.date(2022, 6, 6), "Demo nach Anlage 2 zu Nr. 5.1 VV zu § 44 LHO"),
    (Anlage.Art.MITTELABRUF, datetime.date(2024, 1, 1), "Demo-Vordruck des Förderportals"),
    (Anlage.Art.VERWENDUNGSNACHWEIS, datetime.date(2024, 1, 1), "Demo-Vordruck des Förderportals"),
]


def _email(org: Organisation) -> str:
    kurz = (org.kreisschluessel or str(org.pk)).lower()
    return f"bescheide.{kurz}@komm-an-demo.invalid"


def anschriften() -> None:
    """Address and e-mail of every Kommune and demo Träger that has none; the seat of each Träger."""
    kommunen = {k.kreisschluessel: k for k in Organisation.objects.kommunen()}
    for schluessel, org in kommunen.items():
        if org.strasse:
            continue
        strasse, plz, ort = RATHAEUSER.get(schluessel, (*MUSTER_ANSCHRIFT, org.name))
        org.strasse, org.plz, org.ort = strasse, plz, ort
        org.email = org.email or _email(org)
        if schluessel not in RATHAEUSER and not org.anmerkung:
            org.anmerkung = DEMO_VERMERK
        org.save(update_fields=["strasse", "plz", "ort", "email", "anmerkung"])
    for traeger in Organisation.objects.traeger().filter(kreis__isnull=True):
        kreis = kommunen.get(SITZ_DER_TRAEGER.get(traeger.ort, ""))
        if kreis is None:
            continue
        traeger.kreis = kreis
        traeger.email = traeger.email or f"bescheide.traeger{traeger.pk}@komm-an-demo.invalid"
        traeger.save(update_fields=["kreis", "email"])


def anlagen() -> None:
    """One demo Fassung of each Anlage ("Muster – nicht amtlich"), rendered by the project."""
    from antraege.bescheide.pdf import render_pdf

    for art, fassung, quelle in DEMO_ANLAGEN:
        if Anlage.objects.filter(art=art).exists():
            continue
        pdf = render_pdf(
            "bescheide/anlage_muster.html",
            {"titel": Anlage.TITEL[art], "kurz": Anlage.Art(art).label, "fassung": fassung, "quelle": quelle},
        )
        Anlage.objects.create(
            art=art,
            fassung=fassung,
            quelle=quelle,
            muster=True,
            dateiname=f"{Anlage.Art(art).label.replace(' ', '_')}_Muster.pdf",
            pdf=pdf,
        )
