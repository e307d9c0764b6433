"""Loads the 54 applicant Kommunen of NRW and the Bewilligungsbehörde.

The data file is part of the project (komman/data/kommunen_nrw.csv); it was copied from
the programme's domain reference with Kreisschlüssel, Regierungsbezirk, population (Zensus
2011 and 2022) and the Verwaltungsgericht of the seat.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "kommunen_nrw.csv"

KOMMUNENTYP = {
    "kreisfreie Stadt": "kreisfreie_stadt",
    "Kreis": "kreis",
    "StädteRegion": "staedteregion",
    "Stadt (StädteRegion Aachen)": "stadt",
}


def _zahl(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def load(apps, schema_editor):
    Organisation = apps.get_model("komman", "Organisation")
    with CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_key = {}
    for row in rows:
        org, _ = Organisation.objects.update_or_create(
            kreisschluessel=row["kreisschluessel"],
            defaults={
                "name": row["name"],
                "art": "kommune",
                "kommunentyp": KOMMUNENTYP[row["art"]],
                "regierungsbezirk": row["regierungsbezirk"],
                "einwohner_2011": _zahl(row["einwohner_2011"]),
                "einwohner_2022": _zahl(row["einwohner_2022"]),
                "verwaltungsgericht": row["verwaltungsgericht"],
                "anmerkung": row["anmerkung"],
            },
        )
        by_key[org.kreisschluessel] = org
    # Stadt Aachen belongs to the StädteRegion Aachen but runs its own KI.
    aachen = by_key.get("05334002")
    if aachen is not None:
        aachen.teil_von = by_key["05334"]
        aachen.save(update_fields=["teil_von"])
    Organisation.objects.get_or_create(
        art="bezirksregierung",
        name="Bezirksregierung Arnsberg",
        defaults={
            "regierungsbezirk": "Arnsberg",
            "strasse": "Seibertzstraße 1",
            "plz": "59821",
            "ort": "Arnsberg",
            "verwaltungsgericht": "Arnsberg",
        },
    )


def unload(apps, schema_editor):
    Organisation = apps.get_model("komman", "Organisation")
    Organisation.objects.filter(art__in=["kommune", "bezirksregierung"], mitgliedschaften__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("komman", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
