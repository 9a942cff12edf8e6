"""Prints load.sh's table: the median of the rounds per variant and number, and each ratio as the
median of the ratios within a round (a round's variants ran back to back, so a machine whose load
changes between rounds moves both sides of a ratio alike)."""
import csv
import math
import statistics
import sys

ORDER = ["no-security", "permit-all", "static-key", "static-key-with-bearer", "bearer-no-log", "bearer-audit", "sanctum", "ability", "preauthorize"]
NUMBERS = ["rps", "p50_us", "p99_us", "app_us", "pg_us", "xacts", "rows", "batch", "queue", "spool", "c2_run", "c2_tail", "non2xx"]

runs = {}
for row in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    runs.setdefault(row["variant"], []).append(row)


def median(variant, number):
    values = [float(r[number]) for r in runs[variant] if r[number] not in ("", "nan")]
    return statistics.median(values) if values else math.nan


def ratio(variant, other, number):
    if other not in runs:
        return "–"
    against = {r["round"]: float(r[number]) for r in runs[other]}
    values = [float(r[number]) / against[r["round"]] for r in runs[variant] if against.get(r["round"])]
    return f"{statistics.median(values):.2f}" if values else "–"


def num(value, digits=0):
    return "–" if math.isnan(value) else f"{value:,.{digits}f}"


variants = [v for v in ORDER if v in runs]
med = {v: {n: median(v, n) for n in NUMBERS} for v in variants}
print("| variant | req/s | p50 ms | p99 ms | req/s × permit-all | p99 × permit-all | req/s × sanctum "
      "| p99 × sanctum | app CPU µs/req | PG CPU µs/req | xacts/req | rows written/req | audit batch | "
      "queue max | spool max | C2 warm-up tail / run |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for v in variants:
    m = med[v]
    print(f"| {v} | {num(m['rps'])} | {num(m['p50_us'] / 1000, 2)} | {num(m['p99_us'] / 1000, 2)} "
          f"| {ratio(v, 'permit-all', 'rps')} | {ratio(v, 'permit-all', 'p99_us')} "
          f"| {ratio(v, 'sanctum', 'rps')} | {ratio(v, 'sanctum', 'p99_us')} "
          f"| {num(m['app_us'], 1)} | {num(m['pg_us'], 1)} | {num(m['xacts'], 4)} | {num(m['rows'], 4)} "
          f"| {num(m['batch'], 0)} | {num(m['queue'])} | {num(m['spool'])} | {num(m['c2_tail'])} / {num(m['c2_run'])} |")
print()
print(f"Medians of {max(len(r) for r in runs.values())} interleaved rounds (ratios: medians of the rounds' ratios); every run: "
      + ", ".join(f"{v} {'/'.join(r['rps'] for r in runs[v])} req/s" for v in variants) + ".")
bad = {v: sum(int(r["non2xx"]) for r in runs[v]) for v in variants}
if any(bad.values()):
    print("Answers other than 2xx: " + ", ".join(f"{v} {n}" for v, n in bad.items() if n) + ".")
unsettled = [r for rs in runs.values() for r in rs if int(r["c2_run"]) > 10]
if unsettled:
    print(f"In {len(unsettled)} of {sum(len(r) for r in runs.values())} runs C2 compiled more than 10 methods "
          "during the measured window: the JIT had not settled; give more --warmup.")
