"""The plan stage: pure functions that choose how a text is laid out from measurements.

A flowing leaflet is measured by laying it out into a discarded buffer
(:mod:`leaflet.layout.flow`); here, a measurement is only a function from a
:class:`Plan` to a :class:`Measure`, so every decision can be tested with fake
measurements.  The decisions, in PRINT.md's order for spare room:

1. pages: the fewest of the format's page budgets that hold the text at the
   smallest body size and leading;
2. body size: the largest of the format's sizes at which it still fits them;
3. leading: the largest (1.3-1.5 × the size) at which it still fits;
   then the QR codes: the largest of the format's sizes at which it still fits;
4. spread: when the text would leave pages, or a band of more than 1/6 of a column
   above the back page's block, empty, every body frame is shortened to one height
   so the spare room is shared by every page;
5. balance: the columns of the last page end about level.

A plan is a frozen value; :class:`PlanCache` remembers plans by a key the caller
makes (content, format, fonts, program version), so a second build replays a
plan in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

T = TypeVar("T")

#: changes whenever the plan functions decide differently: plans kept on disk by an earlier
#: planner are then not replayed (they would still fit, but they are not what it would choose)
PLANNER_VERSION = 2


@dataclass(frozen=True)
class Plan:
    """How one language's text is laid out: the layout pass replays exactly this."""

    pages: int
    body_size: float
    leading: float
    #: every body frame shortened to this height from its top (0: full height)
    spread_height: float = 0.0
    #: the last page's columns shortened to this height to end level (0: not)
    last_height: float = 0.0
    #: the QR codes' symbol width in mm (0: the format's smallest)
    qr_mm: float = 0.0


@dataclass(frozen=True)
class Measure:
    """Where a text landed when laid out to a plan."""

    fits: bool  # everything landed on the plan's pages, the end on the last one
    used_pages: int  # the page the text ends on
    over: float = 0.0  # how much text did not fit, in points of column height
    #: how far down each column of the last page the text reaches, and how tall they may be
    filled: tuple[float, ...] = ()
    column_height: float = 0.0
    #: the column height the text took on all pages (those past the plan's included), and the
    #: height of a column on page 1 and on a page between the first and the last: what a
    #: first guess of the next plan is made from
    consumed: float = 0.0
    first_height: float = 0.0
    middle_height: float = 0.0
    columns: int = 1

    def capacity(self, pages: int) -> float:
        """The column height ``pages`` pages hold, with page 1's title and the last page's band."""
        return self.columns * (self.first_height + max(pages - 2, 0) * self.middle_height + self.column_height)


@dataclass(frozen=True)
class Overflow:
    """The text does not fit even the largest page budget at the smallest size."""

    pages: int
    over: float  # how much text did not fit, in points of column height


Measurer = Callable[[Plan], Measure]


def largest_fitting(values: Sequence[T], fits: Callable[[T], bool]) -> T | None:
    """The first of ``values`` (ordered largest first) for which ``fits`` holds, assuming
    that once a value fits every later (smaller) one fits too: a binary search."""
    low, high = 0, len(values) - 1
    found: T | None = None
    while low <= high:
        middle = (low + high) // 2
        if fits(values[middle]):
            found = values[middle]
            high = middle - 1
        else:
            low = middle + 1
    return found


def choose_pages(budgets: Sequence[int], fits_at: Callable[[int], Measure]) -> int | Overflow:
    """The fewest pages of ``budgets`` (ascending) on which the text fits at its smallest
    size; an :class:`Overflow` for the largest when none does."""
    measure = None
    for pages in budgets:
        measure = fits_at(pages)
        if measure.fits:
            return pages
    assert measure is not None, "a format has at least one page budget"
    return Overflow(budgets[-1], measure.over)


def choose_plan(
    budgets: Sequence[int],
    sizes: Sequence[float],
    leadings: Sequence[float],
    measure: Measurer,
    *,
    pages: int | None = None,
    size: float | None = None,
    qr_sizes: Sequence[float] = (),
) -> Plan | Overflow:
    """The plan of one text: ``sizes``, ``leadings`` and ``qr_sizes`` are ordered largest
    first (the last QR size is the format's smallest, which every other decision assumes).

    ``pages`` and ``size`` fix those decisions (a bilingual edition prints its languages
    on the same number of pages at one size)."""
    smallest = Plan(budgets[0], sizes[-1], leadings[-1])
    if pages is None:
        chosen = choose_pages(budgets, lambda count: measure(replace(smallest, pages=count)))
        if isinstance(chosen, Overflow):
            return chosen
        pages = chosen
    if size is None:
        size = largest_fitting(sizes, lambda value: measure(Plan(pages, value, leadings[-1])).fits)
        if size is None:  # only when ``pages`` was given and is too few
            return Overflow(pages, measure(Plan(pages, sizes[-1], leadings[-1])).over)
    leading = largest_fitting(leadings, lambda value: measure(Plan(pages, size, value)).fits)
    if leading is None:  # only when ``size`` was given and is too large for this text
        return Overflow(pages, measure(Plan(pages, size, leadings[-1])).over)
    plan = Plan(pages, size, leading)
    if len(qr_sizes) > 1:
        qr = largest_fitting(qr_sizes[:-1], lambda value: measure(replace(plan, qr_mm=value)).fits)
        plan = replace(plan, qr_mm=qr or 0.0)
    return plan


