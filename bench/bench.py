"""Benchmark leaflet on the shipped content (issues 5 and 9).  Not a test: run it by hand.

    python bench/bench.py [--runs 7] [--only PARTS] [--before REV | --before-tree DIR]
                          [--renders 30] [--profile FORMAT[:EDITION]]

Every command is timed as a fresh process (wall time, median and best of --runs), the
commands of one run alternated round by round (the order reversed every other round), each
run once untimed first.  The program is timed twice in the same run: as it is now ("after",
this checkout) and as it was at --before (default f412e4e, the state before issue 9: a copy
of that commit made with `git archive`, run as `python -m leaflet` with PYTHONPATH set to it
and its own content/ and fonts/).  The parts (--only, comma-separated; default all of them):

  typst  one A5 leaflet of the shipped text (`leaflet build --format a5 --lang ru`) against
         a Typst rendition of the same leaflet (bench/typst_leaflet.py) compiled by
         `python -c "import typst; typst.compile(...)"`; budget 1.5 × Typst (issue 9)
  check  `leaflet check` and `leaflet --help`; budget 0.2 s (issue 9)
  all    `leaflet build` of every output with the default --jobs; budget 0.8 s (issue 9)
  cold   every output with the default --jobs and with --jobs 1: peak memory of the
         process tree, and whether all wrote the same bytes (issue 5; this checkout only)
  warm   the warm in-process time of every output (the plan remembered, everything drawn
         again) next to a full plan search, and the sizes (issue 5)

"Kept plans": LEAFLET_CACHE_DIR is a folder the untimed first run filled, as on a second
run of the same text.  "No kept plans": a new empty folder every run, as on a first run
(the plans are searched, then written).  The .pyc files of both versions are compiled
first (python -m compileall), and PYTHONDONTWRITEBYTECODE is left out of the commands'
environment, as an installed leaflet runs.  --profile profiles warm renders of one output
instead of measuring anything.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib.util
import io
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
sys.path.insert(0, str(ROOT))

import typst_leaflet  # noqa: E402 - bench/, beside this file

from leaflet.content.loader import load_content  # noqa: E402 - after the path is set, when run from a checkout
from leaflet.content.model import Content, Leaflet  # noqa: E402
from leaflet.layout.document import Rendered  # noqa: E402
from leaflet.layout.formats import EDITIONS, FORMATS  # noqa: E402
from leaflet.layout.plan import PlanCache  # noqa: E402
from leaflet.parallel import default_jobs  # noqa: E402
from leaflet.pdf.documents import BuildCache, make_document  # noqa: E402
from leaflet.pdf.options import PrintOptions  # noqa: E402

#: the shipped leaflet
LEAFLET_ID = "code-1414"
#: the state before issue 9
BEFORE = "f412e4e"
PARTS = ("typst", "check", "all", "cold", "warm")

#: issue 5's budget
WARM_A5_MS = 25.0
COLD_ALL_S = 1.5
SHARE_MAX_BYTES = 35 * 1024
#: issue 9's budget
TYPST_RATIO = 1.5
CHECK_S = 0.2
HELP_S = 0.2
ALL_S = 0.8

#: runs one command and reports, on its last line of output, its exit status, its wall time,
#: the peak memory of its process tree and its CPU time (the command's own output comes before)
_TIMED = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "wall = time.perf_counter() - started\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, flush=True)\n"
)
#: the Typst figure: a fresh Python, `import typst`, one compile; says how long the last two took
_TYPST = (
    "import sys, time\n"
    "started = time.perf_counter()\n"
    "import typst\n"
    "imported, cpu = time.perf_counter(), time.process_time()\n"
    "typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], font_paths=[sys.argv[4]],"
    " ignore_system_fonts=True)\n"
    "print('typst', imported - started, time.perf_counter() - imported, time.process_time() - cpu)\n"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = models[0] if models else cpu
    names = ("reportlab", "rl_accel", "pikepdf", "pypdf", "typst")
    versions = ", ".join(f"{name} {_version(name)}" for name in names)
    return (
        f"{cpu}, {os.cpu_count()} cores ({default_jobs()} usable), {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


# -- the two versions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tree:
    """A version of leaflet to run: a folder holding its package, content/ and fonts/."""

    label: str  # "before" or "after"
    root: Path
    name: str  # what it is, for the report

    @property
    def content(self) -> Path:
        return self.root / "content"

    @functools.cached_property
    def keeps_plans(self) -> bool:
        """Whether this version keeps plans on disk between runs (LEAFLET_CACHE_DIR) at all."""
        package = self.root / "leaflet"
        return any("LEAFLET_CACHE_DIR" in path.read_text(errors="replace") for path in package.rglob("*.py"))

    def environment(self) -> dict[str, str]:
        """As an installed leaflet runs: bytecode written and read, this version first on the path."""
        environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        environment.pop("LEAFLET_CACHE_DIR", None)
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, (str(self.root), os.environ.get("PYTHONPATH"))))
        return environment

    def compile_bytecode(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(self.root / "leaflet")],
            check=True,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
        )


def before_tree(rev: str, given: Path | None, scratch: Path) -> tuple[Tree | None, str]:
    """The baseline to compare with, or None and why not: ``given`` (a checkout of it), else
    ``rev`` of this repository extracted with ``git archive`` into ``scratch`` (the repository
    itself is not touched: no worktree, no checkout)."""
    if given is not None:
        if not (given / "leaflet" / "__main__.py").is_file():
            return None, f"{given} holds no leaflet package"
        return Tree("before", given.resolve(), str(given)), ""
    if rev.lower() in ("", "none"):
        return None, "no baseline asked for (--before none)"
    git = shutil.which("git")
    if git is None:
        return None, "git is not installed"
    try:
        sha = subprocess.run(
            [git, "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        archive = subprocess.run(
            [git, "-C", str(ROOT), "archive", "--format=tar", sha], capture_output=True, check=True
        )
    except subprocess.CalledProcessError:
        return None, f"{rev} is not a commit of {ROOT}, or git cannot read it"
    except OSError as error:
        return None, f"git could not run ({error})"
    folder = scratch / f"before-{sha[:10]}"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    if not (folder / "leaflet" / "__main__.py").is_file():
        return None, f"{rev} has no leaflet package"
    return Tree("before", folder, sha[:7] if sha.startswith(rev) else f"{rev} ({sha[:7]})"), ""


# -- timing fresh processes ---------------------------------------------------------------------


@dataclass
class Variant:
    """One command, timed as a fresh process: its wall and CPU times, peak memory and output."""

    key: str
    command: list[str]
    cwd: Path
    environment: dict[str, str]
    #: "kept": one plan folder for every run (filled by the untimed first run); "fresh": a new
    #: empty one every run; "": the command keeps no plans
    plans: str = ""
    out: Path | None = None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system, s
    peak_kb: int = 0
    outputs: list[list[str]] = field(default_factory=list)  # the command's own stdout, each timed run

    def run(self, scratch: Path, *, timed: bool = True) -> None:
        environment = dict(self.environment)
        if self.plans == "fresh":
            environment["LEAFLET_CACHE_DIR"] = tempfile.mkdtemp(prefix="plans-", dir=scratch)
        result = subprocess.run(
            [sys.executable, "-c", _TIMED, *self.command],
            capture_output=True,
            text=True,
            cwd=self.cwd,
            env=environment,
            check=False,
        )
        *output, last = result.stdout.splitlines() or ["?"]
        fields = last.split()
        if len(fields) != 4 or fields[0] != "0":
            raise SystemExit(f"{self.key}: {' '.join(self.command)} failed:\n{result.stdout}{result.stderr}")
        if timed:
            self.outputs.append(output)
            self.times.append(float(fields[1]))
            self.peak_kb = max(self.peak_kb, int(fields[2]))
            self.cpu.append(float(fields[3]))


def measure(variants: list[Variant], runs: int, scratch: Path) -> None:
    """Each variant once untimed, then ``runs`` rounds of each once, the order reversed every
    other round, so that a slow spell of the machine falls on all of them alike."""
    for variant in variants:
        variant.run(scratch, timed=False)
    for number in range(runs):
        print(f"  round {number + 1} of {runs}", file=sys.stderr, flush=True)
        for variant in variants if number % 2 == 0 else reversed(variants):
            variant.run(scratch)


class Plan:
    """The variants a run needs, each made once, whichever parts ask for it."""

    def __init__(self, trees: list[Tree], scratch: Path) -> None:
        self.trees = trees
        self.scratch = scratch
        self.variants: dict[str, Variant] = {}
        self.typst_source: Path | None = None

    def _add(self, key: str, make: Callable[[], Variant]) -> Variant:
        if key not in self.variants:
            self.variants[key] = make()
        return self.variants[key]

    def leaflet(self, stem: str, tree: Tree, *arguments: str, plans: str = "", out: bool = False) -> Variant:
        """``python -m leaflet ARGUMENTS`` of ``tree`` (with ``--out`` a folder of its own)."""

        def make() -> Variant:
            environment = tree.environment()
            folder = None
            command = [sys.executable, "-m", "leaflet", *arguments]
            if out:
                folder = Path(tempfile.mkdtemp(prefix=f"{stem}-{tree.label}-", dir=self.scratch))
                command += ["--out", str(folder)]
            if plans == "kept":
                environment["LEAFLET_CACHE_DIR"] = tempfile.mkdtemp(prefix="plans-", dir=self.scratch)
            return Variant(f"{stem}/{tree.label}", command, tree.root, environment, plans, folder)

        return self._add(f"{stem}/{tree.label}", make)

    def python(self) -> Variant:
        environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        return self._add("python", lambda: Variant("python", [sys.executable, "-c", "pass"], ROOT, environment))

    def typst(self) -> Variant:
        def make() -> Variant:
            folder = self.scratch / "typst"
            self.typst_source = typst_leaflet.write(folder)
            environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
            arguments = [str(self.typst_source), str(folder / "leaflet.pdf"), str(folder), str(folder / "fonts")]
            return Variant("typst", [sys.executable, "-c", _TYPST, *arguments], folder, environment, out=folder)

        return self._add("typst", make)

    @staticmethod
    def _plans(tree: Tree, plans: str) -> str:
        """A version that keeps no plans runs alike with and without them: timed once."""
        return plans if tree.keeps_plans else "fresh"

    def a5(self, tree: Tree, plans: str) -> Variant:
        plans = self._plans(tree, plans)
        arguments = ("build", "--quiet", "--format", "a5", "--lang", "ru", "--content", str(tree.content))
        return self.leaflet(f"a5-{plans}", tree, *arguments, plans=plans, out=True)

    def check(self, tree: Tree, plans: str) -> Variant:
        plans = self._plans(tree, plans)
        return self.leaflet(f"check-{plans}", tree, "check", "--content", str(tree.content), plans=plans)

    def help(self, tree: Tree) -> Variant:
        return self.leaflet("help", tree, "--help")

    def every_output(self, tree: Tree, plans: str, jobs: int | None = None) -> Variant:
        plans = self._plans(tree, plans)
        arguments = ["build", "--quiet", "--content", str(tree.content)] + (["--jobs", str(jobs)] if jobs else [])
        stem = f"all-{plans}" + (f"-jobs{jobs}" if jobs else "")
        return self.leaflet(stem, tree, *arguments, plans=plans, out=True)


# -- the report ---------------------------------------------------------------------------------


def seconds(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s (best {min(times):.3f})"


@dataclass
class Row:
    figure: str
    variants: dict[str, Variant]  # tree label -> variant
    budget: float  # seconds, for the median
    budget_text: str
    ratio_to: float = 0.0  # also print median / this (the Typst figure)

    def cell(self, label: str) -> str:
        variant = self.variants.get(label)
        if variant is None:
            return "–"
        text = seconds(variant.times)
        if self.ratio_to:
            text += f", {statistics.median(variant.times) / self.ratio_to:.2f}×"
        return text

    def met(self, label: str) -> bool:
        return statistics.median(self.variants[label].times) <= self.budget


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def register(plan: Plan, parts: set[str]) -> None:
    """Make every command the parts time, in the order they are run in a round."""
    after = plan.trees[-1]
    if "typst" in parts:
        plan.python()
        plan.typst()
    for tree in plan.trees:
        if "typst" in parts:
            plan.a5(tree, "kept")
            plan.a5(tree, "fresh")
        if "check" in parts:
            plan.check(tree, "kept")
            plan.check(tree, "fresh")
            plan.help(tree)
        if "all" in parts or ("cold" in parts and tree is after):
            plan.every_output(tree, "kept")
            plan.every_output(tree, "fresh")
    if "cold" in parts:
        plan.every_output(after, "fresh", jobs=1)


def issue9_rows(plan: Plan, parts: set[str]) -> list[Row]:
    """The rows of issue 9's budget, once the commands are timed."""
    rows = []
    trees = plan.trees
    if "typst" in parts:
        typst_median = statistics.median(plan.variants["typst"].times)
        for plans in ("kept", "fresh"):
            rows.append(
                Row(
                    f"A5 leaflet (a5-ru), fresh process, {_plans(plans)}",
                    {tree.label: plan.a5(tree, plans) for tree in trees},
                    TYPST_RATIO * typst_median,
                    f"≤ {TYPST_RATIO:g} × Typst = {TYPST_RATIO * typst_median:.3f} s",
                    ratio_to=typst_median,
                )
            )
    if "check" in parts:
        for plans in ("kept", "fresh"):
            variants = {tree.label: plan.check(tree, plans) for tree in trees}
            rows.append(Row(f"`leaflet check`, {_plans(plans)}", variants, CHECK_S, f"≤ {CHECK_S:g} s"))
        variants = {tree.label: plan.help(tree) for tree in trees}
        rows.append(Row("`leaflet --help`", variants, HELP_S, f"≤ {HELP_S:g} s"))
    if "all" in parts:
        after = plan.every_output(trees[-1], "kept")
        count = len(list(after.out.glob("*.pdf"))) if after.out else 0
        for plans in ("kept", "fresh"):
            rows.append(
                Row(
                    f"every output ({count} files), --jobs default ({default_jobs()}), {_plans(plans)}",
                    {tree.label: plan.every_output(tree, plans) for tree in trees},
                    ALL_S,
                    f"≤ {ALL_S:g} s",
                )
            )
    return rows


