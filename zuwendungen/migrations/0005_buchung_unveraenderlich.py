"""Buchung is append-only in the database too (like Statuswechsel, antraege 0005).

The only change allowed is writing the value date once (wertstellung from NULL to a date,
every other column unchanged); DELETE is always refused. SQLite asks
komman_protokoll_geschuetzt() like the other triggers (false only during a test flush).
"""

from django.db import migrations

SPALTEN = ("zuwendung_id", "art", "betrag", "gebucht_am", "anordnung_id", "text", "wer_id", "erfasst_am")
GLEICH_PG = " AND ".join(f"NEW.{s} IS NOT DISTINCT FROM OLD.{s}" for s in SPALTEN)
GLEICH_SQLITE = " AND ".join(f"NEW.{s} IS OLD.{s}" for s in SPALTEN)

POSTGRES = f"""
CREATE OR REPLACE FUNCTION zuwendungen_buchung_unveraenderlich() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.wertstellung IS NULL AND NEW.wertstellung IS NOT NULL
       AND NEW.id = OLD.id AND {GLEICH_PG} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Eine Buchung wird nie geändert oder gelöscht (%, Buchung %).', TG_OP, OLD.id;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER zuwendungen_buchung_unveraenderlich
    BEFORE UPDATE OR DELETE ON zuwendungen_buchung
    FOR EACH ROW EXECUTE FUNCTION zuwendungen_buchung_unveraenderlich();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS zuwendungen_buchung_unveraenderlich ON zuwendungen_buchung;
DROP FUNCTION IF EXISTS zuwendungen_buchung_unveraenderlich();
"""

SQLITE = [
    f"""
    CREATE TRIGGER zuwendungen_buchung_kein_update BEFORE UPDATE ON zuwendungen_buchung
    WHEN komman_protokoll_geschuetzt() AND NOT (
        OLD.wertstellung IS NULL AND NEW.wertstellung IS NOT NULL AND NEW.id IS OLD.id AND {GLEICH_SQLITE}
    )
    BEGIN
        SELECT RAISE(ABORT, 'Eine Buchung wird nie geändert (UPDATE).');
    END
    """,
    """
    CREATE TRIGGER zuwendungen_buchung_kein_delete BEFORE DELETE ON zuwendungen_buchung
    WHEN komman_protokoll_geschuetzt()
    BEGIN
        SELECT RAISE(ABORT, 'Eine Buchung wird nie gelöscht (DELETE).');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS zuwendungen_buchung_kein_update",
    "DROP TRIGGER IF EXISTS zuwendungen_buchung_kein_delete",
]


def anlegen(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql, params=None)


def entfernen(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_REVERSE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("zuwendungen", "0004_mittelabruf"), ("komman", "0003_protokolleintrag")]

    operations = [migrations.RunPython(anlegen, entfernen)]