#: a first guess leaves this share of the pages' room unused, for the line breaks and kept
#: groups a height estimate cannot see
GUESS_MARGIN = 0.05


def guess_plan(
    budgets: Sequence[int],
    sizes: Sequence[float],
    leadings: Sequence[float],
    measure: Measurer,
    *,
    qr_sizes: Sequence[float] = (),
    band_growth: Callable[[float], float] | None = None,
) -> Plan | Overflow:
    """The plan of one text in about three layout passes: one at the smallest size, a guess of
    the pages, size and leading from the text's height there (it grows with the square of
    the size and with the leading), and a correction a notch down when the guess does not
    fit; the exhaustive :func:`choose_plan` when even that does not.  Then the QR codes grow
    when the room left is predicted to hold them (``band_growth`` says how much taller the
    back band gets at a QR size), checked by one more pass."""
    size0, leading0 = sizes[-1], leadings[-1]
    reference = measure(Plan(budgets[0], size0, leading0))
    if not reference.consumed or not reference.middle_height or budgets[0] < 2:
        return choose_plan(budgets, sizes, leadings, measure, qr_sizes=qr_sizes)

    def predicted_fit(base: Measure, at: Plan, pages: int, size: float, leading: float) -> bool:
        """Whether the text, ``base.consumed`` tall at ``at``, fits ``pages`` at ``size``, ``leading``."""
        height = base.consumed * (size / at.body_size) ** 2 * (leading / at.leading)
        return height <= base.capacity(pages) * (1 - GUESS_MARGIN)

    at = Plan(budgets[0], size0, leading0)
    pages = (
        budgets[0]
        if reference.fits
        else next((p for p in budgets[1:] if predicted_fit(reference, at, p, size0, leading0)), 0)
    )
    if not pages:
        return choose_plan(budgets, sizes, leadings, measure, qr_sizes=qr_sizes)  # measured: an overflow
    # every (size, leading) in the order they are preferred: the largest size, then leading
    ladder = [(size, leading) for size in sizes for leading in leadings]
    base, guess = reference, 0
    for _ in range(2):  # the guess, then a guess corrected by what the first one measured
        guess = next(
            (index for index in range(guess, len(ladder)) if predicted_fit(base, at, pages, *ladder[index])),
            len(ladder) - 1,
        )
        trial = Plan(pages, *ladder[guess])
        measured = measure(trial)
        if measured.fits:
            return grow_codes(trial, measure, qr_sizes, band_growth)
        base, at, guess = measured, trial, guess + 1
    smallest = measure(Plan(pages, size0, leading0))
    if not smallest.fits:  # the guessed pages are too few even at the smallest size: more, measured
        more = [count for count in budgets if count > pages]
        if not more:
            return Overflow(pages, smallest.over)
        return choose_plan(more, sizes, leadings, measure, qr_sizes=qr_sizes)
    return choose_plan(budgets, sizes, leadings, measure, qr_sizes=qr_sizes, pages=pages)


def grow_codes(
    plan: Plan, measure: Measurer, qr_sizes: Sequence[float], band_growth: Callable[[float], float] | None
) -> Plan:
    """``plan`` with the largest QR codes the room left on its pages is predicted to hold and
    a layout confirms (the smallest codes when none does)."""
    if len(qr_sizes) < 2 or band_growth is None:
        return plan
    measured = measure(plan)
    spare = measured.capacity(plan.pages) - measured.consumed
    # largest first; a size whose back band the page cannot hold is refused before any layout
    # pass (TextLayout.run), so stepping down past it costs little
    for grown in (value for value in qr_sizes[:-1] if band_growth(value) * measured.columns < spare):
        trial = replace(plan, qr_mm=grown)
        if measure(trial).fits:
            return trial
    return plan


#: at most how many times a spread halves the range of frame heights it tries
SPREAD_STEPS = 12
#: it stops once it has a height and the range is narrower than this, in points
SPREAD_PRECISION = 4.0
#: PRINT.md: no empty band taller than 1/6 of a column above the back-page block
SPARE_SHARE = 1 / 6