def _plans(plans: str) -> str:
    return "kept plans" if plans == "kept" else "no kept plans"


def print_typst(plan: Plan, runs: int) -> None:
    import typst

    variant = plan.variants["typst"]
    inner: list[list[float]] = [[], [], []]  # import, compile, compile's CPU time
    for line in (line for output in variant.outputs for line in output):
        if line.startswith("typst "):
            for figures, figure in zip(inner, line.split()[1:], strict=True):
                figures.append(float(figure))
    source = plan.typst_source
    assert source is not None and variant.out is not None
    pdf = variant.out / "leaflet.pdf"
    font_dir = str(source.parent / "fonts")
    repeated: list[list[float]] = [[], []]
    for number in range(runs + 1):  # the first is this process's cold compile: not counted
        started, cpu = time.perf_counter(), time.process_time()
        typst.compile(
            str(source), output=str(pdf), root=str(source.parent), font_paths=[font_dir], ignore_system_fonts=True
        )
        if number:
            repeated[0].append(time.perf_counter() - started)
            repeated[1].append(time.process_time() - cpu)
    a5 = plan.variants.get("a5-kept/after")
    leaflet_pdf = a5.out / f"{LEAFLET_ID}-a5-ru.pdf" if a5 and a5.out else None
    print(f"Typst {_version('typst')} rendition of {LEAFLET_ID}-a5-ru (bench/typst_leaflet.py, body 13 pt):")
    print(f"  {pdf_pages(pdf)} pages, {pdf.stat().st_size / 1024:.0f} KB", end="")
    if leaflet_pdf and leaflet_pdf.is_file():
        print(f"; leaflet's: {pdf_pages(leaflet_pdf)} pages, {leaflet_pdf.stat().st_size / 1024:.0f} KB", end="")
    rows: list[tuple[str, list[float], list[float]]] = [
        ('fresh process: `python -c "import typst; typst.compile(...)"`', variant.times, variant.cpu),
        ("… of which `import typst`, timed in the process", inner[0], []),
        ("… of which `typst.compile`, timed in the process", inner[1], inner[2]),
        ("`typst.compile` again in one process (its caches warm)", repeated[0], repeated[1]),
        ("start-up floor: `python -c pass`", plan.variants["python"].times, plan.variants["python"].cpu),
    ]
    for tree in plan.trees:
        for plans in dict.fromkeys(plan.a5(tree, plans).plans for plans in ("kept", "fresh")):
            leaflet = plan.a5(tree, plans)
            rows.append((f"leaflet a5-ru, {tree.label}, {_plans(plans)}", leaflet.times, leaflet.cpu))
    print(f"\n\n| figure ({runs} runs) | wall, median (best) | CPU (user + system), median |\n|---|---|---|")
    for label, times, cpus in rows:
        print(f"| {label} | {seconds(times)} | {f'{statistics.median(cpus):.3f} s' if cpus else '–'} |")
    print()


