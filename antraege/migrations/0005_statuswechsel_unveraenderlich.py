"""Statuswechsel, the legal record of a file, is append-only in the database too.

The model and its QuerySet refuse changes (komman.models.NurAnhaengen); these triggers
refuse UPDATE and DELETE of a row however it is attempted.

PostgreSQL: a trigger function (TRUNCATE, used only by a test database flush, is left alone).
SQLite: triggers that ask komman_protokoll_geschuetzt(), the function the audit log's
triggers ask (registered by komman.audit on every connection, false only while a test flush
empties the tables); a connection without it (e.g. the sqlite3 shell) cannot change rows.
bench/seed.py switches the triggers off for its own rows (ohne_dokumentschutz).
"""

from django.db import migrations

TRIGGER = "antraege_statuswechsel_unveraenderlich"

POSTGRES = """
CREATE OR REPLACE FUNCTION antraege_statuswechsel_unveraenderlich() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Ein Statuswechsel wird nie geändert oder gelöscht (%%, Statuswechsel %%).', TG_OP, OLD.id;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER antraege_statuswechsel_unveraenderlich
    BEFORE UPDATE OR DELETE ON antraege_statuswechsel
    FOR EACH ROW EXECUTE FUNCTION antraege_statuswechsel_unveraenderlich();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS antraege_statuswechsel_unveraenderlich ON antraege_statuswechsel;
DROP FUNCTION IF EXISTS antraege_statuswechsel_unveraenderlich();
"""

SQLITE = [
    """
    CREATE TRIGGER antraege_statuswechsel_kein_update BEFORE UPDATE ON antraege_statuswechsel
    WHEN komman_protokoll_geschuetzt()
    BEGIN
        SELECT RAISE(ABORT, 'Ein Statuswechsel wird nie geändert (UPDATE).');
    END
    """,
    """
    CREATE TRIGGER antraege_statuswechsel_kein_delete BEFORE DELETE ON antraege_statuswechsel
    WHEN komman_protokoll_geschuetzt()
    BEGIN
        SELECT RAISE(ABORT, 'Ein Statuswechsel wird nie gelöscht (DELETE).');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS antraege_statuswechsel_kein_update",
    "DROP TRIGGER IF EXISTS antraege_statuswechsel_kein_delete",
]


def anlegen(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES.replace("%%", "%"), params=None)
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
    dependencies = [("antraege", "0004_leistung_indexe"), ("komman", "0003_protokolleintrag")]

    operations = [migrations.RunPython(anlegen, entfernen)]
