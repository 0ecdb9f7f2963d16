#!/usr/bin/env bash
# Interactive latency while a batch runs on the same deployment (issue #12): interactive chat
# requests at a fixed RATE through a deployment whose own rpm is the bottleneck, while a LINES-line
# batch (POST /v1/files + /v1/batches) runs on that deployment, with and without priorities.
#
#   bench/batch.sh                                   # ~9 min with the defaults
#   LINES=500 DURATION=10 WARMUP=5 DRAIN=5 SETTLE=3 bench/batch.sh   # smoke test, ~2 min
#
# One fresh gateway per round (its own SQLite store and batches dir), on the Java mock
# (`gatehouse mock`, MOCK_LATENCY_MS per answer) as an OpenAI provider; one model group with one
# deployment limited to RPM requests per minute and a group queue (max_wait 60s), so a request over
# the rate waits instead of failing. Rounds:
#   baseline     interactive only
#   priorities   the batch runs (its lines are `low`; the deployment's low_priority_share LOW_SHARE
#                caps them) while interactive requests run at `normal`, ahead of low in the queue
#   flat         priorities off: low_priority_share 1.0 and interactive requests sent as `low`
#                too, so batch lines and interactive requests are one class in one queue lane,
#                taken key by key in turn (batch lines always ask for `low`, so the honest way to
#                switch priorities off is to put everyone at that level with no share cap)
# Each round: WARMUP s of interactive load (unmeasured, for the JIT); DRAIN s of saturation with
# another key, so the deployment's token bucket (which starts with a whole minute of RPM as burst)
# is empty and the rate binds; the batch is created (not in baseline); SETTLE s of interactive load
# (unmeasured); then DURATION s measured: wrk at a fixed RATE (bench/rate.lua: wrk's delay() hook
# keeps a schedule; latency counts from the write, so time waiting in the gateway's queue counts).
# Lines completed during the measured window come from the batch's request_counts before and after.
#
# Env options [defaults]: RATE [200] interactive req/s; RATE_CONNECTIONS [400]; RPM [18000] the
# deployment's rpm (300/s: room for RATE plus LOW_SHARE of it); LOW_SHARE [0.2]; LINES [10000];
# BATCH_CONCURRENCY [64] (batches.concurrency); MOCK_LATENCY_MS [20]; WARMUP [60]; DRAIN [20];
# SETTLE [10]; DURATION [60]; ROUNDS ["baseline priorities flat"]; SERVER_CPU [0] (gateway and
# mock); CLIENT_CPU [1] (wrk, curl); PORT [9400] (gateway; the mock is PORT+1); GATEWAY_JAVA_OPTS
# [-Xmx1g]; GATEHOUSE_JAR [<repo>/target/gatehouse.jar]; RESULTS_DIR [bench/results].
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-200}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-400}
RPM=${RPM:-18000}
LOW_SHARE=${LOW_SHARE:-0.2}
LINES=${LINES:-10000}
BATCH_CONCURRENCY=${BATCH_CONCURRENCY:-64}
MOCK_LATENCY_MS=${MOCK_LATENCY_MS:-20}
WARMUP=${WARMUP:-60}
DRAIN=${DRAIN:-20}
SETTLE=${SETTLE:-10}
DURATION=${DURATION:-60}
ROUNDS=${ROUNDS:-"baseline priorities flat"}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-9400}
MOCK_PORT=$((PORT + 1))
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx1g}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
MASTER=sk-bench-master-key-0001
URL=http://127.0.0.1:$PORT
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'

log() { printf '[bench-batch %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
on_client() { taskset -c "$CLIENT_CPU" "$@"; }
for tool in java wrk curl python3 taskset; do command -v "$tool" >/dev/null || die "missing $tool"; done
[[ -f $GATEHOUSE_JAR ]] || die "no $GATEHOUSE_JAR (./mvnw -q -o -DskipTests package)"
for p in "$PORT" "$MOCK_PORT"; do
  ! curl -s -o /dev/null "http://127.0.0.1:$p/" || die "port $p is taken (PORT moves the ports)"
done

TMP=$(mktemp -d /tmp/gatehouse-bench-batch.XXXXXX)
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-batch
mkdir -p "$RES"
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
PIDS=()
GATEWAY_PID=
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}" $GATEWAY_PID; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}" $GATEWAY_PID; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || true