def print_issue9(rows: list[Row], trees: list[Tree], runs: int, note: str) -> bool:
    labels = [tree.label for tree in trees]
    names = {tree.label: tree.name for tree in trees}
    print(f"issue 9 budget: fresh processes, median (best) of {runs} runs, alternated")
    header = ["figure", *(f"{label} ({names[label]})" for label in labels), "budget (median)", "met?"]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        met = "yes" if row.met("after") else "NO"
        if "before" in labels:
            met += f" (before: {'yes' if row.met('before') else 'no'})"
        cells = [row.figure, *(row.cell(label) for label in labels), row.budget_text, met]
        print("| " + " | ".join(cells) + " |")
    if note:
        print(f"\n{note}")
    print()
    return all(row.met("after") for row in rows)


def print_cold(plan: Plan, after: Tree, runs: int) -> bool:
    default = plan.every_output(after, "fresh")
    single = plan.every_output(after, "fresh", jobs=1)
    kept = plan.every_output(after, "kept")
    assert default.out and single.out and kept.out
    same = all(
        (default.out / path.name).read_bytes() == path.read_bytes() == (kept.out / path.name).read_bytes()
        for path in sorted(single.out.glob("*.pdf"))
    )
    files = sorted(default.out.glob("*.pdf"))
    print(f"cold `leaflet build` of all {len(files)} outputs (after), fresh process, {runs} runs")
    print("| jobs | plans | median | best | peak memory (largest process) |\n|---|---|---|---|---|")
    for label, plans, variant in (
        (f"default ({default_jobs()})", "none kept", default),
        ("1", "none kept", single),
        (f"default ({default_jobs()})", "kept on disk", kept),
    ):
        times = variant.times
        print(
            f"| {label} | {plans} | {statistics.median(times):.2f} s | {min(times):.2f} s "
            f"| {variant.peak_kb / 1024:.0f} MB |"
        )
    print(f"\nbyte-identical with --jobs 1, the default, and plans kept on disk: {'yes' if same else 'NO'}\n")
    return same


