#!/usr/bin/env python3
"""Scenario e of bench/run.sh (provider outage under load): health poller and report.

  outage.py poll --url http://127.0.0.1:8080/admin/v1/health --key sk-... --out e-health.jsonl \
      --stop-file FILE [--interval 1] [--max-seconds 600]
  outage.py report --dir RESULTS_DIR [--cooldown-s 5] [--rate 500] [--primary primary] [--backup backup]

poll: GETs the gateway's /admin/v1/health every --interval seconds on a fixed schedule until the
stop file exists, and appends one JSON line per poll: {"t_ms": epoch ms, "http": status or null,
"error": str or null, "deployments": [...]} (the deployments as the gateway listed them).

report: reads from --dir the files run.sh wrote for scenario e:
  e-outage-wrk.txt        wrk output with the RESULT line of bench/rate.lua
  e-outage-timeline.csv   responses per 100 ms (bench/rate.lua with BENCH_TIMELINE)
  e-outage-non2xx.txt     one line per non-2xx response: epoch ms, status, body
  e-health.jsonl          the polls
  e-health-snapshots.jsonl  {"t_ms", "snapshot": start|kill|restart|end, "body": health response}
                          taken right before wrk starts, the kill, the restart, and after wrk ends
  e-events.txt            "NAME EPOCH_MS" lines: wrk_start, kill, restart, primary_up, wrk_end
and writes e-outage.json (figures), e-outage.md (the summary.md section), e-outage-per-second.csv
(responses, breaker states and counters per second). Warnings go to e-outage.json "warnings".
Standard library only.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request


# ------------------------------------------------------------------------------------------- poll

def poll(args):
    req = urllib.request.Request(args.url, headers={"Authorization": "Bearer " + args.key})
    start = time.time()
    n = 0
    with open(args.out, "a", buffering=1) as out:
        while not os.path.exists(args.stop_file) and time.time() - start < args.max_seconds:
            t_ms = time.time() * 1000
            rec = {"t_ms": round(t_ms), "http": None, "error": None, "deployments": []}
            try:
                with urllib.request.urlopen(req, timeout=max(0.2, args.interval * 0.9)) as resp:
                    rec["http"] = resp.status
                    rec["deployments"] = json.loads(resp.read()).get("deployments", [])
            except urllib.error.HTTPError as e:
                rec["http"] = e.code
                rec["error"] = e.read()[:300].decode("utf-8", "replace")
            except Exception as e:  # noqa: BLE001 - a failed poll is recorded, not fatal
                rec["error"] = "%s: %s" % (type(e).__name__, e)
            out.write(json.dumps(rec) + "\n")
            n += 1
            nxt = start + n * args.interval
            delay = nxt - time.time()
            if delay > 0:
                time.sleep(delay)


# ----------------------------------------------------------------------------------------- report

def read_result(path):
    res = {}
    try:
        for line in open(path, errors="replace"):
            if line.startswith("RESULT "):
                for kv in line.split()[1:]:
                    k, _, v = kv.partition("=")
                    res[k] = v
    except OSError:
        pass
    return res


def num(d, k, default=0):
    try:
        return float(d[k]) if "." in d[k] else int(d[k])
    except (KeyError, ValueError):
        return default


def read_events(path):
    ev = {}
    try:
        for line in open(path):
            parts = line.split()
            if len(parts) == 2:
                ev[parts[0]] = int(parts[1])
    except OSError:
        pass
    return ev


def read_timeline(path):
    rows = []
    try:
        with open(path) as f:
            next(f, None)
            for line in f:
                p = line.strip().split(",")
                if len(p) == 3:
                    rows.append((int(float(p[0])), int(p[1]), int(p[2])))
    except OSError:
        pass
    return rows


def read_non2xx(path):
    rows = []
    try:
        for line in open(path, errors="replace"):
            p = line.rstrip("\n").split(" ", 2)
            if len(p) >= 2:
                rows.append((int(float(p[0])), int(p[1]), p[2] if len(p) > 2 else ""))
    except OSError:
        pass
    return rows


def read_polls(path):
    polls = []
    try:
        for line in open(path):
            try:
                polls.append(json.loads(line))
            except ValueError:
                pass
    except OSError:
        pass
    return polls


def deployment(poll_rec, provider):
    """The provider's deployment in one poll (pattern groups list it as provider/requested-model)."""
    for d in poll_rec.get("deployments", []):
        if d.get("provider") == provider or str(d.get("id", "")).startswith(provider + "/"):
            return d
    return None


