"""Summarises a JFR recording of load.sh --jfr: contended monitors and the hottest frames."""
import collections
import json
import subprocess
import sys

recording = sys.argv[1]


def events(name, depth=64):
    """The recording's events of type name, each with the top depth frames of its stack."""
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", name, recording], check=True,
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

# Each sample to the code that was running: the frame nearest the leaf outside the JDK (java.*,
# jdk.*, sun.*, jakarta.*), named by the library it belongs to; a sample entirely in the JDK is "JDK".
COMPONENTS = [
    ("dev.bearer.bench.", "benchmark application"),
    ("dev.bearer.", "Bearer"),
    ("org.springframework.security.", "Spring Security"),
    ("io.micrometer.", "Micrometer (observations, metrics)"),
    ("org.springframework.web.", "Spring MVC"),
    ("org.springframework.http.", "Spring MVC"),
    ("org.springframework.boot.", "Spring Boot"),
    ("org.springframework.", "Spring Framework (other)"),
    ("org.apache.catalina.", "Tomcat"),
    ("org.apache.coyote.", "Tomcat"),
    ("org.apache.tomcat.", "Tomcat"),
    ("tools.jackson.", "Jackson"),
    ("com.fasterxml.", "Jackson"),
    ("org.postgresql.", "PostgreSQL driver"),
    ("com.zaxxer.", "HikariCP"),
    ("com.github.benmanes.caffeine.", "Caffeine"),
    ("io.github.bucket4j.", "Bucket4j"),
    ("org.slf4j.", "logging"),
    ("ch.qos.logback.", "logging"),
    ("org.apache.commons.logging.", "logging"),
]
JDK = ("java.", "jdk.", "sun.", "javax.", "jakarta.", "com.sun.")


def component(frames):
    for f in frames:
        name = frame(f)
        if name.startswith(JDK):
            continue
        for prefix, label in COMPONENTS:
            if name.startswith(prefix):
                return label
        return "other: " + ".".join(name.split(".")[:3])
    return "JDK"


owners = collections.Counter()
for e in samples:
    owners[component(e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else [])] += 1
print("jdk.ExecutionSample by the code running (the frame nearest the leaf outside the JDK):")
for name, count in owners.most_common():
    print(f"  {count:6d}  {100 * count / max(1, len(samples)):5.1f} %  {name}")

allocated = collections.Counter()
for e in events("jdk.ObjectAllocationSample", depth=16):
    v = e["values"]
    allocated[component(v["stackTrace"]["frames"] if v.get("stackTrace") else [])] += v.get("weight", 0)
total_allocated = sum(allocated.values())
print(f"jdk.ObjectAllocationSample: {total_allocated / 1e6:,.0f} MB sampled; by the code allocating:")
for name, weight in allocated.most_common(10):
    print(f"  {weight / 1e6:9.0f} MB  {100 * weight / max(1, total_allocated):5.1f} %  {name}")


def seconds(duration):
    return float(duration[2:-1]) if duration.startswith("PT") and duration.endswith("S") else 0.0


pauses = events("jdk.GarbageCollection")
print(f"jdk.GarbageCollection: {len(pauses)} collections, {sum(seconds(e['values'].get('sumOfPauses', 'PT0S')) for e in pauses):.3f} s of pauses")


def thread_group(name):
    if "exec-" in name:
        return "Tomcat request threads"
    if "CompilerThread" in name:
        return "JIT compiler threads"
    if name.startswith("http-nio"):
        return "Tomcat poller and acceptor"
    if name.startswith("bearer-"):
        return "Bearer background threads"
    return "other Java threads"


per_thread = collections.defaultdict(list)
for e in events("jdk.ThreadCPULoad"):
    v = e["values"]
    thread = v.get("eventThread") or {}
    per_thread[thread.get("javaName") or thread.get("osName") or "?"].append(v.get("user", 0) + v.get("system", 0))
load = collections.Counter()
for name, values in per_thread.items():
    load[thread_group(name)] += sum(values) / len(values)
print("jdk.ThreadCPULoad (each thread's mean share of the machine's CPU, summed by group):")
for group, value in load.most_common():
    print(f"  {100 * value:5.1f} %  {group}")