def needs_spread(plan: Plan, measured: Measure) -> bool:
    """Whether the text ends before the last page, or leaves an empty band taller than
    PRINT.md allows above the back-page block."""
    if plan.pages <= 1:
        return False
    if measured.used_pages < plan.pages:
        return True
    if not measured.filled or not measured.column_height:
        return False
    # the emptiest column counts: a hole beside a full column is a hole all the same
    return measured.column_height - min(measured.filled) > SPARE_SHARE * measured.column_height


#: how full a spread aims to leave the last page's columns
SPREAD_FILL = 0.9


def guess_spread(plan: Plan, measure: Measurer, measured: Measure) -> Plan | None:
    """A spread in one or two passes: the height the frames before the last page need so
    they hold all the text but what fills the last page to :data:`SPREAD_FILL`, from the
    column height the text took; corrected once by a line when the text then runs over or
    ends early.  None when neither try lands."""
    target = measured.consumed - SPREAD_FILL * measured.columns * measured.column_height
    middle_pages = max(plan.pages - 2, 0)

    def held(height: float) -> float:
        first = min(measured.first_height, height)
        return measured.columns * (first + middle_pages * min(measured.middle_height, height))

    if target <= 0 or held(measured.middle_height) <= target:
        return None
    low, high = 0.0, measured.middle_height
    for _ in range(40):  # arithmetic, not layout: the height at which held() is the target
        middle = (low + high) / 2
        low, high = (middle, high) if held(middle) < target else (low, middle)
    height, line = high, plan.body_size * plan.leading
    for _ in range(2):
        trial = replace(plan, spread_height=round(height, 1))
        result = measure(trial)
        if result.fits and result.used_pages == plan.pages:
            return trial
        height += line if not result.fits else -line
    return None


def spread(plan: Plan, measure: Measurer, full_height: float) -> Plan:
    """``plan`` with every body frame shortened to one height, when the text would leave
    its last page (or whole pages) empty above the back-page block: the smallest height,
    found by halving, at which the text still ends on the last page, so the spare room is
    shared by every page instead of left as a hole at the end.  A first guess from the
    text's height usually lands at once; ``plan`` itself when no height does (the text
    moves in whole paragraphs, so some heights are skipped over)."""
    measured = measure(plan)
    if not needs_spread(plan, measured):
        return plan
    guessed = guess_spread(plan, measure, measured)
    if guessed is not None and not needs_spread(guessed, measure(guessed)):
        return guessed
    low, high = full_height * 0.1, full_height  # too short (or assumed so) .. long enough
    best = guessed or plan
    for _ in range(SPREAD_STEPS):
        middle = (low + high) / 2
        trial = replace(plan, spread_height=round(middle, 1))
        result = measure(trial)
        if result.fits:  # it still fits: try shorter frames (remembered if it reaches the last page)
            if result.used_pages == plan.pages:
                best = trial
                if _full(plan, result):
                    break
            high = middle
        else:  # ran over: taller frames
            low = middle
        if best is not plan and high - low < SPREAD_PRECISION:
            break
    return best


def _full(plan: Plan, measured: Measure) -> bool:
    """Whether no column of the last page has room for another line: shorter frames could
    push more text there only to run over."""
    line = plan.body_size * plan.leading
    return bool(measured.filled) and measured.column_height - min(measured.filled) < line


#: the last page's columns are balanced when one of them leaves more than PRINT.md's empty
#: band (1/6 of the column) and they end more than this many lines apart
UNBALANCED_LINES = 2
#: how many column heights balancing tries, a line apart, before it leaves the page as it is
BALANCE_TRIES = 4


def balance(plan: Plan, measure: Measurer) -> Plan:
    """``plan`` with the columns of its last page shortened to end about level, when one
    of them leaves a band over 1/6 of the column empty while another ends lines lower;
    ``plan`` itself when they nearly end level already,
    or when no shorter height keeps the text on its pages.

    Tries from the mean of the columns' heights a line at a time: the text moves in whole
    paragraphs and kept groups, so the columns cannot always end exactly level."""
    measured = measure(plan)
    filled = measured.filled
    line = plan.body_size * plan.leading
    if (
        len(filled) < 2
        or measured.column_height - min(filled) <= SPARE_SHARE * measured.column_height
        or max(filled) - min(filled) <= UNBALANCED_LINES * line
    ):
        return plan
    height = sum(filled) / len(filled)
    for _ in range(BALANCE_TRIES):
        if height >= measured.column_height:
            break
        trial = replace(plan, last_height=round(height, 1))
        result = measure(trial)
        if result.fits and result.used_pages == plan.pages:
            return trial
        height += line
    return plan