# -- warm renders in this process (issue 5) -----------------------------------------------------


def _render(content: Content, leaflet: Leaflet, name: str, edition: str, cache: BuildCache) -> Rendered:
    cache.drawn.clear()  # draw again every time: only the plans are remembered,
    cache.plans.scratch.clear()  # not the layout passes that measured them
    return make_document(content, leaflet, name, edition, PrintOptions(), cache)


def warm_renders(renders: int) -> list[tuple[str, str, float, float, int]]:
    """(format, edition, median replay ms, full plan search ms, bytes) for every output."""
    content = load_content(CONTENT)
    leaflet = content.leaflets[LEAFLET_ID]
    rows = []
    for spec in FORMATS.values():
        for edition in spec.editions:
            if not set(EDITIONS[edition].langs) <= set(leaflet.languages):
                continue
            cache = BuildCache(plans=PlanCache())  # in memory only: the search is measured
            started = time.perf_counter()
            document = _render(content, leaflet, spec.name, edition, cache)
            search = time.perf_counter() - started
            times = []
            for _ in range(renders):
                started = time.perf_counter()
                _render(content, leaflet, spec.name, edition, cache)
                times.append(time.perf_counter() - started)
            rows.append((spec.name, edition, 1000 * statistics.median(times), 1000 * search, len(document.pdf)))
    return rows


