"""Seeds Programmteil I–IV with their German titles (DOMAIN.md §2)."""

from django.db import migrations

PROGRAMMTEILE = [
    (
        "I",
        "Stärkung der Kommunalen Integrationszentren",
        "Zusätzliches Personal für die Kommunalen Integrationszentren (1, 1,5 oder 2 Stellen je nach "
        "Stellenzuweisung) und Sachmittel von 10.000, 15.000 oder 20.000 € im Jahr, um die Integrationsarbeit "
        "vor Ort zu koordinieren, zu vernetzen und das Ehrenamt einzubinden.",
        "kommune",
        1,
    ),
    (
        "II",
        "Bedarfsorientierte Maßnahmen vor Ort",
        "Pauschalen je Einheit für Ankommenstreffpunkte; Zusammenkommen, Orientierung und Begleitung; "
        "Informations- und Wissensvermittlung und die Qualifizierung Ehrenamtlicher – bis zum Höchstbetrag "
        "der Kommune, häufig weitergeleitet an Vereine und Initiativen vor Ort.",
        "kommune",
        2,
    ),
    (
        "III",
        "Stärkung der Integrationsagenturen",
        "Maßnahmen der Integrationsagenturen der Freien Wohlfahrtspflege für ein friedliches Zusammenleben in "
        "den Stadtteilen und gegen Antisemitismus, Rassismus, Islamfeindlichkeit und Diskriminierung; bis zu "
        "90 % der zuwendungsfähigen Ausgaben.",
        "traeger",
        3,
    ),
    (
        "IV",
        "Broschüre zu Grundwerten und Regeln",
        "Die Broschüre „Demokratie für mich“ der Landeszentrale für politische Bildung NRW erklärt die "
        "grundlegenden Werte und Regeln des Zusammenlebens in Deutschland – in einfacher Sprache und mehreren "
        "Sprachen. Keine Anträge, aber gedruckte Exemplare können bestellt werden.",
        "",
        4,
    ),
]


def seed(apps, schema_editor):
    Programmteil = apps.get_model("programmteile", "Programmteil")
    for nummer, titel, text, art, reihenfolge in PROGRAMMTEILE:
        Programmteil.objects.update_or_create(
            nummer=nummer,
            defaults={"titel": titel, "kurzbeschreibung": text, "antragsteller_art": art, "reihenfolge": reihenfolge},
        )


class Migration(migrations.Migration):
    dependencies = [("programmteile", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
