"""What the Verwaltung views of a period share: the lookup and the protected save."""

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from programmteile.forms import BestaetigungForm
from programmteile.models import Aenderungsprotokoll, Foerderperiode

KEINE_AENDERUNG = "Es wurde nichts geändert."


def periode_oder_404(pk: int) -> Foerderperiode:
    return get_object_or_404(Foerderperiode.objects.select_related("programmteil"), pk=pk)


def geschuetzt_speichern(request: HttpRequest, *, periode: Foerderperiode, aenderungen, speichern):
    """Save; a period with submitted Anträge needs a reason and writes the Änderungsprotokoll.

    The period row is locked first (submit() locks it too for the Aktenzeichen), so an Antrag
    submitted meanwhile cannot slip a change past the log. Returns (gespeichert,
    bestaetigung_form); with False the view re-renders its bound form together with the
    confirmation block, so nothing typed is lost. ValidationError from speichern() rolls back.
    """
    if not aenderungen:
        return True, None
    bestaetigung = BestaetigungForm(request.POST) if request.POST.get("bestaetigung_angezeigt") else None
    with transaction.atomic():
        Foerderperiode.objects.select_for_update().get(pk=periode.pk)
        if not periode.hat_eingereichte_antraege():
            speichern()
            return True, None
        if bestaetigung is not None and bestaetigung.is_valid():
            speichern()
            Aenderungsprotokoll.schreiben(
                foerderperiode=periode,
                by=request.user,
                grund=bestaetigung.cleaned_data["grund"],
                aenderungen=aenderungen,
            )
            return True, None
    return False, bestaetigung or BestaetigungForm()
