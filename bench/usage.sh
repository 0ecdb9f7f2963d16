#!/usr/bin/env bash
# Scenario f: request latency at a fixed rate with usage logging on and off (see bench/README.md).
#
#   bench/usage.sh                               # 4 rounds (off, on, off, on), ~3 min
#   ROUNDS=2 DURATION=10 WARMUP=20 bench/usage.sh  # quicker
#
# Env options (defaults in brackets): RATE [500] req/s, RATE_CONNECTIONS [10], DURATION [20] s measured
# per round, WARMUP [30] s of unmeasured closed-loop load per gateway start, ROUNDS [4] (alternating
# off/on, so drift of the machine hits both alike), MOCK_PORT [9000], GATEWAY_PORT [8080],
# SERVER_CPU [0], CLIENT_CPU [1], GATEWAY_JAVA_OPTS [] (e.g. -Xlog:gc:file=gc.log), GATEHOUSE_JAR [<repo>/target/gatehouse.jar], RESULTS_DIR [bench/results].
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-10}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-4}
MOCK_PORT=${MOCK_PORT:-9000}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
KEY=sk-bench-master-key-0001
URL=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions

log() { printf '[bench-f %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in java wrk taskset curl python3; do command -v "$tool" >/dev/null || die "missing $tool"; done
if [[ ! -f $GATEHOUSE_JAR ]]; then
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
TMP=$(mktemp -d /tmp/gatehouse-bench-f.XXXXXX)
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-usage
mkdir -p "$RES"
PIDS=()
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # wait_up PID URL [CURL-ARGS]
  local pid=$1 url=$2 i
  shift 2
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited (see $RES)"
    curl -sf -o /dev/null "$@" "$url" && return 0
    sleep 0.1
  done
  die "$url did not answer"
}

taskset -c "$SERVER_CPU" java -jar "$TMP/gatehouse.jar" mock --host 127.0.0.1 --port "$MOCK_PORT" --latency-ms 0 \
  --chunk-interval-ms 20 --words 24 >"$RES/mock.log" 2>&1 &
MOCK_PID=$!
PIDS+=("$MOCK_PID")
wait_up "$MOCK_PID" "http://127.0.0.1:$MOCK_PORT/v1/models"

export BENCH_API_KEY=$KEY BENCH_MOCK_PORT=$MOCK_PORT RATE
round() { # round N on|off
  local n=$1 mode=$2 dir=$TMP/round-$1 pid f
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
  BENCH_TMP=$dir BENCH_USAGE=$([[ $mode == on ]] && echo true || echo false) GATEHOUSE_MASTER_KEY=$KEY \
    taskset -c "$SERVER_CPU" java $GATEWAY_JAVA_OPTS -jar "$TMP/gatehouse.jar" serve --config "$BENCH_DIR/gateway-usage.yaml" \
    --port "$GATEWAY_PORT" >"$RES/gateway-$n-$mode.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_up "$pid" "http://127.0.0.1:$GATEWAY_PORT/v1/models" -H "Authorization: Bearer $KEY"
  log "round $n ($mode): ${WARMUP}s warm-up"
  taskset -c "$CLIENT_CPU" wrk -t1 -c64 -d"${WARMUP}s" -s "$BENCH_DIR/post.lua" "$URL" >"$RES/f-warmup-$n-$mode.txt" 2>&1
  f=$RES/f-rate-$n-$mode.txt
  log "round $n ($mode): $RATE req/s for ${DURATION}s"
  # BENCH_TIMELINE keeps each non-2xx answer's status and body (f-rate-N-MODE-non2xx.txt).
  BENCH_TIMELINE=${f%.txt} taskset -c "$CLIENT_CPU" wrk -t1 -c"$RATE_CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$BENCH_DIR/rate.lua" "$URL" -- "$RATE" "$RATE_CONNECTIONS" >"$f" 2>&1
  curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$GATEWAY_PORT/admin/v1/health" >"$RES/f-health-$n-$mode.json" || true
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  if [[ $mode == on ]]; then
    python3 - "$dir/gatehouse.db" >"$RES/f-records-$n.txt" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM usage_records").fetchone()[0])
PY
  fi
}
for ((i = 1; i <= ROUNDS; i++)); do
  if ((i % 2)); then round "$i" off; else round "$i" on; fi
done

kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }
{
  echo "# Scenario f: usage logging on vs off, $RATE req/s for ${DURATION}s per round"
  echo
  echo "| round | usage | achieved req/s | p50 ms | p99 ms | max ms | non-2xx | records stored |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for ((i = 1; i <= ROUNDS; i++)); do
    mode=$( ((i % 2)) && echo off || echo on)
    f=$RES/f-rate-$i-$mode.txt
    recs=$([[ $mode == on ]] && cat "$RES/f-records-$i.txt" || echo -)
    awk -v r="$i" -v m="$mode" -v rps="$(kv "$f" rps)" -v p50="$(kv "$f" p50_us)" -v p99="$(kv "$f" p99_us)" \
      -v mx="$(kv "$f" max_us)" -v bad="$(kv "$f" non2xx)" -v recs="$recs" \
      'BEGIN { printf "| %s | %s | %s | %.3f | %.3f | %.3f | %s | %s |\n", r, m, rps, p50 / 1000, p99 / 1000, mx / 1000, bad, recs }'
  done
} | tee "$RES/summary.md"
