"""The guided plan (issue 9): a first guess from the text's measured height, then a correction.

A fake text needs ``height × (s / 12)² × (l / 1.3)`` points of column at size s and leading l
(its lines get longer and taller with the size, taller with the leading); a page's columns
waste a little room at their foot (whole paragraphs move), so the text fits when it takes at
most ``usable`` of the room.  Every layout pass is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from leaflet.layout.plan import Measure, Overflow, Plan, choose_plan, guess_plan, guess_spread, needs_spread

BUDGETS = (4, 8, 12)
SIZES = (14.0, 13.5, 13.0, 12.5, 12.0)
LEADINGS = (1.5, 1.45, 1.4, 1.35, 1.3)
FIRST, MIDDLE, LAST = 430.0, 520.0, 380.0  # a column's height on page 1, between, on the last page


@dataclass
class FakeText:
    height: float  # points of column at 12 pt, leading 1.3
    usable: float = 0.94  # the share of the room the text can take: columns end a paragraph early
    passes: list[Plan] = field(default_factory=list)

    def needed(self, plan: Plan) -> float:
        return self.height * (plan.body_size / 12.0) ** 2 * (plan.leading / 1.3)

    def measure(self, plan: Plan) -> Measure:
        self.passes.append(plan)
        needed = self.needed(plan)
        first = min(FIRST, plan.spread_height or FIRST)
        middle = min(MIDDLE, plan.spread_height or MIDDLE)
        before_last = (first + (plan.pages - 2) * middle) * self.usable
        room = before_last + LAST * self.usable
        base = Measure(
            fits=needed <= room,
            used_pages=plan.pages,
            filled=(min(max(needed - before_last, 0.0), LAST),),
            column_height=LAST,
            consumed=needed,
            first_height=FIRST,
            middle_height=MIDDLE,
        )
        if needed > room:
            return Measure(**{**base.__dict__, "used_pages": plan.pages + 1, "over": needed - room})
        if needed <= before_last:  # it ends before the last page
            pages_used = 1 + int(max(needed - first * self.usable, 0) // (middle * self.usable)) + 1
            return Measure(**{**base.__dict__, "used_pages": min(pages_used, plan.pages - 1), "filled": (0.0,)})
        return base


@pytest.mark.parametrize("height", [900.0, 1200.0, 1500.0, 1700.0, 1800.0, 2400.0, 3600.0, 5000.0])
def test_the_guess_gives_the_search_s_plan_in_at_most_three_passes(height: float) -> None:
    searched = choose_plan(BUDGETS, SIZES, LEADINGS, FakeText(height).measure)
    text = FakeText(height)
    guessed = guess_plan(BUDGETS, SIZES, LEADINGS, text.measure)
    assert len(set(text.passes)) <= 3, text.passes
    if isinstance(searched, Plan):
        assert isinstance(guessed, Plan)
        assert (guessed.pages, guessed.body_size) == (searched.pages, searched.body_size)
        # the guess keeps a little room for what an estimate cannot see: a leading at most two notches lower
        assert searched.leading - guessed.leading <= 0.1 + 1e-9


def test_a_text_too_long_for_every_budget_is_an_overflow() -> None:
    assert isinstance(guess_plan(BUDGETS, SIZES, LEADINGS, FakeText(20_000.0).measure), Overflow)


def test_a_wrong_guess_is_corrected_from_what_it_measured() -> None:
    """A text whose columns waste more room than the estimate allows for: the first guess runs
    over, the second (from the guess's own measurement) fits; never a plan that does not fit."""
    text = FakeText(1700.0, usable=0.86)
    plan = guess_plan(BUDGETS, SIZES, LEADINGS, text.measure)
    assert isinstance(plan, Plan) and FakeText(1700.0, usable=0.86).measure(plan).fits


def test_the_spread_lands_in_one_or_two_passes_and_fills_the_last_page() -> None:
    text = FakeText(800.0)  # at 14 pt, leading 1.5, it ends on page 3 of 4
    plan = Plan(4, 14.0, 1.5)
    measured = text.measure(plan)
    assert needs_spread(plan, measured)
    text.passes.clear()
    spread_plan = guess_spread(plan, text.measure, measured)
    assert spread_plan is not None and len(text.passes) <= 2
    result = FakeText(800.0).measure(spread_plan)
    assert result.fits and result.used_pages == 4 and not needs_spread(spread_plan, result)


def test_a_guess_of_too_few_pages_goes_on_to_more_pages() -> None:
    """A text the guess puts on too few of many budgets (the large print has 2 to 24 pages) is
    laid out on the next that hold it, never refused as too long while more pages remain."""
    from leaflet.layout.plan import Measure, Plan, guess_plan

    column = 700.0

    def measure(plan: Plan) -> Measure:
        # 14 columns of text that measures a fifth shorter than it is when it runs over (its
        # boxes move whole), so the first guess of the pages is too few
        height = 4.0 * column * (plan.body_size / 12.0) ** 2.6 * (plan.leading / 1.3) ** 1.5
        fits = height <= plan.pages * column
        over = 0.0 if fits else height - plan.pages * column
        used = plan.pages if fits else plan.pages + 1
        filled = (height - (plan.pages - 1) * column,) if fits else (column,)
        consumed = height if fits else 0.8 * height
        return Measure(fits, used, over, filled, column, consumed, column, column, 1)

    plan = guess_plan(tuple(range(2, 25, 2)), (18.0,), (1.5,), measure)
    assert isinstance(plan, Plan) and measure(plan).fits
    assert plan.pages == min(pages for pages in range(2, 25, 2) if measure(Plan(pages, 18.0, 1.5)).fits)
