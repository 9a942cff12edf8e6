"""Summarises a JFR recording of load.sh --jfr: contended monitors and the hottest frames."""
import collections
import json
import subprocess
import sys

recording = sys.argv[1]


def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, recording], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame(f):
    m = f["method"]
    return f"{m['type']['name'].replace('/', '.')}.{m['name']}"


monitors = collections.Counter()
monitor_ns = collections.Counter()
for e in events("jdk.JavaMonitorEnter"):
    v = e["values"]
    frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
    key = (v["monitorClass"]["name"].replace("/", ".") if v.get("monitorClass") else "?",
           " < ".join(frame(f) for f in frames[:3]))
    monitors[key] += 1
    d = v.get("duration", "PT0S")
    monitor_ns[key] += float(d[2:-1]) * 1e9 if d.startswith("PT") and d.endswith("S") else 0
total = sum(monitors.values())
print(f"jdk.JavaMonitorEnter (every contended monitor entry): {total}; by monitor class and top frames:")
for (cls, where), count in monitors.most_common(10):
    print(f"  {count:6d}  {monitor_ns[(cls, where)] / 1e6:9.1f} ms  {cls}  at {where}")

top = collections.Counter()
leaf = collections.Counter()
samples = events("jdk.ExecutionSample")
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if frames:
        leaf[frame(frames[0])] += 1
    seen = set()
    for f in frames:
        name = frame(f)
        if name.startswith(("dev.bearer", "org.springframework.security")) and name not in seen:
            seen.add(name)
            top[name] += 1
print(f"jdk.ExecutionSample: {len(samples)} samples; hottest leaf frames:")
for name, count in leaf.most_common(15):
    print(f"  {count:6d}  {100 * count / max(1, len(samples)):5.1f} %  {name}")
print("Bearer and Spring Security frames on the stack (inclusive):")
for name, count in top.most_common(20):
    print(f"  {count:6d}  {100 * count / max(1, len(samples)):5.1f} %  {name}")
