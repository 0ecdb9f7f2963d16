#!/usr/bin/env python3
"""Where a gateway's event-loop threads spend their CPU and allocations, from a JFR recording.

    bench/jfr_top.py governed.jfr                    # top self and total frames, event-loop threads
    bench/jfr_top.py governed.jfr --threads worker   # threads whose name contains "worker"
    bench/jfr_top.py governed.jfr --group dev.gatehouse.budget.ChargeBudgets --group jtokkit

Reads jdk.ExecutionSample (CPU) and jdk.ObjectAllocationSample (bytes, weighted) through
`jfr print --json --stack-depth 64` (the recording keeps 64 frames by default). Prints shares: the machine is shared, so absolute numbers mean little.
"--group PREFIX" adds a line per prefix with the share of samples whose stack holds a frame
starting with it (each sample counted once per group, so groups may overlap), and its "own" share:
samples where such a frame lies above the innermost-called dev.gatehouse frame, i.e. the library's
own work, not the gateway code it calls (a router's frames sit under every request's whole work).
The first allocation sample of each thread is dropped: its weight counts everything the thread
allocated before the recording began (one such sample once weighed 5 GB of a 6 GB recording).
"""
import argparse
import collections
import json
import subprocess
import sys


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for f in stack.get("frames") or []:
        m = f["method"]
        cls = m["type"]["name"].replace("/", ".")
        out.append(cls + "." + m["name"])
    return out


def thread_name(event):
    for field in ("sampledThread", "eventThread"):
        t = event["values"].get(field)
        if t:
            return t.get("javaName") or t.get("osName") or ""
    return ""


def load(path, event_type):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(raw)["recording"]["events"]


def report(title, samples, top, groups):
    total = sum(w for w, _ in samples)
    print(f"\n## {title}: {len(samples)} samples")
    if not total:
        return
    self_w = collections.Counter()
    total_w = collections.Counter()
    for w, fs in samples:
        if fs:
            self_w[fs[0]] += w
        for f in set(fs):
            total_w[f] += w
    print("\n### self (top frame)")
    for f, w in self_w.most_common(top):
        print(f"{100 * w / total:6.2f}%  {f}")
    print("\n### total (frame anywhere on the stack), dev.gatehouse only")
    ours = [(f, w) for f, w in total_w.items() if f.startswith("dev.gatehouse")]
    for f, w in sorted(ours, key=lambda x: -x[1])[:top]:
        print(f"{100 * w / total:6.2f}%  {f}")
    print("\n### by the innermost dev.gatehouse class on the stack (else the top frame's library)")
    owner = collections.Counter()
    for w, fs in samples:
        ours = next((f for f in fs if f.startswith("dev.gatehouse")), None)
        if ours is not None:
            owner[ours.rsplit(".", 1)[0].split("$")[0]] += w
        elif fs:
            owner["(no gatehouse frame) " + ".".join(fs[0].split(".")[:2])] += w
    for f, w in owner.most_common(top):
        print(f"{100 * w / total:6.2f}%  {f}")
    if groups:
        print("\n### groups: on the stack / own")
        for g in groups:
            w = sum(sw for sw, fs in samples if any(f.startswith(g) for f in fs))
            own = sum(sw for sw, fs in samples if any(f.startswith(g) for f in above_gatehouse(fs)))
            print(f"{100 * w / total:6.2f}% / {100 * own / total:6.2f}%  {g}")


def above_gatehouse(fs):
    """The frames called from the innermost dev.gatehouse frame on (all of them when there is none)."""
    for i, f in enumerate(fs):
        if f.startswith("dev.gatehouse"):
            return fs[:i]
    return fs


def without_first_per_thread(events):
    seen = set()
    kept = []
    for e in sorted(events, key=lambda e: e["values"].get("startTime", "")):
        t = thread_name(e)
        if t in seen:
            kept.append(e)
        seen.add(t)
    return kept


def main():
    p = argparse.ArgumentParser()
    p.add_argument("recording")
    p.add_argument("--threads", default="eventloop", help="substring of the thread names kept")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--group", action="append", default=[])
    a = p.parse_args()
    cpu = [(1, frames(e)) for e in load(a.recording, "jdk.ExecutionSample") if a.threads in thread_name(e)]
    report("CPU (jdk.ExecutionSample)", cpu, a.top, a.group)
    alloc = [(e["values"].get("weight", 0), frames(e))
             for e in without_first_per_thread(load(a.recording, "jdk.ObjectAllocationSample"))
             if a.threads in thread_name(e)]
    report("allocation (jdk.ObjectAllocationSample, by weight)", alloc, a.top, a.group)
    threads = collections.Counter(thread_name(e) for e in load(a.recording, "jdk.ExecutionSample"))
    print("\n## CPU samples per thread")
    for t, n in threads.most_common(12):
        print(f"{n:7d}  {t}")


if __name__ == "__main__":
    sys.exit(main())
