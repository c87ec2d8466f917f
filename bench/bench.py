"""Benchmark the build on the shipped content (issue 5).  Not a test: run it by hand.

    python bench/bench.py [--runs 5] [--renders 30] [--profile FORMAT]

Measures, in one run:
  * a cold ``leaflet build`` of every output as a fresh process, with the default
    ``--jobs`` and with ``--jobs 1`` (wall time, median of --runs; peak memory of
    the process tree), and checks both wrote the same bytes;
  * the warm in-process time of each format and edition: the median of --renders
    renders once the fit decision is remembered, and the full fit search (nothing
    remembered) for comparison;
  * the size of every output;
and prints the tables with the machine they came from, and the budget of issue 5.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
sys.path.insert(0, str(ROOT))

from leaflet.content.loader import load_content  # noqa: E402 - after the path is set, when run from a checkout
from leaflet.content.model import Content, Leaflet  # noqa: E402
from leaflet.layout.document import Rendered  # noqa: E402
from leaflet.layout.formats import EDITIONS, FORMATS  # noqa: E402
from leaflet.layout.plan import PlanCache  # noqa: E402
from leaflet.parallel import default_jobs  # noqa: E402
from leaflet.pdf.documents import BuildCache, make_document  # noqa: E402
from leaflet.pdf.printshop import PrintOptions  # noqa: E402

#: the shipped leaflet
LEAFLET_ID = "code-1414"

#: issue 5's budget
WARM_A5_MS = 25.0
COLD_ALL_S = 1.5
SHARE_MAX_BYTES = 35 * 1024

#: runs one command and reports its wall time and the peak memory of its process tree
_TIMED = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "wall = time.perf_counter() - started\n"
    "print(code, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = models[0] if models else cpu
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("reportlab", "rl_accel", "pikepdf", "pypdf"))
    return (
        f"{cpu}, {os.cpu_count()} cores ({default_jobs()} usable), {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def cold_build(jobs: int | None, runs: int, *, kept_plans: bool) -> tuple[list[float], int, Path]:
    """Wall times (s) of ``runs`` fresh ``leaflet build`` processes and their peak memory (KB):
    with the plans of an earlier run on disk (``kept_plans``), or with none (every plan searched)."""
    times, peak = [], 0
    out = Path(tempfile.mkdtemp(prefix=f"bench-jobs{jobs or 'default'}-"))
    plans = Path(tempfile.mkdtemp(prefix="bench-plans-"))
    command = [sys.executable, "-m", "leaflet", "build", "--quiet", "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    environment = {**os.environ, "LEAFLET_CACHE_DIR": str(plans) if kept_plans else "off"}
    if kept_plans:  # one run to keep the plans, not timed
        subprocess.run(command, capture_output=True, cwd=ROOT, env=environment, check=True)
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", _TIMED, *command], capture_output=True, text=True, cwd=ROOT, env=environment
        )
        code, wall, rss = result.stdout.split()
        if code != "0":
            raise SystemExit(f"leaflet build failed:\n{result.stderr}")
        times.append(float(wall))
        peak = max(peak, int(rss))
    return times, peak, out


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


def report(args: argparse.Namespace) -> bool:
    print(f"machine: {machine()}\n")
    default_times, default_peak, default_out = cold_build(None, args.runs, kept_plans=False)
    single_times, single_peak, single_out = cold_build(1, args.runs, kept_plans=False)
    kept_times, kept_peak, kept_out = cold_build(None, args.runs, kept_plans=True)
    same = all(
        (default_out / path.name).read_bytes() == path.read_bytes() == (kept_out / path.name).read_bytes()
        for path in sorted(single_out.glob("*.pdf"))
    )
    files = sorted(default_out.glob("*.pdf"))
    print(f"cold `leaflet build` of all {len(files)} outputs, fresh process, {args.runs} runs")
    print("| jobs | plans | median | best | peak memory (largest process) |\n|---|---|---|---|---|")
    for label, plans, times, peak in (
        (f"default ({default_jobs()})", "searched", default_times, default_peak),
        ("1", "searched", single_times, single_peak),
        (f"default ({default_jobs()})", "kept on disk", kept_times, kept_peak),
    ):
        print(f"| {label} | {plans} | {statistics.median(times):.2f} s | {min(times):.2f} s | {peak / 1024:.0f} MB |")
    print(f"\nbyte-identical with --jobs 1, the default, and plans kept on disk: {'yes' if same else 'NO'}\n")

    rows = warm_renders(args.renders)
    print(f"warm, in-process (median of {args.renders} renders; full plan search once, nothing remembered)")
    print("| file | warm | plan search | size |\n|---|---|---|---|")
    for name, edition, warm, search, size in rows:
        file_name = f"{LEAFLET_ID}-{FORMATS[name].file_name(edition)}"
        print(f"| {file_name} | {warm:.1f} ms | {search:.0f} ms | {size / 1024:.1f} KB |")
    print(f"\npeak memory of this process (warm renders): {_self_peak_mb():.0f} MB\n")
    return budget(rows, default_times) and same


def _self_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def budget(rows: list[tuple[str, str, float, float, int]], cold: list[float]) -> bool:
    warm_a5 = max(warm for name, edition, warm, _, _ in rows if name == "a5" and "-" not in edition)
    share = max(size for name, edition, _, _, size in rows if name == "share" and "-" not in edition)
    checks = (
        (f"warm A5 leaflet (slowest language) under {WARM_A5_MS:g} ms", warm_a5 < WARM_A5_MS, f"{warm_a5:.1f} ms"),
        (
            f"every output, cold, default jobs, under {COLD_ALL_S:g} s",
            statistics.median(cold) < COLD_ALL_S,
            f"{statistics.median(cold):.2f} s",
        ),
        ("single-language shareable PDF at most 35 KB", share <= SHARE_MAX_BYTES, f"{share / 1024:.1f} KB"),
    )
    print("budget (issue 5)")
    for what, held, measured in checks:
        print(f"  {'ok  ' if held else 'OVER'} {what}: {measured}")
    return all(held for _, held, _ in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold builds per variant (default 5)")
    parser.add_argument("--renders", type=int, default=30, help="warm renders per output (default 30)")
    parser.add_argument("--profile", metavar="FORMAT[:EDITION]", help="profile warm renders of one output instead")
    args = parser.parse_args()
    if args.profile:
        name, _, edition = args.profile.partition(":")
        profile(name, edition or "kk", args.renders)
        return 0
    return 0 if report(args) else 1


if __name__ == "__main__":
    sys.exit(main())
