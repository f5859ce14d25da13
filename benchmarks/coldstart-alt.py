#!/usr/bin/env python3
"""Cold start, alternated: each variant run as a fresh process, the variants in turn, the order reversed every round.

Usage: benchmarks/coldstart-alt.py ROUNDS NAME=COMMAND [NAME=COMMAND ...] [--json-out FILE]
  e.g. benchmarks/coldstart-alt.py 15 "before=before/ledger --store real.db state US CU --as-of 1980-01-01" \
                                      "after=after/ledger --store real.db state US CU --as-of 1980-01-01"
Output goes to /dev/null; a run that exits non-zero stops the benchmark (a broken variant is not timed).
Prints, per variant, wall and CPU (user + system, from wait4) medians, p90 and range in ms, the load average at the start
and the end, and for two variants the paired CPU difference (the median of the per-round differences) and in how many rounds
the second was lower.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited {code}: not timed")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def p90(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def summary(values):
    return {"median": statistics.median(values), "p90": p90(values), "min": min(values), "max": max(values)}


def main():
    args = sys.argv[1:]
    out = None
    if "--json-out" in args:
        i = args.index("--json-out")
        out = args[i + 1]
        del args[i:i + 2]
    rounds = int(args[0])
    variants = [(name, shlex.split(cmd)) for name, cmd in (a.split("=", 1) for a in args[1:])]
    for _, argv in variants:  # one untimed run each: the files in the page cache, the read model current
        run_once(argv)
    load_start = os.getloadavg()
    times = {name: {"wall": [], "cpu": []} for name, _ in variants}
    for r in range(rounds):
        order = variants if r % 2 == 0 else list(reversed(variants))
        for name, argv in order:
            wall, cpu = run_once(argv)
            times[name]["wall"].append(wall)
            times[name]["cpu"].append(cpu)
        print(f"\rround {r + 1}/{rounds}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    load_end = os.getloadavg()
    result = {"rounds": rounds, "load_start": load_start, "load_end": load_end,
              "variants": {name: {k: summary(v) for k, v in t.items()} for name, t in times.items()}}
    if len(variants) == 2:
        (a, _), (b, _) = variants
        result["paired_cpu_ms"] = statistics.median(y - x for x, y in zip(times[a]["cpu"], times[b]["cpu"]))
        result["paired_wall_ms"] = statistics.median(y - x for x, y in zip(times[a]["wall"], times[b]["wall"]))
        result["second_lower_cpu_rounds"] = sum(y < x for x, y in zip(times[a]["cpu"], times[b]["cpu"]))
        result["second_lower_wall_rounds"] = sum(y < x for x, y in zip(times[a]["wall"], times[b]["wall"]))
    print(f"rounds {rounds}, load {load_start[0]:.1f} -> {load_end[0]:.1f}")
    for name, s in result["variants"].items():
        w, c = s["wall"], s["cpu"]
        print(f"{name:>12}: wall median {w['median']:.1f} p90 {w['p90']:.1f} [{w['min']:.1f}-{w['max']:.1f}]  "
              f"cpu median {c['median']:.1f} p90 {c['p90']:.1f} [{c['min']:.1f}-{c['max']:.1f}]")
    if "paired_cpu_ms" in result:
        print(f"paired (second - first): cpu {result['paired_cpu_ms']:+.1f} ms, wall {result['paired_wall_ms']:+.1f} ms; "
              f"second lower in {result['second_lower_cpu_rounds']} of {rounds} rounds (cpu), {result['second_lower_wall_rounds']} (wall)")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
