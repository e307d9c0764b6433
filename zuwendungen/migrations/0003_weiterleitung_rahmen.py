"""The database backs up the forwarding cap (issue 18): the sum forwarded for a Part II line never
exceeds the amount granted for it, whatever writes the row. The workflow checks the same under
the Zuwendung's row lock (zuwendungen.workflow.weiterleitung) and gives the German message; this
trigger is the last line behind it."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION zuwendungen_weiterleitung_rahmen() RETURNS trigger AS $$
DECLARE rahmen numeric; summe numeric;
BEGIN
    SELECT COALESCE(bewilligt, 0) INTO rahmen FROM antraege_position WHERE id = NEW.position_id;
    SELECT COALESCE(SUM(betrag), 0) INTO summe FROM zuwendungen_weiterleitung
        WHERE position_id = NEW.position_id AND id IS DISTINCT FROM NEW.id;
    IF summe + NEW.betrag > rahmen THEN
        RAISE EXCEPTION 'Weiterleitungen übersteigen den bewilligten Betrag der Maßnahme %', NEW.position_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER zuwendungen_weiterleitung_rahmen
    BEFORE INSERT OR UPDATE ON zuwendungen_weiterleitung
    FOR EACH ROW EXECUTE FUNCTION zuwendungen_weiterleitung_rahmen();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS zuwendungen_weiterleitung_rahmen ON zuwendungen_weiterleitung;
DROP FUNCTION IF EXISTS zuwendungen_weiterleitung_rahmen();
"""
# SQLite keeps decimals as numbers: a thousandth of a cent of tolerance against float sums.
SQLITE = """
CREATE TRIGGER zuwendungen_weiterleitung_rahmen BEFORE INSERT ON zuwendungen_weiterleitung
WHEN (SELECT COALESCE(SUM(betrag), 0) FROM zuwendungen_weiterleitung WHERE position_id = NEW.position_id)
     + NEW.betrag > (SELECT COALESCE(bewilligt, 0) FROM antraege_position WHERE id = NEW.position_id) + 0.00001
BEGIN
    SELECT RAISE(ABORT, 'Weiterleitungen übersteigen den bewilligten Betrag der Maßnahme');
END
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS zuwendungen_weiterleitung_rahmen"


def anlegen(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE, params=None)


def entfernen(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("zuwendungen", "0002_bestandskraft_weiterleitung"),
        ("antraege", "0006_bekanntgabe_bestandskraft"),
    ]

    operations = [migrations.RunPython(anlegen, entfernen)]
