"""The plan stage (leaflet/layout/plan.py) with fake measurements: the decisions in PRINT.md's
order (fewest pages at the smallest type, then the largest size, then the largest leading, then
the QR size), the spread and the balance of spare room, and the cache of plans.

A fake text is a height of text at 12 pt with leading 1.3; at a size s and leading l it needs
``height × (s × l) / (12 × 1.3)`` points of column (its lines grow with the leading and the
size).  Pages hold a column each; the last one less the back-page block, which grows with the
QR codes.  Each measurement is counted: the plan stage searches, it does not try everything.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import pickle
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path

import pytest

from leaflet.content.loader import load_content
from leaflet.layout.flow import TextLayout, plan_key
from leaflet.layout.formats import FORMATS
from leaflet.layout.plan import (
    BALANCE_TRIES,
    FINISH_EXTRA_PASSES,
    SPARE_SHARE,
    SPREAD_PRECISION,
    SPREAD_STEPS,
    Measure,
    Overflow,
    Plan,
    PlanCache,
    balance,
    choose_pages,
    choose_plan,
    finish,
    largest_fitting,
    needs_spread,
    spread,
)

from .leaflet_fixtures import write_variant

BUDGETS = (4, 8, 12)
SIZES = (14.0, 13.5, 13.0, 12.5, 12.0)  # largest first, as the formats give them
LEADINGS = (1.5, 1.45, 1.4, 1.35, 1.3)
QR_SIZES = (35.0, 30.0, 25.0, 21.0)  # the last is the format's smallest
COLUMN = 500.0  # points of text a page's column holds
BACK = 120.0  # the back-page block at the smallest QR size, in points
BACK_PER_QR_MM = 4.0  # and how much taller it gets per mm of QR code above the smallest


@dataclass
class FakeText:
    """A text that needs ``height`` points of column at 12 pt, leading 1.3."""

    height: float
    column: float = COLUMN
    back: float = BACK
    calls: list[Plan] = field(default_factory=list)

    def needed(self, plan: Plan) -> float:
        return self.height * plan.body_size * plan.leading / (12.0 * 1.3)

    def back_band(self, plan: Plan) -> float:
        grown = (plan.qr_mm - QR_SIZES[-1]) * BACK_PER_QR_MM if plan.qr_mm else 0.0
        return self.back + grown

    def __call__(self, plan: Plan) -> Measure:
        self.calls.append(plan)
        frame = min(plan.spread_height or self.column, self.column)
        last = min(frame, self.column - self.back_band(plan), plan.last_height or math.inf)
        needed = self.needed(plan)
        before_last = (plan.pages - 1) * frame
        if needed <= before_last:  # ends before the last page
            return Measure(True, max(1, math.ceil(needed / frame)), 0.0, (0.0,), last)
        if needed <= before_last + last:
            return Measure(True, plan.pages, 0.0, (needed - before_last,), last)
        over = needed - before_last - last
        return Measure(False, plan.pages + math.ceil(over / self.column), over, (last,), last)

    def fits(self, pages: int, size: float, leading: float, qr_mm: float = 0.0) -> bool:
        """Whether the text fits ``pages`` full pages less the back-page block."""
        plan = Plan(pages, size, leading, qr_mm=qr_mm)
        return self.needed(plan) <= pages * self.column - self.back_band(plan)


def capacity(pages: int, qr_mm: float = 0.0) -> float:
    """The text (in points at 12 pt, leading 1.3) that ``pages`` hold at the smallest type."""
    return pages * COLUMN - BACK - ((qr_mm - QR_SIZES[-1]) * BACK_PER_QR_MM if qr_mm else 0.0)


def expected_plan(text: FakeText) -> tuple[int, float, float] | None:
    """PRINT.md's order, by trying everything: the fewest pages that hold the text at the
    smallest size and leading; on them the largest size; at it the largest leading."""
    pages = next((count for count in BUDGETS if text.fits(count, SIZES[-1], LEADINGS[-1])), None)
    if pages is None:
        return None
    size = max(size for size in SIZES if text.fits(pages, size, LEADINGS[-1]))
    leading = max(leading for leading in LEADINGS if text.fits(pages, size, leading))
    return pages, size, leading


# -- largest_fitting: a binary search ----------------------------------------------------------


@pytest.mark.parametrize("fitting_from", range(len(SIZES) + 1))
def test_largest_fitting_finds_the_first_value_that_fits(fitting_from: int) -> None:
    asked: list[float] = []

    def fits(size: float) -> bool:
        asked.append(size)
        return SIZES.index(size) >= fitting_from  # every size from this index on fits

    found = largest_fitting(SIZES, fits)
    assert found == (SIZES[fitting_from] if fitting_from < len(SIZES) else None)
    assert len(asked) <= math.ceil(math.log2(len(SIZES) + 1))  # 3 of 5
    assert set(asked) <= set(SIZES)


def test_largest_fitting_asks_logarithmically_many_times() -> None:
    values = list(range(1000, 0, -1))
    for threshold in (1000, 999, 700, 3, 1, 0):
        asked: list[int] = []

        def fits(value: int, asked: list[int] = asked, threshold: int = threshold) -> bool:
            asked.append(value)
            return value <= threshold

        assert largest_fitting(values, fits) == (threshold or None)
        assert len(asked) <= 10, (threshold, len(asked))  # log2(1000) < 10


def test_largest_fitting_of_nothing_is_none() -> None:
    assert largest_fitting([], lambda value: True) is None


# -- choose_pages ------------------------------------------------------------------------------


def test_choose_pages_takes_the_fewest_and_stops_measuring() -> None:
    text = FakeText(capacity(8) - 10)  # too much for 4 pages, enough for 8
    chosen = choose_pages(BUDGETS, lambda pages: text(Plan(pages, SIZES[-1], LEADINGS[-1])))
    assert chosen == 8
    assert [plan.pages for plan in text.calls] == [4, 8]  # 12 is never laid out


def test_choose_pages_overflow_names_the_largest_budget_and_how_much() -> None:
    text = FakeText(capacity(12) + 250)
    chosen = choose_pages(BUDGETS, lambda pages: text(Plan(pages, SIZES[-1], LEADINGS[-1])))
    assert isinstance(chosen, Overflow)
    assert chosen.pages == 12
    assert chosen.over == pytest.approx(250)


# -- choose_plan: pages, then size, then leading, then QR size -------------------------------


HEIGHTS = [capacity(4) * share for share in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)] + [
    capacity(4) + 1,
    capacity(8) * 0.7,
    capacity(8) * 0.9,
    capacity(8),
    capacity(8) + 1,
    capacity(12) * 0.85,
    capacity(12),
]


@pytest.mark.parametrize("height", HEIGHTS, ids=lambda height: f"{height:.0f}pt")
def test_choose_plan_fewest_pages_then_largest_size_then_largest_leading(height: float) -> None:
    text = FakeText(height)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text)
    assert isinstance(plan, Plan)
    assert (plan.pages, plan.body_size, plan.leading) == expected_plan(text)
    assert text(plan).fits
    # what it did not take would not fit: one more step of size, or of leading
    bigger = [size for size in SIZES if size > plan.body_size]
    if bigger:
        assert not text.fits(plan.pages, min(bigger), LEADINGS[-1])
    wider = [leading for leading in LEADINGS if leading > plan.leading]
    if wider:
        assert not text.fits(plan.pages, plan.body_size, min(wider))


def test_a_short_text_gets_the_largest_type_not_more_pages() -> None:
    text = FakeText(capacity(4) * 0.3)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text)
    assert plan == Plan(4, SIZES[0], LEADINGS[0])


def test_pages_come_before_size() -> None:
    """A text that fills 4 pages at 12 pt is set at 12 pt on 4 pages, not at 14 pt on 8."""
    text = FakeText(capacity(4) - 1)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text)
    assert isinstance(plan, Plan)
    assert (plan.pages, plan.body_size) == (4, 12.0)


def test_size_comes_before_leading() -> None:
    """Room for 13 pt at leading 1.3 or 12.5 pt at 1.35: the larger size wins."""
    text = FakeText(capacity(4) * 12.0 / 13.0 - 1)
    assert text.fits(4, 13.0, 1.3) and text.fits(4, 12.5, 1.35)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text)
    assert isinstance(plan, Plan)
    assert (plan.body_size, plan.leading) == (13.0, 1.3)


def test_too_long_a_text_overflows_the_largest_budget_at_the_smallest_type() -> None:
    text = FakeText(capacity(12) + 400)
    chosen = choose_plan(BUDGETS, SIZES, LEADINGS, text, qr_sizes=QR_SIZES)
    assert isinstance(chosen, Overflow)
    assert chosen.pages == BUDGETS[-1]
    assert chosen.over == pytest.approx(400)  # measured at 12 pt, leading 1.3
    assert chosen.over > 0


def test_the_qr_codes_grow_last_with_the_room_left() -> None:
    """After size and leading, the largest QR size at which the text still fits; the smallest
    (qr_mm 0) when no larger one does."""
    roomy = FakeText(capacity(4) * 0.3)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, roomy, qr_sizes=QR_SIZES)
    assert isinstance(plan, Plan)
    assert (plan.body_size, plan.leading, plan.qr_mm) == (SIZES[0], LEADINGS[0], QR_SIZES[0])
    tight = FakeText(capacity(4) - 1)  # at 12 pt the back block may not grow at all
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, tight, qr_sizes=QR_SIZES)
    assert isinstance(plan, Plan)
    assert (plan.pages, plan.body_size, plan.leading, plan.qr_mm) == (4, 12.0, 1.3, 0.0)
    # a little room: 25 mm fits (16 pt more of back block), 30 mm (36 pt) does not
    middling = FakeText(capacity(4) - 20)
    assert middling.fits(4, 12.0, 1.3, 25.0) and not middling.fits(4, 12.0, 1.3, 30.0)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, middling, qr_sizes=QR_SIZES)
    assert isinstance(plan, Plan)
    assert plan.body_size == 12.0 and plan.leading == 1.3
    assert plan.qr_mm == 25.0
    assert middling(plan).fits


def test_fixed_pages_and_size_for_a_bilingual_edition() -> None:
    """The edition's page count and size are given: only the leading (and QR size) is chosen,
    and nothing else is measured."""
    text = FakeText(capacity(4) * 0.5)  # alone, it would take 4 pages at 14 pt
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text, pages=8, size=12.5, qr_sizes=QR_SIZES)
    assert isinstance(plan, Plan)
    assert (plan.pages, plan.body_size) == (8, 12.5)
    assert plan.leading == LEADINGS[0]
    assert all(measured.pages == 8 and measured.body_size == 12.5 for measured in text.calls)


def test_fixed_pages_choose_the_largest_size_on_them() -> None:
    text = FakeText(capacity(8) * 0.9)
    plan = choose_plan(BUDGETS, SIZES, LEADINGS, text, pages=8)
    assert isinstance(plan, Plan)
    expected = max(size for size in SIZES if text.fits(8, size, LEADINGS[-1]))
    assert (plan.pages, plan.body_size) == (8, expected)
    assert all(measured.pages == 8 for measured in text.calls)


def test_fixed_pages_too_few_overflow() -> None:
    text = FakeText(capacity(8) - 1)
    chosen = choose_plan(BUDGETS, SIZES, LEADINGS, text, pages=4)
    assert isinstance(chosen, Overflow)
    assert chosen.pages == 4 and chosen.over > 0


def test_a_fixed_size_that_does_not_fit_is_never_a_plan() -> None:
    """choose_plan returns a plan the text fits, or an Overflow: a page count and size fixed by
    the other language of an edition that this text cannot hold is not silently a plan that
    runs past its pages (the back block would leave the last page)."""
    text = FakeText(capacity(4) - 1)  # fits 4 pages at 12 pt only
    chosen = choose_plan(BUDGETS, SIZES, LEADINGS, text, pages=4, size=13.0)
    assert isinstance(chosen, Overflow) or text(chosen).fits, chosen


@pytest.mark.parametrize("height", HEIGHTS, ids=lambda height: f"{height:.0f}pt")
def test_few_measurements(height: float) -> None:
    """Pages one by one (3 at most), then binary searches: size and leading of 5 values take
    3 each, the 3 larger QR sizes 2; far fewer than the 3 × 5 × 5 × 4 = 300 combinations."""
    text = FakeText(height)
    choose_plan(BUDGETS, SIZES, LEADINGS, text, qr_sizes=QR_SIZES)
    pages_tried = len({plan.pages for plan in text.calls})
    assert len(text.calls) <= pages_tried + 3 + 3 + 2
    assert len(text.calls) <= 11


# -- spread: spare room shared by every page ----------------------------------------------------


def test_needs_spread_when_the_text_ends_before_the_last_page() -> None:
    plan = Plan(4, 12.0, 1.3)
    assert needs_spread(plan, Measure(True, 3, 0.0, (0.0,), 380.0))
    assert not needs_spread(plan, Measure(True, 4, 0.0, (370.0,), 380.0))  # ends level with the block


def test_needs_spread_for_an_empty_band_over_a_sixth_of_the_column() -> None:
    plan = Plan(4, 12.0, 1.3)
    column = 600.0
    assert needs_spread(plan, Measure(True, 4, 0.0, (column * (1 - SPARE_SHARE) - 10,), column))
    assert not needs_spread(plan, Measure(True, 4, 0.0, (column * (1 - SPARE_SHARE) + 10,), column))
    # two columns: the emptiest counts
    assert needs_spread(plan, Measure(True, 4, 0.0, (column, column * 0.5), column))
    assert not needs_spread(plan, Measure(True, 4, 0.0, (column, column * 0.9), column))


def test_a_one_page_leaflet_is_never_spread() -> None:
    assert not needs_spread(Plan(1, 12.0, 1.3), Measure(True, 1, 0.0, (10.0,), 600.0))


def test_spread_leaves_a_full_last_page_alone() -> None:
    text = FakeText(capacity(4) - 5)
    plan = Plan(4, 12.0, 1.3)
    assert spread(plan, text, COLUMN) == plan
    assert len(text.calls) == 1


def test_spread_brings_a_short_text_to_the_last_page() -> None:
    text = FakeText(capacity(4) * 0.5)  # ends on page 2 of 4 at full height
    plan = Plan(4, 12.0, 1.3)
    assert text(plan).used_pages < 4
    text.calls.clear()
    spread_plan = spread(plan, text, COLUMN)
    # a halving search over 20-100 % of the column, down to its precision
    assert len(text.calls) <= 2 + math.ceil(math.log2(0.8 * COLUMN / SPREAD_PRECISION))
    assert len(text.calls) <= 1 + SPREAD_STEPS
    assert replace(spread_plan, spread_height=0.0) == plan  # pages, size, leading kept
    assert 0 < spread_plan.spread_height < COLUMN
    result = text(spread_plan)
    assert result.fits and result.used_pages == 4
    # about the shortest frames that hold it: shorter by the search's precision, it runs over
    assert not text(replace(spread_plan, spread_height=spread_plan.spread_height - SPREAD_PRECISION - 0.5)).fits


def test_spread_stops_once_no_column_of_the_last_page_has_room_for_another_line() -> None:
    """Shorter frames could then only push text past the end: the search ends at the first
    height that reaches the last page with less than a line free in it, and not before."""
    text = FakeText(capacity(2) * 0.55)
    plan = Plan(2, 12.0, 1.3)
    line = plan.body_size * plan.leading
    spread_plan = spread(plan, text, COLUMN)
    calls = list(text.calls)
    results = [text(call) for call in calls]
    reaching = [
        (call, column - min(filled))
        for call, (fits, used, _, filled, column, *_) in zip(calls, map(astuple, results), strict=True)
        if call.spread_height and fits and used == plan.pages
    ]
    assert reaching, "the search reached the last page"
    assert calls[-1] == spread_plan == reaching[-1][0]
    assert reaching[-1][1] < line
    assert all(free >= line for _, free in reaching[:-1])


def test_spread_keeps_the_plan_when_no_height_reaches_the_last_page() -> None:
    """A text too short to reach the last page even in frames a fifth of the page high."""
    text = FakeText(COLUMN * 0.1)
    plan = Plan(8, 14.0, 1.5)
    assert spread(plan, text, COLUMN) == plan


# -- balance: the last page's columns end about level -----------------------------------------


@dataclass
class TwoColumns:
    """A last page of two columns: ``filled`` at full height; shortened to ``last_height``, the
    text keeps to its pages only from ``holds_from`` points up, and then ends level."""

    filled: tuple[float, float]
    holds_from: float
    column: float = 600.0
    calls: list[Plan] = field(default_factory=list)

    def __call__(self, plan: Plan) -> Measure:
        self.calls.append(plan)
        if not plan.last_height:
            return Measure(True, plan.pages, 0.0, self.filled, self.column)
        if plan.last_height < self.holds_from:
            return Measure(False, plan.pages + 1, 40.0, (plan.last_height, plan.last_height), self.column)
        level = sum(self.filled) / 2
        return Measure(True, plan.pages, 0.0, (level, level), self.column)


def test_balance_levels_columns_when_one_leaves_more_than_a_sixth_empty() -> None:
    plan = Plan(2, 12.0, 1.4)
    columns = TwoColumns((600.0, 200.0), holds_from=0.0)  # a hole of 2/3 beside a full column
    balanced = balance(plan, columns)
    assert balanced.last_height == pytest.approx(400.0, abs=0.1)  # from the mean
    assert replace(balanced, last_height=0.0) == plan
    assert columns(balanced).fits and columns(balanced).used_pages == 2


def test_balance_leaves_columns_that_nearly_end_level() -> None:
    plan = Plan(2, 12.0, 1.4)
    columns = TwoColumns((600.0, 600.0 - 0.15 * 600.0), holds_from=0.0)  # an eighth apart: PRINT.md allows 1/6
    assert balance(plan, columns) == plan
    assert len(columns.calls) == 1


def test_balance_levels_a_fifth_empty_beside_a_full_column() -> None:
    """PRINT.md: no empty band over 1/6 of a column, though the columns differ by under a quarter."""
    plan = Plan(2, 12.0, 1.4)
    columns = TwoColumns((600.0, 600.0 - 0.2 * 600.0), holds_from=0.0)
    assert balance(plan, columns).last_height == pytest.approx(540.0, abs=0.1)


def test_balance_leaves_columns_two_lines_apart() -> None:
    """Both columns short by about the same (the spread's business, not the balance's)."""
    plan = Plan(2, 12.0, 1.4)
    columns = TwoColumns((400.0, 400.0 - 12.0 * 1.4), holds_from=0.0)
    assert balance(plan, columns) == plan


def test_balance_leaves_a_single_column() -> None:
    plan = Plan(4, 12.0, 1.3)
    assert balance(plan, lambda measured: Measure(True, 4, 0.0, (100.0,), 600.0)) == plan


def test_balance_tries_a_line_at_a_time() -> None:
    plan = Plan(2, 12.0, 1.4)
    line = 12.0 * 1.4
    columns = TwoColumns((600.0, 200.0), holds_from=400.0 + 2 * line - 1)  # two lines more than the mean
    balanced = balance(plan, columns)
    assert balanced.last_height == pytest.approx(400.0 + 2 * line, abs=0.1)
    assert len(columns.calls) == 1 + 3


def test_balance_gives_up_after_its_tries() -> None:
    plan = Plan(2, 12.0, 1.4)
    columns = TwoColumns((600.0, 200.0), holds_from=599.0)
    assert balance(plan, columns) == plan
    assert len(columns.calls) <= 1 + BALANCE_TRIES


@dataclass
class Unspreadable:
    """A text whose last page stays a third empty whatever the frames' height: every
    alternative :func:`finish` tries is searched to the end."""

    calls: list[Plan] = field(default_factory=list)

    def __call__(self, plan: Plan) -> Measure:
        self.calls.append(plan)
        fits = not plan.spread_height or plan.spread_height >= COLUMN * 0.9
        return Measure(fits, plan.pages, 0.0 if fits else 50.0, (COLUMN * 0.66,), COLUMN)


def test_finish_makes_a_bounded_number_of_layout_passes() -> None:
    """Issue 9: finish tried five alternatives of up to 14 passes each (70 passes for one text)."""
    text = Unspreadable()
    plan = Plan(4, 12.0, 1.5, qr_mm=35.0)
    finished = finish(plan, text, COLUMN, LEADINGS)
    spread_passes = 2 + SPREAD_STEPS  # with the codes grown, then with the smallest codes
    assert len(set(text.calls)) <= 1 + 2 * spread_passes + FINISH_EXTRA_PASSES
    assert text(finished).fits


def test_finish_spreads_then_balances() -> None:
    text = FakeText(capacity(4) * 0.5)
    finished = finish(Plan(4, 12.0, 1.3), text, COLUMN)
    assert finished.spread_height > 0
    assert text(finished).used_pages == 4


# -- plans are values, remembered by the build's own cache ------------------------------------


def test_a_plan_is_frozen() -> None:
    plan = Plan(4, 12.0, 1.3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.pages = 8  # type: ignore[misc]
    assert plan == Plan(4, 12.0, 1.3) and hash(plan) == hash(Plan(4, 12.0, 1.3))


def test_plan_cache_remembers_by_key_and_owns_its_plans() -> None:
    first, second = PlanCache(), PlanCache()
    plans = (Plan(4, 13.0, 1.4), Plan(4, 13.0, 1.5, spread_height=300.0))
    assert first.get(("a", "b")) is None
    first.put(("a", "b"), plans)
    assert first.get(("a", "b")) == plans
    assert len(first) == 1
    assert second.get(("a", "b")) is None and len(second) == 0  # nothing is global
    first.put(("a", "b"), plans[:1])
    assert first.get(("a", "b")) == plans[:1] and len(first) == 1


def test_plan_cache_travels_to_workers_without_its_scratch() -> None:
    cache = PlanCache()
    cache.put("key", (Plan(8, 12.0, 1.3),))
    cache.scratch["layout"] = object()  # layout passes: of this process only
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.get("key") == (Plan(8, 12.0, 1.3),)
    assert copy.scratch == {}
    assert "layout" in cache.scratch


def test_plan_key_changes_with_the_text_and_the_picture(tmp_path: Path) -> None:
    """A plan replayed from the cache is keyed by everything it depends on: a changed
    picture (same file name) or a changed word gives another key."""
    folder = write_variant("image", tmp_path / "content")
    content = load_content(folder)
    leaflet = content.leaflets["image"]

    def key() -> object:
        return plan_key(TextLayout(content, leaflet, "ru", FORMATS["a5"], False))

    before = key()
    assert key() == before  # a key is a value, not an identity
    picture = folder / "image" / "call.png"
    from PIL import Image as PILImage

    with PILImage.open(picture) as image:
        changed = image.copy()
    changed.putpixel((10, 10), (0, 0, 0))
    changed.save(picture)
    assert key() != before
    other = dataclasses.replace(leaflet.texts["ru"], title=leaflet.texts["ru"].title + "!")
    edited = dataclasses.replace(leaflet, texts={**leaflet.texts, "ru": other})
    assert plan_key(TextLayout(content, edited, "ru", FORMATS["a5"], False)) != key()


def test_every_combination_agrees_with_trying_everything() -> None:
    """Over a fine range of text lengths and every budget, the plan is the one found by trying
    every page count, size and leading in PRINT.md's order."""
    for height, budgets in itertools.product(range(100, int(capacity(12)) + 400, 97), (BUDGETS, (2, 4))):
        text = FakeText(float(height))
        chosen = choose_plan(budgets, SIZES, LEADINGS, text)
        fitting = [count for count in budgets if text.fits(count, SIZES[-1], LEADINGS[-1])]
        if not fitting:
            assert isinstance(chosen, Overflow) and chosen.pages == budgets[-1] and chosen.over > 0
            continue
        pages = fitting[0]
        size = max(size for size in SIZES if text.fits(pages, size, LEADINGS[-1]))
        leading = max(leading for leading in LEADINGS if text.fits(pages, size, leading))
        assert chosen == Plan(pages, size, leading), height