wait_ok() { # wait_ok NAME PID URL: until URL answers 200
  local i
  for ((i = 0; i < 240; i++)); do
    kill -0 "$2" 2>/dev/null || die "$1 exited during start-up (see $RES/$1.log)"
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$3" || true) == 200 ]] && return 0
    sleep 0.5
  done
  die "$1 did not answer on $3"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
admin() { # admin METHOD PATH BODY
  curl -sf -X "$1" -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' -d "$3" "$URL$2"
}

# The batch input: LINES chat completions on the same model as the interactive requests.
python3 - "$TMP/input.jsonl" "$LINES" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1, int(sys.argv[2]) + 1):
        f.write(json.dumps({"custom_id": f"req-{i}", "method": "POST", "url": "/v1/chat/completions",
                            "body": {"model": "gpt-4o-mini", "max_tokens": 16,
                                     "messages": [{"role": "user", "content": f"Say hello {i}"}]}}) + "\n")
EOF

taskset -c "$SERVER_CPU" java -jar "$TMP/gatehouse.jar" mock --host 127.0.0.1 --port "$MOCK_PORT" \
  --latency-ms "$MOCK_LATENCY_MS" --words 8 >"$RES/mock.log" 2>&1 &
PIDS+=($!)
wait_ok mock $! "http://127.0.0.1:$MOCK_PORT/v1/models"

# config ROUND SHARE: writes $TMP/ROUND.yaml
config() {
  cat >"$TMP/$1.yaml" <<EOF
# generated by bench/batch.sh
server:
  port: $PORT
  access_log: false
store:
  type: sqlite
  path: $TMP/$1.db
usage:
  spool_dir: $TMP/$1-spool
batches:
  dir: $TMP/$1-batches
  concurrency: $BATCH_CONCURRENCY
providers:
  upstream:
    type: openai
    base_url: http://127.0.0.1:$MOCK_PORT/v1
models:
  - name: gpt-4o-mini
    deployments:
      - {provider: upstream, model: gpt-4o-mini, rpm: $RPM, low_priority_share: $2}
    queue: {max_wait: 60s, max_depth: 100000}
EOF
  cp "$TMP/$1.yaml" "$RES/$1.yaml"
}

# wrk_rate OUT SECONDS KEY PRIORITY: fixed-rate interactive load
wrk_rate() {
  BENCH_BODY=$BODY BENCH_API_KEY=$3 BENCH_HEADERS="x-gatehouse-priority: $4" RATE=$RATE \
    on_client wrk -t1 -c"$RATE_CONNECTIONS" -d"$2s" --timeout 30s --latency -s "$BENCH_DIR/rate.lua" \
    "$URL/v1/chat/completions" -- "$RATE" >"$1" 2>&1 || true
}
counts() { # counts BATCH_ID KEY: "completed failed status"
  curl -s -H "Authorization: Bearer $2" "$URL/v1/batches/$1" |
    json 'd["request_counts"]["completed"], d["request_counts"]["failed"], d["status"]' | tr -d "(),'"
}
kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }

