"""The seven Verwaltungsgerichte of NRW with their postal addresses (§ 17 JustG NRW).

Addresses as published by the courts (vg-<sitz>.nrw.de, Kontakt/Anfahrt); the Administration
maintains them afterwards. Existing rows are left as they are.
"""

from django.db import migrations

GERICHTE = [
    ("Aachen", "Kasernenstraße 25", "52064", "Aachen", "https://www.vg-aachen.nrw.de"),
    ("Arnsberg", "Jägerstraße 1", "59821", "Arnsberg", "https://www.vg-arnsberg.nrw.de"),
    ("Düsseldorf", "Bastionstraße 39", "40213", "Düsseldorf", "https://www.vg-duesseldorf.nrw.de"),
    ("Gelsenkirchen", "Bahnhofsvorplatz 3", "45879", "Gelsenkirchen", "https://www.vg-gelsenkirchen.nrw.de"),
    ("Köln", "Appellhofplatz", "50667", "Köln", "https://www.vg-koeln.nrw.de"),
    ("Minden", "Königswall 8", "32423", "Minden", "https://www.vg-minden.nrw.de"),
    ("Münster", "Piusallee 38", "48147", "Münster", "https://www.vg-muenster.nrw.de"),
]


def anlegen(apps, schema_editor):
    Verwaltungsgericht = apps.get_model("programmteile", "Verwaltungsgericht")
    for sitz, strasse, plz, ort, quelle in GERICHTE:
        Verwaltungsgericht.objects.get_or_create(
            sitz=sitz, defaults={"strasse": strasse, "plz": plz, "ort": ort, "quelle": quelle}
        )


class Migration(migrations.Migration):
    dependencies = [("programmteile", "0007_gerichte_anlagen_hinweise")]

    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
