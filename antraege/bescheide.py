"""Letters and notices: snapshot in the transaction, PDF rendered after commit, written once.

Contract used by workflow.py (DESIGN.md §8):
- anlegen(*, statuswechsel, art, by) -> Dokument: stores `daten`, the JSON of every fact the
  letter states, inside the transition's transaction.
- rendern(*, dokument_id) -> None: renders the PDF from `daten` and stores it with its SHA-256
  once; called from transaction.on_commit.
"""

from __future__ import annotations

from antraege.models import Dokument, Statuswechsel


def anlegen(*, statuswechsel: Statuswechsel, art: str, by) -> Dokument:
    """Creates the Dokument row with the snapshot of the facts it states."""
    antrag = statuswechsel.antrag
    daten = {
        "aktenzeichen": antrag.aktenzeichen,
        "art": art,
        "antragsteller": str(antrag.antragsteller),
        "programmteil": antrag.foerderperiode.programmteil.nummer,
        "foerderjahr": antrag.foerderperiode.foerderjahr,
        "status": statuswechsel.nach,
        "grund": statuswechsel.grund,
        "betrag": str(statuswechsel.betrag) if statuswechsel.betrag is not None else None,
    }
    return Dokument.objects.create(
        antrag=antrag, statuswechsel=statuswechsel, art=art, daten=daten, erstellt_von=by
    )


def rendern(*, dokument_id: int) -> None:
    """Renders the PDF of a Dokument (WeasyPrint); filled in by the Bescheide work."""