def profile(format_name: str, edition: str, renders: int) -> None:
    content = load_content(CONTENT)
    leaflet = content.leaflets[LEAFLET_ID]
    cache = BuildCache(plans=PlanCache())
    _render(content, leaflet, format_name, edition, cache)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        _render(content, leaflet, format_name, edition, cache)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def print_warm(renders: int, cold: list[float] | None) -> bool:
    rows = warm_renders(renders)
    print(f"warm, in-process (median of {renders} renders; full plan search once, nothing remembered)")
    print("| file | warm | plan search | size |\n|---|---|---|---|")
    for name, edition, warm, search, size in rows:
        file_name = f"{LEAFLET_ID}-{FORMATS[name].file_name(edition)}"
        print(f"| {file_name} | {warm:.1f} ms | {search:.0f} ms | {size / 1024:.1f} KB |")
    print(f"\npeak memory of this process (warm renders): {_self_peak_mb():.0f} MB\n")
    return budget(rows, cold)


def _self_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def budget(rows: list[tuple[str, str, float, float, int]], cold: list[float] | None) -> bool:
    warm_a5 = max(warm for name, edition, warm, _, _ in rows if name == "a5" and "-" not in edition)
    share = max(size for name, edition, _, _, size in rows if name == "share" and "-" not in edition)
    checks = [
        (f"warm A5 leaflet (slowest language) under {WARM_A5_MS:g} ms", warm_a5 < WARM_A5_MS, f"{warm_a5:.1f} ms"),
        ("single-language shareable PDF at most 35 KB", share <= SHARE_MAX_BYTES, f"{share / 1024:.1f} KB"),
    ]
    if cold:
        checks.insert(
            1,
            (
                f"every output, cold, default jobs, no kept plans, under {COLD_ALL_S:g} s",
                statistics.median(cold) < COLD_ALL_S,
                f"{statistics.median(cold):.2f} s",
            ),
        )
    print("budget (issue 5)")
    for what, held, measured in checks:
        print(f"  {'ok  ' if held else 'OVER'} {what}: {measured}")
    print()
    return all(held for _, held, _ in checks)