def parse_iso_ms(s):
    """ISO-8601 instant (as Java's Instant.toString) -> epoch ms, or None."""
    if not s:
        return None
    from datetime import datetime
    try:
        s2 = s.replace("Z", "+00:00")
        # Python < 3.11 accepts at most 6 fractional digits
        if "." in s2:
            head, rest = s2.split(".", 1)
            frac = "".join(ch for ch in rest if ch.isdigit())
            tz = rest[len(frac):]
            s2 = head + "." + (frac + "000000")[:6] + tz
        return round(datetime.fromisoformat(s2).timestamp() * 1000)
    except ValueError:
        return None


def report(args):
    d = args.dir
    res = read_result(os.path.join(d, "e-outage-wrk.txt"))
    ev = read_events(os.path.join(d, "e-events.txt"))
    timeline = read_timeline(os.path.join(d, "e-outage-timeline.csv"))
    bad = read_non2xx(os.path.join(d, "e-outage-non2xx.txt"))
    polls = read_polls(os.path.join(d, "e-health.jsonl"))
    snapshots = {}
    for rec in read_polls(os.path.join(d, "e-health-snapshots.jsonl")):
        body = rec.get("body")
        snap = {"t_ms": rec["t_ms"], "http": 200 if isinstance(body, dict) else None,
                "error": None if isinstance(body, dict) else "no response",
                "deployments": body.get("deployments", []) if isinstance(body, dict) else [], "snapshot": rec.get("snapshot")}
        snapshots[rec.get("snapshot")] = snap
        polls.append(snap)
    polls.sort(key=lambda p: p["t_ms"])
    warnings = []

    t0 = ev.get("wrk_start")
    kill, restart, up, end = ev.get("kill"), ev.get("restart"), ev.get("primary_up"), ev.get("wrk_end")

    def rel(ms):
        return None if ms is None or t0 is None else (ms - t0) / 1000.0

    out = {"events_s": {k: rel(v) for k, v in ev.items()}}

    # --- client side (wrk)
    requests = num(res, "requests")
    non2xx = num(res, "non2xx")
    sock = {k: num(res, k) for k in ("connect_err", "read_err", "write_err", "timeouts")}
    errors = non2xx + sum(sock.values())
    out["client"] = {
        "requests": requests, "rps": num(res, "rps", None), "non2xx": non2xx, **sock, "errors": errors,
        "error_rate": (errors / requests) if requests else None,
        **{k: num(res, k, None) for k in ("p50_us", "p90_us", "p99_us", "p999_us", "max_us")},
    }
    if not res:
        warnings.append("e. wrk printed no RESULT line (see e-outage-wrk.txt)")
    elif errors:
        warnings.append("e. clients saw %d errors in %d requests (non-2xx %d, connect %d, read %d, write %d, timeouts %d)"
                        % (errors, requests, non2xx, sock["connect_err"], sock["read_err"], sock["write_err"], sock["timeouts"]))
    if res and args.rate and not (0.95 * args.rate <= num(res, "rps", 0) <= 1.05 * args.rate):
        warnings.append("e. achieved %s req/s, more than 5%% off the target %s" % (res.get("rps"), args.rate))

    # --- non-2xx details
    by_status = {}
    for t, status, body in bad:
        s = by_status.setdefault(status, {"count": 0, "first_s": rel(t), "last_s": rel(t), "sample": body[:200]})
        s["count"] += 1
        s["last_s"] = rel(t)
    out["non2xx_by_status"] = {str(k): v for k, v in sorted(by_status.items())}
    if bad and kill is not None:
        out["non2xx_first_ms_after_kill"] = bad[0][0] - kill
        out["non2xx_last_ms_after_kill"] = bad[-1][0] - kill
    if non2xx and not bad:
        warnings.append("e. non-2xx responses but no e-outage-non2xx.txt details")

    # --- phases: before the kill, outage, after the restart (responses by 100 ms bucket start)
    phases = [("before outage", t0, kill), ("outage (primary down)", kill, restart), ("after restart", restart, end)]

    def responses_between(a, b):
        ok = nb = 0
        if a is None or b is None:
            return None, None
        for start, o, n in timeline:
            if a <= start + 50 < b:  # bucket midpoint
                ok += o
                nb += n
        return ok, nb

    # --- health polls
    good = [p for p in polls if p.get("http") == 200]
    failed_polls = len(polls) - len(good)
    if failed_polls:
        warnings.append("e. %d of %d health polls/snapshots failed (first: %s)" % (
            failed_polls, len(polls), next((p.get("error") or p.get("http")) for p in polls if p.get("http") != 200)))

    def counters_at(ms, provider, snap=None):
        """Counters of the provider's deployment in the named snapshot, else at the last good poll at or
        before ms (zeros before the deployment existed)."""
        best = snapshots.get(snap) if snap and (snapshots.get(snap) or {}).get("http") == 200 else None
        if best is None:
            for p in good:
                if p["t_ms"] <= ms:
                    best = p
        dep = deployment(best, provider) if best else None
        return (dep or {}).get("successes", 0), (dep or {}).get("failures", 0)

    bounds = {t0: "start", kill: "kill", restart: "restart", end: "end"}
    phase_rows = []
    for name, a, b in phases:
        ok, nb = responses_between(a, b)
        row = {"phase": name, "from_s": rel(a), "to_s": rel(b), "responses_2xx": ok, "responses_non2xx": nb}
        if a is not None and b is not None and good:
            for prov, key in ((args.primary, "primary"), (args.backup, "backup")):
                s0, f0 = counters_at(a, prov, bounds.get(a))
                s1, f1 = counters_at(b, prov, bounds.get(b))
                row[key + "_successes"] = s1 - s0
                row[key + "_failures"] = f1 - f0
        phase_rows.append(row)
    out["phases"] = phase_rows

    # primary breaker: states seen, transitions, openings
    transitions, prev, open_untils = [], None, []
    first_open_poll = closed_again_poll = None
    for p in good:
        dep = deployment(p, args.primary)
        state = dep.get("state") if dep else "absent"
        if dep and dep.get("open_until") and dep["open_until"] not in open_untils:
            open_untils.append(dep["open_until"])
        if state != prev:
            transitions.append({"t_s": rel(p["t_ms"]), "from": prev, "to": state})
        if kill is not None and p["t_ms"] >= kill and state in ("open", "half_open") and first_open_poll is None:
            first_open_poll = p["t_ms"]
        prev = state
    # closed again: the first poll after the restart from which the breaker stays closed to the end
    if restart is not None:
        for p in good:
            if p["t_ms"] < restart:
                continue
            dep = deployment(p, args.primary)
            if dep and dep.get("state") == "closed":
                if closed_again_poll is None:
                    closed_again_poll = p["t_ms"]
            else:
                closed_again_poll = None
    openings_ms = [m for m in (parse_iso_ms(u) for u in open_untils) if m is not None]
    opened_at = (openings_ms[0] - round(args.cooldown_s * 1000)) if openings_ms else None
    br = {
        "transitions": transitions,
        "openings_seen": len(open_untils),
        "open_until_values_s": [rel(m) for m in openings_ms],
        "opened_s": rel(opened_at),
        "opened_ms_after_kill": (opened_at - kill) if opened_at is not None and kill is not None else None,
        "first_poll_not_closed_s": rel(first_open_poll),
        "closed_again_poll_s": rel(closed_again_poll),
        "closed_again_s_after_restart": ((closed_again_poll - restart) / 1000.0)
        if closed_again_poll is not None and restart is not None else None,
        "closed_again_s_after_primary_up": ((closed_again_poll - up) / 1000.0)
        if closed_again_poll is not None and up is not None else None,
    }
    out["primary_breaker"] = br
    if good:
        if first_open_poll is None and not open_untils:
            warnings.append("e. the primary's breaker was never seen open after the kill")
        if closed_again_poll is None:
            warnings.append("e. the primary's breaker was not closed again by the end of the run")

    # end-of-run counters (last good poll) and during the measured run (from the poll before wrk start)
    final = {}
    if good:
        last = snapshots["end"] if (snapshots.get("end") or {}).get("http") == 200 else good[-1]
        for prov, key in ((args.primary, "primary"), (args.backup, "backup")):
            dep = deployment(last, prov) or {}
            s_start, f_start = counters_at(t0, prov, "start") if t0 is not None else (0, 0)
            final[key] = {
                "id": dep.get("id"), "state": dep.get("state"),
                "successes": dep.get("successes"), "failures": dep.get("failures"),
                "successes_during_run": (dep.get("successes") or 0) - s_start,
                "failures_during_run": (dep.get("failures") or 0) - f_start,
                "last_error": dep.get("last_error"), "last_error_s": rel(parse_iso_ms(dep.get("last_error_at"))),
                "last_health_check_at": dep.get("last_health_check_at"),
            }
        out["final_counters"] = final
        out["final_poll_s"] = rel(last["t_ms"])
        if all(not (final[k].get("last_health_check_at")) for k in final):
            out["health_checks_ran"] = False
        else:
            out["health_checks_ran"] = True
        after = phase_rows[2].get("primary_successes")
        if after == 0:
            warnings.append("e. the restarted primary served no request before the end of the run")
        if phase_rows[1].get("backup_successes") == 0:
            warnings.append("e. the backup served no request during the outage")

    # --- per-second table
    per_sec = {}
    if t0 is not None:
        for start, o, n in timeline:
            s = max(0, int((start + 50 - t0) // 1000))
            r = per_sec.setdefault(s, {"ok": 0, "bad": 0})
            r["ok"] += o
            r["bad"] += n
        prev_c = {}
        for p in good:
            s = int((p["t_ms"] - t0) // 1000)
            r = per_sec.setdefault(s, {"ok": 0, "bad": 0})
            for prov, key in ((args.primary, "primary"), (args.backup, "backup")):
                dep = deployment(p, prov) or {}
                sc, fc = dep.get("successes", 0), dep.get("failures", 0)
                ps, pf = prev_c.get(key, (sc, fc))
                r[key + "_state"] = dep.get("state", "absent")
                r[key + "_succ"] = sc - ps
                r[key + "_fail"] = fc - pf
                prev_c[key] = (sc, fc)
    with open(os.path.join(d, "e-outage-per-second.csv"), "w") as f:
        f.write("t_s,responses_2xx,responses_non2xx,primary_state,primary_successes_delta,primary_failures_delta,"
                "backup_state,backup_successes_delta,backup_failures_delta,event\n")
        marks = {}
        for k, v in ev.items():
            if t0 is not None:
                marks.setdefault(int((v - t0) // 1000), []).append(k)
        for s in sorted(per_sec):
            r = per_sec[s]
            f.write("%d,%d,%d,%s,%s,%s,%s,%s,%s,%s\n" % (
                s, r["ok"], r["bad"], r.get("primary_state", ""), r.get("primary_succ", ""), r.get("primary_fail", ""),
                r.get("backup_state", ""), r.get("backup_succ", ""), r.get("backup_fail", ""), " ".join(marks.get(s, []))))

    out["warnings"] = warnings
    with open(os.path.join(d, "e-outage.json"), "w") as f:
        json.dump(out, f, indent=2)
    with open(os.path.join(d, "e-outage.md"), "w") as f:
        f.write(markdown(out, args))
    for w in warnings:
        print("WARNING " + w)


def fmt(v, spec="%.1f", none="n/a"):
    return none if v is None else spec % v


def markdown(o, args):
    c, ev, br = o["client"], o["events_s"], o["primary_breaker"]
    ms = lambda us: fmt(us / 1000.0 if us is not None else None, "%.2f")  # noqa: E731
    rate = c.get("error_rate")
    lines = [
        "| metric | value |",
        "|---|---:|",
        "| requests / achieved req/s | %s / %s |" % (c["requests"], fmt(c.get("rps"))),
        "| **client errors** (non-2xx + socket errors) / error rate | **%d / %s** |" % (
            c["errors"], "n/a" if rate is None else "%.3f%%" % (100 * rate)),
        "| non-2xx / connect / read / write / timeouts | %d / %d / %d / %d / %d |" % (
            c["non2xx"], c["connect_err"], c["read_err"], c["write_err"], c["timeouts"]),
        "| latency p50 / p99 ms (whole run) | **%s / %s** |" % (ms(c.get("p50_us")), ms(c.get("p99_us"))),
        "| latency p90 / p99.9 / max ms | %s / %s / %s |" % (ms(c.get("p90_us")), ms(c.get("p999_us")), ms(c.get("max_us"))),
        "| primary killed / restarted / answering again | %s s / %s s / %s s |" % (
            fmt(ev.get("kill")), fmt(ev.get("restart")), fmt(ev.get("primary_up"))),
        "| primary breaker opened (open_until − cooldown) | %s |" % (
            "n/a" if br["opened_s"] is None else "%.2f s (%d ms after the kill)" % (br["opened_s"], br["opened_ms_after_kill"])),
        "| first poll with the breaker not closed | %s |" % fmt(br["first_poll_not_closed_s"], "%.1f s"),
        "| breaker closed again (first poll closed for good) | %s |" % (
            "not by the end" if br["closed_again_poll_s"] is None else "%.1f s (%.1f s after the restart, %s s after the mock answered)" % (
                br["closed_again_poll_s"], br["closed_again_s_after_restart"], fmt(br["closed_again_s_after_primary_up"]))),
        "| breaker openings seen (distinct open_until) | %d |" % br["openings_seen"],
    ]
    trans = ", ".join("%s→%s at %s s" % (t["from"], t["to"], fmt(t["t_s"])) for t in br["transitions"] if t["from"] is not None)
    lines.append("| primary state changes between polls | %s |" % (trans or "none"))
    lines.append("")
    lines.append("| phase | from–to s | 2xx | non-2xx | served by primary | served by backup | primary failures | backup failures |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in o["phases"]:
        lines.append("| %s | %s–%s | %s | %s | %s | %s | %s | %s |" % (
            r["phase"], fmt(r["from_s"]), fmt(r["to_s"]), fmt(r["responses_2xx"], "%d"), fmt(r["responses_non2xx"], "%d"),
            fmt(r.get("primary_successes"), "%d"), fmt(r.get("backup_successes"), "%d"),
            fmt(r.get("primary_failures"), "%d"), fmt(r.get("backup_failures"), "%d")))
    fc = o.get("final_counters")
    if fc:
        lines.append("")
        lines.append("Deployment counters right after the run (`GET /admin/v1/health` at %s s): " % fmt(o.get("final_poll_s")) + "; ".join(
            "%s `%s` %s, successes %s (%s during the run), failures %s (%s during the run), last_error %s" % (
                k, v.get("id"), v.get("state"), v.get("successes"), v.get("successes_during_run"), v.get("failures"),
                v.get("failures_during_run"), json.dumps(v.get("last_error"))) for k, v in fc.items()) + ".")
        if not o.get("health_checks_ran"):
            lines.append("No health check ran for either deployment (`last_health_check_at` null): the `\"*\"` group has no fixed"
                         " model, so its deployments are not probed and only real requests move the breaker.")
    if o["non2xx_by_status"]:
        lines.append("")
        lines.append("Non-2xx responses by status (times from the start of the run; kill at %s s):" % fmt(ev.get("kill")))
        lines.append("")
        for st, v in o["non2xx_by_status"].items():
            lines.append("- HTTP %s × %d, first at %s s, last at %s s: `%s`" % (
                st, v["count"], fmt(v["first_s"], "%.3f"), fmt(v["last_s"], "%.3f"), v["sample"].replace("`", "'")))
    lines.append("")
    lines.append("Times are seconds from the start of the measured run. Breaker states come from polls once a second, so they are"
                 " accurate to about a second; the opening time is derived from `open_until`. The phases' counters come from"
                 " snapshots of the health endpoint taken right before the kill, the restart and after the run; `served by`"
                 " counts successful attempts (the deployment's `successes`), failures include retried attempts. Per second:"
                 " `e-outage-per-second.csv`; non-2xx bodies: `e-outage-non2xx.txt`; polls: `e-health.jsonl`.")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("poll")
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--max-seconds", type=float, default=600)
    r = sub.add_parser("report")
    r.add_argument("--dir", required=True)
    r.add_argument("--cooldown-s", type=float, default=5)
    r.add_argument("--rate", type=float, default=None)
    r.add_argument("--primary", default="primary")
    r.add_argument("--backup", default="backup")
    a = ap.parse_args()
    if a.cmd == "poll":
        poll(a)
    else:
        report(a)


if __name__ == "__main__":
    sys.exit(main())
