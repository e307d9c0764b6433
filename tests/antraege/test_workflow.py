"""The transition table of the Prüfung und Entscheidung: every (state, role, action) pair."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from antraege import permissions, workflow
from antraege.models import Antrag, Pruefvermerk, Schreiben, Statuswechsel
from antraege.workflow import WorkflowError
from komman.models import Rolle
from tests.factories import (
    bezirksregierung,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    make_user,
    parameter_mit_eg11,
)

S = Antrag.Status
P, Z, ZB = Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ZEICHNUNGSBERECHTIGT
IN_PRUEFUNG = {S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.NACHFORDERUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG}

# action -> (the one role allowed, the states it is allowed in); everything else is refused.
# fmt: off
ERWARTET = {
    "take_over":           (P,  IN_PRUEFUNG),
    "start_formal_check":  (P,  {S.EINGEREICHT}),
    "finish_formal_check": (P,  {S.FORMALE_PRUEFUNG}),
    "request_documents":   (P,  {S.FORMALE_PRUEFUNG}),
    # in Anhörung: a second Anhörung (issue 17)
    "start_hearing":       (P,  {S.FORMALE_PRUEFUNG, S.NACHFORDERUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG}),
    "answer_request":      (ZB, {S.NACHFORDERUNG, S.ANHOERUNG}),
    "propose_approval":    (P,  {S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG}),
    "propose_rejection":   (P,  {S.ANHOERUNG}),
    "approve":             (Z,  {S.BEWILLIGUNG_VORGESCHLAGEN}),
    "reject":              (Z,  {S.ABLEHNUNG_VORGESCHLAGEN}),
    "send_back":           (Z,  {S.BEWILLIGUNG_VORGESCHLAGEN, S.ABLEHNUNG_VORGESCHLAGEN}),
}
# fmt: on
PERSONAS = {
    "pruefung_arnsberg": P,
    "zeichnung_arnsberg": Z,
    "zeichnung_dortmund": ZB,
    "ki_dortmund": Rolle.SACHBEARBEITUNG,
    "admin": Rolle.ADMIN,
}
ERLAUBNIS = {
    "take_over": permissions.can_take_over,
    "start_formal_check": permissions.can_start_formal_check,
    "finish_formal_check": permissions.can_finish_formal_check,
    "request_documents": permissions.can_request_documents,
    "start_hearing": permissions.can_start_hearing,
    "answer_request": permissions.can_answer,
    "propose_approval": permissions.can_propose,
    "propose_rejection": permissions.can_propose_rejection,
    "approve": permissions.can_sign,
    "reject": permissions.can_sign,
    "send_back": permissions.can_send_back,
}
VORGESCHLAGEN = {S.BEWILLIGUNG_VORGESCHLAGEN, S.ABLEHNUNG_VORGESCHLAGEN}
GESTERN = datetime.date.today() - datetime.timedelta(days=1)


def _antrag_im_status(status: str, antragsteller, vorschlag_von, *, jahr: int) -> Antrag:
    """An Antrag in `status` with everything the allowed action needs (checklist, open letter, proposal).

    One Antrag per organisation and period: each persona gets its own Förderjahr.
    """
    periode = make_periode("III", jahr=jahr, regelparameter=parameter_mit_eg11())
    antrag = make_eingereichter_antrag(periode, antragsteller, status=status, beantragt=Decimal("10000.00"))
    make_massnahme(antrag, beantragt=Decimal("10000.00"))
    Pruefvermerk.objects.create(
        antrag=antrag, vollstaendig=True, unterschrieben=True, antragsberechtigt=True, nicht_begonnen=True
    )
    if status in (S.NACHFORDERUNG, S.ANHOERUNG):
        # deadline passed: an Anhörung after an unanswered Nachforderung, a decision after the Anhörung
        Schreiben.objects.create(
            antrag=antrag, art=status, text="x", punkte=["x"], frist=GESTERN,
            beabsichtigter_betrag=Decimal("10000.00") if status == S.ANHOERUNG else None,
            erstellt_von=vorschlag_von,
        )  # fmt: skip
    if status in (S.BEWILLIGUNG_VORGESCHLAGEN, S.ABLEHNUNG_VORGESCHLAGEN):
        antrag.vorgeschlagen_von = vorschlag_von
        antrag.vorgeschlagen_am = timezone.now()
        antrag.zuwendung = Decimal("10000.00") if status == S.BEWILLIGUNG_VORGESCHLAGEN else Decimal("0")
        antrag.save()
    return antrag


def _ausfuehren(aktion: str, antrag: Antrag, user) -> None:
    kwargs = {"antrag": antrag, "by": user}
    if aktion == "request_documents":
        kwargs["punkte"] = ["Finanzierungsplan"]
    elif aktion == "start_hearing":
        kwargs.update(text="Beabsichtigt ist eine Kürzung.", beabsichtigter_betrag=Decimal("5000.00"))
    elif aktion == "answer_request":
        kwargs["antwort"] = "Erledigt."
    elif aktion == "propose_approval":
        kwargs["zeilen"] = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    elif aktion in ("propose_rejection",):
        kwargs["begruendung"] = "Nicht förderfähig."
        kwargs["ermessen"] = "Haushaltsmittel vorrangig für förderfähige Maßnahmen."
    elif aktion == "send_back":
        kwargs["grund"] = "Bitte nachrechnen."
    getattr(workflow, aktion)(**kwargs)


@pytest.mark.parametrize("aktion", sorted(ERWARTET))
@pytest.mark.parametrize("status", [s for s in S.values])
def test_transition_table(request, aktion, status, dortmund):
    dritte = make_user("pruefung.dritte", organisation=bezirksregierung(), rolle=P)
    rolle_erlaubt, zustaende = ERWARTET[aktion]
    for i, (persona, rolle) in enumerate(PERSONAS.items()):
        user = request.getfixturevalue(persona)
        antrag = _antrag_im_status(status, dortmund, dritte, jahr=2030 + i)
        soll = rolle == rolle_erlaubt and status in zustaende
        erlaubt, grund = ERLAUBNIS[aktion](user, antrag)
        # can_sign answers for the proposal at hand: a Bewilligung or an Ablehnung alike
        soll_erlaubnis = soll or (aktion in ("approve", "reject") and rolle == Z and status in VORGESCHLAGEN)
        assert erlaubt == soll_erlaubnis, (aktion, status, persona, grund)
        if not soll_erlaubnis:
            assert grund, "a refusal always says why"
        vorher = Statuswechsel.objects.filter(antrag=antrag).count()
        if soll:
            _ausfuehren(aktion, antrag, user)
            assert Statuswechsel.objects.filter(antrag=antrag).count() == vorher + 1
        else:
            with pytest.raises(WorkflowError):
                _ausfuehren(aktion, antrag, user)
            assert Statuswechsel.objects.filter(antrag=antrag).count() == vorher
            assert Antrag.objects.get(pk=antrag.pk).status == status


@pytest.fixture
def doppelrolle(db):
    """One person holding both Prüfung and Zeichnung at the Bezirksregierung."""
    return make_user("pruefung.und.zeichnung", organisation=bezirksregierung(), rolle=[P, Z])


def _vorgeschlagen(by, dortmund) -> Antrag:
    antrag = make_eingereichter_antrag(
        make_periode("III", jahr=2031, regelparameter=parameter_mit_eg11()), dortmund, status=S.INHALTLICHE_PRUEFUNG
    )
    make_massnahme(antrag, beantragt=Decimal("10000.00"))
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    return workflow.propose_approval(antrag=antrag, by=by, zeilen=zeilen)


def test_proposer_never_signs_even_with_both_roles(client, doppelrolle, dortmund):
    antrag = _vorgeschlagen(doppelrolle, dortmund)
    erlaubt, grund = permissions.can_sign(doppelrolle, antrag)
    assert not erlaubt and "zweite Person" in grund
    with pytest.raises(WorkflowError, match="zweite Person"):
        workflow.approve(antrag=antrag, by=doppelrolle)
    client.force_login(doppelrolle)
    r = client.post(
        reverse("antraege:zeichnen", args=[antrag.pk]), {"aktion": "zeichnen", "version": antrag.version}
    )
    assert r.status_code == 403
    r = client.get(reverse("antraege:zeichnen", args=[antrag.pk]))
    assert "zeichnen muss eine zweite Person" in r.content.decode()  # the disabled button says why
    assert Antrag.objects.get(pk=antrag.pk).status == S.BEWILLIGUNG_VORGESCHLAGEN


def test_another_person_with_both_roles_may_sign(doppelrolle, pruefung_arnsberg, dortmund):
    antrag = _vorgeschlagen(pruefung_arnsberg, dortmund)
    workflow.approve(antrag=antrag, by=doppelrolle)
    assert Antrag.objects.get(pk=antrag.pk).status == S.BEWILLIGT


def test_database_refuses_same_proposer_and_signer(pruefung_arnsberg, dortmund):
    antrag = _vorgeschlagen(pruefung_arnsberg, dortmund)
    with pytest.raises(IntegrityError), transaction.atomic():
        Antrag.objects.filter(pk=antrag.pk).update(gezeichnet_von=pruefung_arnsberg)


def test_double_click_fails_cleanly(pruefung_arnsberg, zeichnung_arnsberg, dortmund):
    antrag = _vorgeschlagen(pruefung_arnsberg, dortmund)
    workflow.approve(antrag=antrag, by=zeichnung_arnsberg)
    with pytest.raises(WorkflowError):
        workflow.approve(antrag=antrag, by=zeichnung_arnsberg)  # the stale object: re-checked under the lock
    assert Statuswechsel.objects.filter(antrag=antrag, nach=S.BEWILLIGT).count() == 1
