"""Reminder plans (rules.erinnerungen): days before the due day, off weekends and NRW holidays."""

import datetime

from programmteile.rules import erinnerungen as plan

D = datetime.date


def _tage(art, faellig):
    return [(e.stufe, e.tag) for e in plan.erinnerungsplan(art, faellig)]


def test_verwendungsnachweis_four_weeks_one_week_and_on_the_day():
    # 30.06.2027 (Wednesday, a month's end as vn_fristen gives it): 02.06., 23.06., 30.06.
    assert _tage("verwendungsnachweis", D(2027, 6, 30)) == [
        ("vorher_28", D(2027, 6, 2)), ("vorher_7", D(2027, 6, 23)), ("am_tag", D(2027, 6, 30)),
    ]  # fmt: skip


def test_four_weeks_before_the_first_of_march_lies_in_february():
    assert _tage("verwendungsnachweis", D(2027, 3, 1))[0] == ("vorher_28", D(2027, 2, 1))
    # ... and in a leap year the 29th counts: 28 days before 28.03.2028 is 29.02.2028 (Tuesday).
    assert _tage("zwischennachweis", D(2028, 3, 28))[0] == ("vorher_28", D(2028, 2, 29))


def test_a_reminder_on_a_weekend_or_holiday_moves_to_the_working_day_before():
    # Nachforderung due Tuesday 29.12.2026: three days before is Saturday 26.12. (2. Weihnachtstag)
    # -> Thursday 24.12. (Heiligabend is a working day in NRW).
    assert _tage("nachforderung", D(2026, 12, 29)) == [("vorher_3", D(2026, 12, 24)), ("am_tag", D(2026, 12, 29))]
    # One week before Thursday 03.06.2027 is Fronleichnam (27.05.2027) -> Wednesday 26.05.
    assert _tage("verwendungsnachweis", D(2027, 6, 3))[1] == ("vorher_7", D(2027, 5, 26))
    # A Wiedervorlage on Saturday 02.01.2027: Friday is New Year's Day -> Thursday 31.12.2026.
    assert _tage("wiedervorlage", D(2027, 1, 2)) == [("am_tag", D(2026, 12, 31))]


def test_no_reminder_for_the_klagefrist_and_a_default_for_an_unplanned_kind():
    assert _tage("klagefrist", D(2027, 1, 4)) == []
    assert [s for s, _ in _tage("neue_art", D(2027, 1, 6))] == ["vorher_7", "am_tag"]


def test_only_the_latest_due_stage_is_sent_and_the_skipped_ones_are_recorded():
    faellig = D(2027, 6, 30)
    # A run on 24.06. (after the one-week day) that never sent anything: one mail, both stages done.
    erinnerung, stufen = plan.faellige_erinnerung("verwendungsnachweis", faellig, heute=D(2027, 6, 24))
    assert erinnerung.stufe == "vorher_7" and stufen == ["vorher_28", "vorher_7"]
    # The same day again: nothing.
    assert plan.faellige_erinnerung("verwendungsnachweis", faellig, heute=D(2027, 6, 24), gesendet=stufen) == (None, [])
    # Before the first day nothing, on the due day the last, after it nothing (versäumt).
    assert plan.faellige_erinnerung("verwendungsnachweis", faellig, heute=D(2027, 6, 1))[0] is None
    assert plan.faellige_erinnerung("verwendungsnachweis", faellig, heute=faellig, gesendet=stufen)[0].stufe == "am_tag"
    assert plan.faellige_erinnerung("verwendungsnachweis", faellig, heute=D(2027, 7, 1)) == (None, [])


def test_a_stage_before_one_already_sent_is_never_sent_later():
    erinnerung, _ = plan.faellige_erinnerung(
        "verwendungsnachweis", D(2027, 6, 30), heute=D(2027, 6, 25), gesendet=["vorher_7"]
    )
    assert erinnerung is None