# -- the run ------------------------------------------------------------------------------------


def report(args: argparse.Namespace) -> bool:
    parts = args.only
    if "typst" in parts and importlib.util.find_spec("typst") is None:
        raise SystemExit(
            "the typst part needs the typst package: pip install -e '.[bench]' (or leave it out with --only)"
        )
    print(f"machine: {machine()}")
    print(f"at the start: {load()}\n")
    ok = True
    with tempfile.TemporaryDirectory(prefix="leaflet-bench-") as folder:
        scratch = Path(folder)
        after = Tree("after", ROOT, "this checkout")
        trees = [after]
        note = ""
        if parts & {"typst", "check", "all"}:
            before, why = before_tree(args.before, args.before_tree, scratch)
            if before is None:
                print(f"before: skipped, {why}; only this checkout is measured\n")
            else:
                trees.insert(0, before)
                if not before.keeps_plans:
                    note = (
                        f"before ({before.name}) keeps no plans between runs: its 'kept plans' and "
                        "'no kept plans' rows are the same command, timed once."
                    )
        for tree in trees:
            tree.compile_bytecode()
        plan = Plan(trees, scratch)
        register(plan, parts)
        if plan.variants:
            variants = list(plan.variants.values())
            print(f"timing {len(variants)} commands, {args.runs} runs each, alternated ...", file=sys.stderr)
            measure(variants, args.runs, scratch)
        rows = issue9_rows(plan, parts)
        if "typst" in parts:
            print_typst(plan, args.runs)
        if rows:
            ok = print_issue9(rows, trees, args.runs, note) and ok
        cold = None
        if "cold" in parts:
            ok = print_cold(plan, after, args.runs) and ok
            cold = plan.every_output(after, "fresh").times
        if "warm" in parts:
            ok = print_warm(args.renders, cold) and ok
    print(f"at the end: {load()}")
    return ok


def _parts(text: str) -> set[str]:
    parts = {part.strip() for part in text.split(",") if part.strip()}
    unknown = parts - set(PARTS)
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(PARTS)} (comma-separated), not {text!r}")
    return parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--renders", type=int, default=30, help="warm renders per output (default 30)")
    parser.add_argument(
        "--only",
        type=_parts,
        default=set(PARTS),
        metavar="PARTS",
        help=f"parts to run: {','.join(PARTS)} (default all)",
    )
    parser.add_argument(
        "--before", default=BEFORE, metavar="REV", help=f"the commit to compare with (default {BEFORE}; 'none': skip)"
    )
    parser.add_argument(
        "--before-tree", type=Path, metavar="DIR", help="a checkout of the commit to compare with (instead of --before)"
    )
    parser.add_argument("--profile", metavar="FORMAT[:EDITION]", help="profile warm renders of one output instead")
    args = parser.parse_args()
    if args.runs < 1 or args.renders < 1:
        parser.error("--runs and --renders must be at least 1")
    if args.profile:
        name, _, edition = args.profile.partition(":")
        profile(name, edition or "kk", args.renders)
        return 0
    return 0 if report(args) else 1


if __name__ == "__main__":
    sys.exit(main())
