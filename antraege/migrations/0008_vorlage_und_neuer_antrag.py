"""Issue 25: who handed a draft to the signatories (vorgelegt_von/_am), and one Antrag per
organisation and period not counting a withdrawn one (a new Antrag after a withdrawal)."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# SQLite rebuilds antraege_antrag for these changes; the Dokument triggers of 0003 name that
# table and would break the rebuild. They are dropped before and created again after.
_DOKUMENT = importlib.import_module("antraege.migrations.0003_dokument_unveraenderlich")


def _trigger_weg(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _DOKUMENT.SQLITE_REVERSE:
            schema_editor.execute(sql, params=None)


def _trigger_her(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _DOKUMENT.SQLITE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("antraege", "0007_entscheidung_zeitraum_vorzeitig_schreiben"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_trigger_weg, _trigger_her),
        migrations.RemoveConstraint(model_name="antrag", name="antrag_einer_je_periode"),
        migrations.AddField(
            model_name="antrag",
            name="vorgelegt_am",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Zur Zeichnung vorgelegt am"),
        ),
        migrations.AddField(
            model_name="antrag",
            name="vorgelegt_von",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Zur Zeichnung vorgelegt von",
            ),
        ),
        migrations.AddConstraint(
            model_name="antrag",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "zurueckgezogen"), _negated=True),
                fields=("foerderperiode", "antragsteller"),
                name="antrag_einer_je_periode",
            ),
        ),
        migrations.RunPython(_trigger_her, _trigger_weg),
    ]
