"""Benchmark branch editions (issue 10).  Not a test: run it by hand.

    python bench/branches.py [--runs 3] [--branches 200,1000] [--all-formats 50]

Measures, each as a fresh `leaflet build` process with the default --jobs and the plans kept
on disk (a first untimed run fills them, as at a bank that builds its list again):

  * one cold single-leaflet build (`--format a4 --lang ru`), the unit of the budget;
  * the A4 leaflet in both languages for N branches (2 × N PDFs), for each N of --branches;
    budget for 200 branches: at most 30 × the single build;
  * every format for --all-formats branches, from which a national run (about 2,300 branches
    and centres, every format) is projected.

The branch lists are made from examples/branches.csv: its rows repeated with new ids (and
the logo copied beside the list), so the bands are those of real names and addresses.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "branches.csv"
CONTENT = ROOT / "content"
NATIONAL = 2300
BUDGET_RATIO = 30.0


def branch_list(folder: Path, count: int) -> Path:
    """``count`` branches made from the example's rows, in ``folder`` with their logos."""
    with EXAMPLE.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    folder.mkdir(parents=True, exist_ok=True)
    for logo in {row[header.index("logo")] for row in rows} - {""}:
        (folder / logo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE.parent / logo, folder / logo)
    path = folder / f"branches-{count}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for index in range(count):
            row = list(rows[index % len(rows)])
            row[0] = f"{row[0]}-{index:04d}"
            writer.writerow(row)
    return path


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "leaflet", *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median(args: list[str], env: dict[str, str], runs: int, out: Path) -> float:
    timed([*args, "--out", str(out)], env)  # untimed: the plans kept on disk
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(timed([*args, "--out", str(out)], env))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (default 3)")
    parser.add_argument("--branches", default="200,1000", help="list sizes for the A4 batch (default 200,1000)")
    parser.add_argument("--all-formats", type=int, default=50, help="branches built in every format (default 50)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="leaflet-branches-"))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["LEAFLET_CACHE_DIR"] = str(scratch / "plans")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "leaflet")], check=True)
    content = ["--content", str(CONTENT), "--quiet"]
    try:
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; median of {args.runs} runs\n")
        single = median(["build", *content, "--format", "a4", "--lang", "ru"], env, args.runs, scratch / "one")
        print(f"one cold single-leaflet build (a4, ru): {single:.2f} s")
        print("\n| branches | PDFs | time | per PDF | × single build |")
        print("|---|---|---|---|---|")
        met = True
        for count in (int(part) for part in args.branches.split(",")):
            listed = branch_list(scratch / "lists", count)
            build = ["build", *content, "--branches", str(listed), "--format", "a4"]
            seconds = median(build, env, args.runs, scratch / "out")
            ratio = seconds / single
            print(f"| {count} | {2 * count} | {seconds:.1f} s | {1000 * seconds / (2 * count):.1f} ms | {ratio:.1f} |")
            if count == 200:
                met = ratio <= BUDGET_RATIO
        every = branch_list(scratch / "lists", args.all_formats)
        seconds = median(["build", *content, "--branches", str(every)], env, 1, scratch / "out")
        files = sum(1 for path in (scratch / "out").rglob("*.pdf"))
        per_branch = seconds / args.all_formats
        national = per_branch * NATIONAL
        print(
            f"\nevery format for {args.all_formats} branches: {files} PDFs in {seconds:.1f} s "
            f"({per_branch:.2f} s a branch); a national run of {NATIONAL} branches: about "
            f"{national / 60:.0f} min on this machine"
        )
        print(f"\n200 branches within {BUDGET_RATIO:.0f} × one single build: {'yes' if met else 'NO'}")
        return 0 if met else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