#: at most how many layout passes :func:`finish` makes for other leadings, beyond its spreads
#: of the plan with grown and with the smallest codes: each is a spread of its own (up to
#: 2 + SPREAD_STEPS passes), and before this bound the alternatives cost about 30 % of the
#: test suite's time (on the shipped text and the 14 test fixtures, 8 passes found no better
#: last page than 4)
FINISH_EXTRA_PASSES = 4


class _OutOfPassesError(Exception):
    """Raised by :class:`_Budgeted` when a new layout pass would pass its limit."""


class _Budgeted:
    """A measurer that makes at most ``limit`` layout passes (distinct plans) once limited;
    a plan measured before is free (the caller keeps its pass)."""

    def __init__(self, measure: Measurer) -> None:
        self.measure = measure
        self.seen: set[Plan] = set()
        self.limit: int | None = None

    def __call__(self, plan: Plan) -> Measure:
        if plan not in self.seen:
            if self.limit is not None and len(self.seen) >= self.limit:
                raise _OutOfPassesError
            self.seen.add(plan)
        return self.measure(plan)


def finish(plan: Plan, measure: Measurer, full_height: float, leadings: Sequence[float] = ()) -> Plan:
    """The spread and the balance of a chosen plan.  When no spread fills the last page with
    the codes grown, it is tried with the smallest codes too (a shorter back-page band gives
    the last page more room to take the text), then at the closer ``leadings`` (the text moves
    in whole boxes: another line height moves the breaks), and the one that leaves the least
    room empty wins; the leadings stop after :data:`FINISH_EXTRA_PASSES` more layout passes,
    keeping the best found so far."""
    budgeted = _Budgeted(measure)
    spread_plan = spread(plan, budgeted, full_height)
    if _empty_share(plan, budgeted) <= _empty_share(spread_plan, budgeted):
        spread_plan = plan  # shorter frames moved the breaks to a bigger hole
    # the smallest codes: always tried (the guess checked that the text fills its pages with them)
    if plan.qr_mm and needs_spread(spread_plan, budgeted(spread_plan)):
        other = spread(replace(plan, qr_mm=0.0), budgeted, full_height)
        if _empty_share(other, budgeted) < _empty_share(spread_plan, budgeted):
            spread_plan = other
    budgeted.limit = len(budgeted.seen) + FINISH_EXTRA_PASSES
    # only closer leadings: the plan's is the most open that fits the pages, so a more open
    # one runs over at any frame height, and a spread cannot help it
    closer = [leading for leading in sorted(leadings, reverse=True) if leading < plan.leading]
    try:
        for leading in closer:
            if not needs_spread(spread_plan, budgeted(spread_plan)):
                break
            other = spread(replace(plan, qr_mm=0.0, leading=leading), budgeted, full_height)
            if _empty_share(other, budgeted) < _empty_share(spread_plan, budgeted):
                spread_plan = other
    except _OutOfPassesError:
        pass  # the best spread so far stands
    return balance(spread_plan, measure)


def _empty_share(plan: Plan, measure: Measurer) -> float:
    """How much of the last page's emptiest column is left empty (1 for an empty or missing last page)."""
    measured = measure(plan)
    if not measured.fits or measured.used_pages < plan.pages or not measured.filled or not measured.column_height:
        return 1.0
    return 1 - min(measured.filled) / measured.column_height


class PlanBacking(Protocol):
    """Where a :class:`PlanCache` keeps plans beyond the process (the disk: plan_store.py)."""

    def get(self, key: Hashable) -> tuple[Plan, ...] | None: ...

    def put(self, key: Hashable, plans: tuple[Plan, ...]) -> None: ...


class PlanCache:
    """Plans remembered by a key that names everything they depend on.

    The build owns one and passes it down; nothing is global.  With a ``backing`` (the
    disk), plans outlive the process.  A replayed plan is measured once more by the caller,
    which plans again when it no longer fits (a changed font, say), so a stale entry costs a
    search, never a wrong layout."""

    def __init__(self, backing: PlanBacking | None = None) -> None:
        self._plans: dict[Hashable, tuple[Plan, ...]] = {}
        self.backing = backing
        #: measuring state the caller keeps with the plans (layout passes made), for this
        #: process only: it is not carried to another process with the plans
        self.scratch: dict[Hashable, object] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"_plans": self._plans, "backing": self.backing, "scratch": {}}

    def get(self, key: Hashable) -> tuple[Plan, ...] | None:
        if key not in self._plans and self.backing is not None:
            kept = self.backing.get(key)
            if kept is not None:
                self._plans[key] = kept
        return self._plans.get(key)

    def put(self, key: Hashable, plans: tuple[Plan, ...]) -> None:
        if self._plans.get(key) == plans:
            return
        self._plans[key] = plans
        if self.backing is not None:
            self.backing.put(key, plans)

    def __len__(self) -> int:
        return len(self._plans)
