"""PostgreSQL: a letter being issued and the Administration's edit of the recipient do not interleave."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from antraege.workflow.kern import _brief_moeglich
from komman.models import Organisation
from tests.factories import make_antrag, make_periode


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_recipient_row_is_locked_while_a_letter_is_issued(dortmund):
    antrag = make_antrag(make_periode("I", jahr=2026), dortmund)
    geprueft, fertig = threading.Event(), threading.Event()
    ergebnis: list[str] = []

    def bearbeiten():
        try:
            geprueft.wait(10)
            with transaction.atomic():
                Organisation.objects.select_for_update(nowait=True).get(pk=dortmund.pk)
            ergebnis.append("nicht gesperrt")
        except DatabaseError:
            ergebnis.append("gesperrt")
        finally:
            connection.close()
            fertig.set()

    t = threading.Thread(target=bearbeiten)
    t.start()
    with transaction.atomic():
        _brief_moeglich(antrag)  # the letter's step holds the row until it commits
        geprueft.set()
        fertig.wait(10)
    t.join(10)
    assert ergebnis == ["gesperrt"]
