#!/usr/bin/env python3
"""Hold many concurrent streaming chat completions open (scenario d of bench/run.sh).

Opens --streams connections to --url, sends one streaming chat completion on each (plain HTTP/1.1
over asyncio, no third-party packages), reads every response to its end and checks it: status 200,
text/event-stream, at least one `data:` chunk, terminated by `data: [DONE]`. While it runs it writes
one progress line per second to stderr; at the end it prints one JSON object on stdout, e.g.

  {"streams": 1000, "ok": 1000, "failed": 0, "peak_open": 1000, "all_open_at_s": 0.9, ...}

Times are measured per stream from the moment it starts connecting (connections are opened
--connect-parallel at a time): `headers_s_*` until its response headers, `stream_s_*` until
`[DONE]`. `peak_open` is the client's own count of streams that had their response headers and were not yet
finished; bench/run.sh cross-checks it against `ss` on the gateway port. Exit status is 0 when every
stream completed correctly, 1 otherwise. Everything is bounded by --timeout.
"""

import argparse
import asyncio
import json
import os
import sys
import time
from urllib.parse import urlsplit


class Stats:
    def __init__(self):
        self.connected = 0
        self.open = 0
        self.peak_open = 0
        self.all_open_at = None
        self.ok = 0
        self.failed = 0
        self.chunks = 0
        self.errors = {}
        self.durations = []
        self.headers_at = []

    def fail(self, reason):
        self.failed += 1
        self.errors[reason] = self.errors.get(reason, 0) + 1


async def read_chunked(reader):
    """Yields the decoded body of a chunked response piece by piece."""
    while True:
        size_line = await reader.readline()
        if not size_line:
            raise ConnectionError("eof in chunk size")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            # trailers until the empty line
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    return
        data = await reader.readexactly(size)
        await reader.readexactly(2)
        yield data


async def read_plain(reader, length):
    if length is None:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            yield data
    else:
        left = length
        while left > 0:
            data = await reader.read(min(left, 65536))
            if not data:
                raise ConnectionError("eof in body")
            left -= len(data)
            yield data


async def one_stream(i, args, host, port, path, body, stats, connect_gate, start):
    writer = None
    counted_open = False
    t0 = time.perf_counter()
    try:
        async with connect_gate:
            reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
        stats.connected += 1
        head = (
            f"POST {path} HTTP/1.1\r\n"
            f"Host: {host}:{port}\r\n"
            "Content-Type: application/json\r\n"
            "Accept: text/event-stream\r\n"
            + (f"Authorization: Bearer {args.key}\r\n" if args.key else "")
            + f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        writer.write(head + body)
        await writer.drain()

        status_line = await reader.readline()
        parts = status_line.split()
        if len(parts) < 2:
            stats.fail("no status line")
            return
        status = int(parts[1])
        headers = {}
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                stats.fail("eof in headers")
                return
            k, _, v = line.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        if status != 200:
            stats.fail(f"status {status}")
            return
        if not headers.get("content-type", "").startswith("text/event-stream"):
            stats.fail("content-type " + headers.get("content-type", "(none)"))
            return

        stats.open += 1
        counted_open = True
        stats.headers_at.append(time.perf_counter() - t0)
        if stats.open > stats.peak_open:
            stats.peak_open = stats.open
            if stats.peak_open == args.streams and stats.all_open_at is None:
                stats.all_open_at = time.perf_counter() - start

        if headers.get("transfer-encoding", "").lower() == "chunked":
            pieces = read_chunked(reader)
        else:
            cl = headers.get("content-length")
            pieces = read_plain(reader, int(cl) if cl else None)
        buf = b""
        chunks = 0
        done = False
        async for piece in pieces:
            buf += piece
            *lines, buf = buf.split(b"\n")
            for line in lines:
                line = line.rstrip(b"\r")
                if not line.startswith(b"data:"):
                    continue
                payload = line[5:].strip()
                if payload == b"[DONE]":
                    done = True
                else:
                    chunks += 1
                    stats.chunks += 1
                    if b'"error"' in payload[:20]:
                        stats.fail("error event")
                        return
        if not done:
            stats.fail("ended without [DONE]")
        elif chunks == 0:
            stats.fail("no data chunks")
        else:
            stats.ok += 1
            stats.durations.append(time.perf_counter() - t0)
    except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError) as e:
        stats.fail(type(e).__name__)
    except asyncio.CancelledError:
        stats.fail("unfinished at timeout")
        raise
    finally:
        if counted_open:
            stats.open -= 1
        if writer is not None:
            writer.close()


async def progress(stats, start):
    while True:
        await asyncio.sleep(1)
        print(
            f"[streams] t={time.perf_counter() - start:5.1f}s connected={stats.connected} open={stats.open} "
            f"ok={stats.ok} failed={stats.failed} chunks={stats.chunks}",
            file=sys.stderr,
            flush=True,
        )


async def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8080/v1/chat/completions")
    p.add_argument("--streams", type=int, default=1000)
    p.add_argument("--key", default=os.environ.get("BENCH_API_KEY", ""))
    p.add_argument("--model", default="gpt-4o-mini")
    p.add_argument("--connect-parallel", type=int, default=100, help="connections being opened at once")
    p.add_argument("--timeout", type=float, default=90.0, help="give up on unfinished streams after this many s")
    args = p.parse_args()

    u = urlsplit(args.url)
    host, port, path = u.hostname, u.port or 80, u.path or "/"
    body = json.dumps(
        {"model": args.model, "messages": [{"role": "user", "content": "Say hello"}], "stream": True}
    ).encode()

    stats = Stats()
    gate = asyncio.Semaphore(args.connect_parallel)
    start = time.perf_counter()
    ticker = asyncio.create_task(progress(stats, start))
    tasks = [
        asyncio.create_task(one_stream(i, args, host, port, path, body, stats, gate, start))
        for i in range(args.streams)
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.timeout)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=5)
    ticker.cancel()

    d = sorted(stats.durations)
    h = sorted(stats.headers_at)
    result = {
        "streams": args.streams,
        "ok": stats.ok,
        "failed": stats.failed,
        "errors": stats.errors,
        "peak_open": stats.peak_open,
        "all_open_at_s": None if stats.all_open_at is None else round(stats.all_open_at, 2),
        "chunks": stats.chunks,
        "headers_s_median": round(h[len(h) // 2], 2) if h else None,
        "headers_s_max": round(h[-1], 2) if h else None,
        "stream_s_median": round(d[len(d) // 2], 2) if d else None,
        "stream_s_max": round(d[-1], 2) if d else None,
        "elapsed_s": round(time.perf_counter() - start, 2),
    }
    print(json.dumps(result), flush=True)
    return 0 if stats.ok == args.streams else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
