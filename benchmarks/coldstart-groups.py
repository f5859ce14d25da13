#!/usr/bin/env python3
"""Whether a cold question's slow runs are the tool's or the machine's (round 68 of issue #16).

Usage: benchmarks/coldstart-groups.py ROUNDS "QUESTION" "VERSION" [ROUNDS.json]
  e.g. benchmarks/coldstart-groups.py 80 "T/ledger --store L.db state AF taliban --as-of 2024-12-31" "T/ledger --version"

Each round runs, one after another: the question; a memory-bound reference (a fixed walk of random links over 24 MB: cache
and TLB misses, as the runtime's start-up and type loading are); a compute-bound reference (a fixed loop in registers); and
`VERSION` (the runtime's start and the command line's root, no question). Both references are C programs compiled here
(cc -O2) and touch nothing of the tool. Prints each one's CPU (user + system, wait4) and at the end the correlations of the
question's CPU with each. If the question's slow runs come with a slow memory-bound reference and not with a slow compute-bound
one, the machine's memory was slower then (a neighbour's cache and memory traffic), not the question doing more work.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

CHASE = r"""
#include <stdlib.h>
int main(void) { size_t n = 3u << 20; size_t *a = malloc(n * sizeof *a); unsigned long s = 7;
  for (size_t i = 0; i < n; i++) a[i] = i;
  for (size_t i = n - 1; i > 0; i--) { s = s * 6364136223846793005UL + 1442695040888963407UL; size_t j = (s >> 17) % (i + 1), t = a[i]; a[i] = a[j]; a[j] = t; }
  size_t p = 0; for (long k = 0; k < 4000000; k++) p = a[p];
  return p == n; }
"""
SPIN = r"""
int main(void) { volatile unsigned long x = 1; for (long i = 0; i < 60000000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL; return 0; }
"""


def compiled(folder, name, source):
    c, exe = os.path.join(folder, name + ".c"), os.path.join(folder, name)
    with open(c, "w", encoding="utf-8") as f:
        f.write(source)
    subprocess.run(["cc", "-O2", "-o", exe, c], check=True)
    return [exe]


def cpu_ms(argv):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if argv[0].endswith("ledger") and os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}: not timed")
    return (usage.ru_utime + usage.ru_stime) * 1000


def correlation(x, y):
    mx, my = statistics.mean(x), statistics.mean(y)
    sx = sum((a - mx) ** 2 for a in x) ** 0.5
    sy = sum((b - my) ** 2 for b in y) ** 0.5
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / (sx * sy) if sx and sy else 0.0


def main():
    rounds, question, version = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
    out = sys.argv[4] if len(sys.argv) > 4 else None  # each round's figures, as JSON
    with tempfile.TemporaryDirectory() as folder:
        commands = {"question": question, "chase": compiled(folder, "chase", CHASE), "spin": compiled(folder, "spin", SPIN),
                    "version": version}
        for argv in commands.values():  # one untimed run each: the files in the page cache
            cpu_ms(argv)
        rows = []
        for r in range(rounds):
            row = {name: cpu_ms(argv) for name, argv in commands.items()}
            row["load"], row["time"] = os.getloadavg()[0], time.time()
            rows.append(row)
            print(r, "  ".join(f"{name} {row[name]:.1f}" for name in commands), f"load {row['load']:.1f}", flush=True)
    q = [row["question"] for row in rows]
    print(f"question CPU median {statistics.median(q):.1f} ms [{min(q):.1f}-{max(q):.1f}]")
    for name in ("chase", "spin", "version"):
        print(f"correlation of the question's CPU with {name}'s: {correlation(q, [row[name] for row in rows]):+.2f}")
    print(f"correlation of a question's CPU with the next round's: {correlation(q[:-1], q[1:]):+.2f}")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