SUMMARY=$RES/summary.md
NOTES=()
{
  echo "# bench/batch.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "RATE=$RATE req/s interactive, RPM=$RPM, LOW_SHARE=$LOW_SHARE, LINES=$LINES, BATCH_CONCURRENCY=$BATCH_CONCURRENCY,"
  echo "MOCK_LATENCY_MS=$MOCK_LATENCY_MS, WARMUP=$WARMUP s, DRAIN=$DRAIN s, SETTLE=$SETTLE s, DURATION=$DURATION s,"
  echo "gateway and mock on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU, $(nproc) CPUs, load at start: $LOAD_START"
  echo
  echo "| round | interactive priority | achieved req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | batch lines done in window | batch status after |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$SUMMARY"

for round in $ROUNDS; do
  case $round in
    baseline) share=$LOW_SHARE priority=normal batch=0 ;;
    priorities) share=$LOW_SHARE priority=normal batch=1 ;;
    flat) share=1.0 priority=low batch=1 ;;
    *) die "unknown round $round (baseline, priorities, flat)" ;;
  esac
  log "round $round: starting a fresh gateway"
  config "$round" "$share"
  # shellcheck disable=SC2086
  env GATEHOUSE_MASTER_KEY=$MASTER GATEHOUSE_ACCESS_LOG_LEVEL=OFF \
    taskset -c "$SERVER_CPU" java $GATEWAY_JAVA_OPTS -jar "$TMP/gatehouse.jar" serve \
    --config "$TMP/$round.yaml" >"$RES/$round-gateway.log" 2>&1 &
  GATEWAY_PID=$!
  wait_ok "$round-gateway" "$GATEWAY_PID" "$URL/readyz"
  interactive=$(admin POST /admin/v1/keys '{"key_alias":"interactive"}' | json 'd["key"]')
  batcher=$(admin POST /admin/v1/keys '{"key_alias":"batch"}' | json 'd["key"]')
  drainer=$(admin POST /admin/v1/keys '{"key_alias":"drain"}' | json 'd["key"]')

  log "round $round: warm-up $WARMUP s at $RATE req/s"
  wrk_rate "$RES/$round-warmup.txt" "$WARMUP" "$interactive" "$priority"
  log "round $round: draining the deployment's burst for $DRAIN s"
  BENCH_BODY=$BODY BENCH_API_KEY=$drainer on_client wrk -t1 -c64 -d"${DRAIN}s" --timeout 5s \
    -s "$BENCH_DIR/post.lua" "$URL/v1/chat/completions" >"$RES/$round-drain.txt" 2>&1 || true

  batch_id=
  if ((batch)); then
    file_id=$(on_client curl -sf -H "Authorization: Bearer $batcher" -F purpose=batch \
      -F "file=@$TMP/input.jsonl" "$URL/v1/files" | json 'd["id"]')
    batch_id=$(curl -sf -H "Authorization: Bearer $batcher" -H 'Content-Type: application/json' \
      -d "{\"input_file_id\":\"$file_id\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}" \
      "$URL/v1/batches" | json 'd["id"]')
    log "round $round: batch $batch_id created"
  fi
  wrk_rate "$RES/$round-settle.txt" "$SETTLE" "$interactive" "$priority"
  before="0 0 -"
  [[ -n $batch_id ]] && before=$(counts "$batch_id" "$batcher")
  log "round $round: measuring $DURATION s at $RATE req/s (batch before: $before)"
  out=$RES/$round-measured.txt
  wrk_rate "$out" "$DURATION" "$interactive" "$priority"
  after="0 0 -"
  [[ -n $batch_id ]] && after=$(counts "$batch_id" "$batcher")
  read -r done_before failed_before _ <<<"$before"
  read -r done_after failed_after status_after <<<"$after"
  lines_done=$(((done_after + failed_after) - (done_before + failed_before)))
  [[ -z $batch_id ]] && lines_done=- status_after=-
  socket=$(($(kv "$out" connect_err) + $(kv "$out" read_err) + $(kv "$out" write_err) + $(kv "$out" timeouts)))
  ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$priority" "$(kv "$out" rps)" \
    "$(ms "$(kv "$out" p50_us)")" "$(ms "$(kv "$out" p99_us)")" "$(ms "$(kv "$out" max_us)")" \
    "$(kv "$out" non2xx)" "$socket" "$lines_done" "$status_after" >>"$SUMMARY"
  log "round $round: $(grep '^RESULT' "$out" || echo 'no RESULT line')"
  if [[ -n $batch_id && $status_after != in_progress ]]; then
    NOTES+=("$round: the batch was $status_after by the end of the window, so it did not run through all of it (raise LINES)")
  fi

  kill "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
  GATEWAY_PID=
done

{
  echo
  for note in "${NOTES[@]}"; do echo "- $note"; done
  echo
  echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg). Raw wrk output, configs and gateway logs: $RES"
} >>"$SUMMARY"
cat "$SUMMARY"
