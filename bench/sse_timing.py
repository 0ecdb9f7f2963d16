#!/usr/bin/env python3
"""Record when each `data:` line of a streaming chat completion arrives (scenario c of run.sh).

For each of --repeat streams (sent one after another on fresh connections) it notes, with
time.perf_counter relative to sending the request: the response headers, then every `data:` line
(read line by line with http.client). It prints one JSON object on stdout:

  {"streams": 3, "events_per_stream": [26, 26, 26], "headers_ms_median": 1.2,
   "first_data_ms_median": 1.3, "gap_ms_mean": 20.1, "gap_ms_p50": 20.1, "gap_ms_max": 21.9, ...}

Gaps are measured between consecutive `data:` lines of one stream, excluding the final
`data: [DONE]` (which a server sends right after the last chunk). With the mock at
--chunk-interval-ms 20, the ideal is a 20 ms mean gap and a max close to it; a max near
2x the interval means a chunk was held back and released together with the next one.
--raw FILE also writes every arrival time, one stream per line.
"""

import argparse
import http.client
import json
import math
import statistics
import sys
import time
from urllib.parse import urlsplit


def one_stream(host, port, path, headers, body, conn=None):
    """Reads one stream; on a given (kept-alive) connection it is left open for the next."""
    keep = conn is not None
    conn = conn or http.client.HTTPConnection(host, port, timeout=60)
    try:
        t0 = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        t_headers = time.perf_counter() - t0
        if resp.status != 200:
            raise RuntimeError(f"status {resp.status}: {resp.read(300)!r}")
        ctype = resp.getheader("Content-Type", "")
        if not ctype.startswith("text/event-stream"):
            raise RuntimeError(f"content-type {ctype!r}")
        arrivals = []
        done = False
        while True:
            line = resp.readline()
            if not line:
                break
            if line.startswith(b"data:"):
                t = time.perf_counter() - t0
                if line[5:].strip() == b"[DONE]":
                    done = True
                    break
                arrivals.append(t)
        if not done:
            raise RuntimeError("stream ended without data: [DONE]")
        resp.read()  # the chunked terminator, so the connection can carry the next request
        return t_headers, arrivals
    finally:
        if not keep:
            conn.close()


def pct(sorted_values, p):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[k]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8080/v1/chat/completions")
    p.add_argument("--key", default="")
    p.add_argument("--header", action="append", default=[], help="another request header, 'Name: value' (repeatable)")
    p.add_argument("--model", default="gpt-4o-mini")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--warmup", type=int, default=0, help="streams to read and discard first")
    p.add_argument("--raw", help="write arrival times (ms) here, one stream per line")
    p.add_argument("--keepalive", action="store_true",
                   help="send every stream on one kept-alive connection, as SDK clients do")
    p.add_argument("--max-tokens", type=int, default=0, help="limit each reply (short streams for TTFB runs)")
    args = p.parse_args()

    u = urlsplit(args.url)
    headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
    if args.key:
        headers["Authorization"] = "Bearer " + args.key
    for h in args.header:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    request = {"model": args.model, "messages": [{"role": "user", "content": "Say hello"}], "stream": True}
    if args.max_tokens:
        request["max_tokens"] = args.max_tokens
    body = json.dumps(request)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=60) if args.keepalive else None

    for _ in range(args.warmup):
        one_stream(u.hostname, u.port or 80, u.path, headers, body, conn)

    heads, firsts, gaps, counts, raw = [], [], [], [], []
    for _ in range(args.repeat):
        t_headers, arrivals = one_stream(u.hostname, u.port or 80, u.path, headers, body, conn)
        heads.append(t_headers * 1000)
        counts.append(len(arrivals))
        if arrivals:
            firsts.append(arrivals[0] * 1000)
        gaps.extend((b - a) * 1000 for a, b in zip(arrivals, arrivals[1:]))
        raw.append(" ".join(f"{t * 1000:.3f}" for t in arrivals))

    if args.raw:
        with open(args.raw, "w") as f:
            f.write("\n".join(raw) + "\n")

    g = sorted(gaps)
    r = lambda x: None if x is None else round(x, 2)
    print(json.dumps({
        "streams": args.repeat,
        "events_per_stream": counts,
        "headers_ms_median": r(statistics.median(heads)),
        "headers_ms_p90": r(pct(sorted(heads), 90)),
        "first_data_ms_p90": r(pct(sorted(firsts), 90)) if firsts else None,
        "first_data_ms_median": r(statistics.median(firsts)) if firsts else None,
        "gaps": len(g),
        "gap_ms_mean": r(statistics.fmean(g)) if g else None,
        "gap_ms_p50": r(pct(g, 50)),
        "gap_ms_p99": r(pct(g, 99)),
        "gap_ms_min": r(g[0]) if g else None,
        "gap_ms_max": r(g[-1]) if g else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
