"""Issued documents are immutable in the database too, not only in Dokument.save()/delete().

PostgreSQL: a trigger refuses any UPDATE of a row whose sha256 is set, any UPDATE that
touches the snapshot (daten, art, antrag, statuswechsel), and any DELETE. The one UPDATE
allowed is bescheide.speichern(): pdf and sha256 into a row whose sha256 is still empty.
TRUNCATE (used only by a test database flush) is left alone.

SQLite (development and tests): the same for UPDATE. For DELETE, Django's test flush
empties every table with one DELETE per table in random order, and SQLite has no TRUNCATE,
so an aborting trigger would break flushes whenever antraege_dokument came first. Instead
the trigger skips the delete (RAISE(IGNORE)) while the document's Antrag exists, and an
Antrag row that really is deleted (only a flush can, because Statuswechsel and Dokument
PROTECT it) takes its documents with it.
"""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION antraege_dokument_unveraenderlich() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Ein ausgestelltes Dokument wird nie gelöscht (Dokument %%).', OLD.id;
    END IF;
    IF OLD.sha256 <> '' THEN
        RAISE EXCEPTION 'Ein ausgestelltes Dokument wird nie geändert (Dokument %%); eine Korrektur ist ein neues Dokument.', OLD.id;
    END IF;
    IF NEW.daten IS DISTINCT FROM OLD.daten OR NEW.art IS DISTINCT FROM OLD.art
       OR NEW.antrag_id IS DISTINCT FROM OLD.antrag_id
       OR NEW.statuswechsel_id IS DISTINCT FROM OLD.statuswechsel_id THEN
        RAISE EXCEPTION 'Die Angaben eines Dokuments werden nie geändert (Dokument %%).', OLD.id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER antraege_dokument_unveraenderlich
    BEFORE UPDATE OR DELETE ON antraege_dokument
    FOR EACH ROW EXECUTE FUNCTION antraege_dokument_unveraenderlich();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS antraege_dokument_unveraenderlich ON antraege_dokument;
DROP FUNCTION IF EXISTS antraege_dokument_unveraenderlich();
"""

SQLITE = [
    """
    CREATE TRIGGER antraege_dokument_kein_update BEFORE UPDATE ON antraege_dokument
    WHEN OLD.sha256 <> '' OR NEW.daten IS NOT OLD.daten OR NEW.art IS NOT OLD.art
         OR NEW.antrag_id IS NOT OLD.antrag_id OR NEW.statuswechsel_id IS NOT OLD.statuswechsel_id
    BEGIN
        SELECT RAISE(ABORT, 'Ein ausgestelltes Dokument wird nie geändert; eine Korrektur ist ein neues Dokument.');
    END
    """,
    """
    CREATE TRIGGER antraege_dokument_kein_delete BEFORE DELETE ON antraege_dokument
    WHEN EXISTS (SELECT 1 FROM antraege_antrag WHERE id = OLD.antrag_id)
    BEGIN
        SELECT RAISE(IGNORE);
    END
    """,
    """
    CREATE TRIGGER antraege_antrag_dokumente_mit_loeschen AFTER DELETE ON antraege_antrag
    BEGIN
        DELETE FROM antraege_dokument WHERE antrag_id = OLD.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS antraege_dokument_kein_update",
    "DROP TRIGGER IF EXISTS antraege_dokument_kein_delete",
    "DROP TRIGGER IF EXISTS antraege_antrag_dokumente_mit_loeschen",
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
    dependencies = [("antraege", "0002_teil1_bewilligt")]

    operations = [migrations.RunPython(anlegen, entfernen)]
