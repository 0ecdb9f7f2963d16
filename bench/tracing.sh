#!/usr/bin/env bash
# Scenario g: the cost of OpenTelemetry tracing. Throughput at saturation and latency at a fixed rate
# with tracing off, on at sample ratio 1.0 and on at 0.1, exporting to a do-nothing OTLP/HTTP sink
# (bench/otlp_sink.py), on the usage-logging configuration (bench/gateway-tracing.yaml).
#
#   bench/tracing.sh                                         # 2 rounds of each mode, ~16 min
#   ROUNDS=1 WARMUP=60 SATURATION=10 DURATION=10 bench/tracing.sh  # quicker, less warm
#
# Env options (defaults in brackets): RATE [500] req/s, RATE_CONNECTIONS [10], CONNECTIONS [64] for the
# saturation run, SATURATION [15] s, DURATION [15] s at the fixed rate, WARMUP [120] s of unmeasured load
# per gateway start (C2 needs about two minutes of saturation on one core to reach the plateau; 20 s
# measured the JIT), ROUNDS [2] (each round runs off, 1.0, 0.1 in turn, so drift hits all alike),
# MOCK_PORT [9000], GATEWAY_PORT [8080], SINK_PORT [4318], SERVER_CPU [0], CLIENT_CPU [1],
# GATEHOUSE_JAR [<repo>/target/gatehouse.jar], RESULTS_DIR [bench/results].
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-10}
CONNECTIONS=${CONNECTIONS:-64}
SATURATION=${SATURATION:-15}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-120}
ROUNDS=${ROUNDS:-2}
MOCK_PORT=${MOCK_PORT:-9000}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
SINK_PORT=${SINK_PORT:-4318}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
KEY=sk-bench-master-key-0001
URL=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
MODES=(off 1.0 0.1)

log() { printf '[bench-g %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in java wrk taskset curl python3; do command -v "$tool" >/dev/null || die "missing $tool"; done
if [[ ! -f $GATEHOUSE_JAR ]]; then
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
TMP=$(mktemp -d /tmp/gatehouse-bench-g.XXXXXX)
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-tracing
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
round() { # round N MODE: MODE is off or a sample ratio
  local n=$1 mode=$2 dir=$TMP/round-$1-$2 pid sink endpoint=""
  mkdir -p "$dir"
  if [[ $mode != off ]]; then
    # The sink shares the client's CPU: it stands in for a collector on another machine.
    taskset -c "$CLIENT_CPU" python3 "$BENCH_DIR/otlp_sink.py" "$SINK_PORT" >"$RES/g-sink-$n-$mode.txt" 2>&1 &
    sink=$!
    PIDS+=("$sink")
    endpoint=http://127.0.0.1:$SINK_PORT
  fi
  BENCH_TMP=$dir BENCH_OTLP_ENDPOINT=$endpoint BENCH_SAMPLE_RATIO=$([[ $mode == off ]] && echo 1.0 || echo "$mode") \
    GATEHOUSE_MASTER_KEY=$KEY taskset -c "$SERVER_CPU" java -jar "$TMP/gatehouse.jar" serve \
    --config "$BENCH_DIR/gateway-tracing.yaml" --port "$GATEWAY_PORT" >"$RES/gateway-$n-$mode.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_up "$pid" "http://127.0.0.1:$GATEWAY_PORT/v1/models" -H "Authorization: Bearer $KEY"
  log "round $n (tracing $mode): ${WARMUP}s warm-up"
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/post.lua" "$URL" >"$RES/g-warmup-$n-$mode.txt" 2>&1
  log "round $n (tracing $mode): saturation ${SATURATION}s"
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${SATURATION}s" --latency -s "$BENCH_DIR/post.lua" "$URL" \
    >"$RES/g-saturation-$n-$mode.txt" 2>&1
  log "round $n (tracing $mode): $RATE req/s for ${DURATION}s"
  BENCH_TIMELINE=$RES/g-rate-$n-$mode taskset -c "$CLIENT_CPU" wrk -t1 -c"$RATE_CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$BENCH_DIR/rate.lua" "$URL" -- "$RATE" "$RATE_CONNECTIONS" >"$RES/g-rate-$n-$mode.txt" 2>&1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  if [[ $mode != off ]]; then
    sleep 1 # the gateway's last export on stop
    kill "$sink"
    wait "$sink" 2>/dev/null || true
  fi
}
for ((i = 1; i <= ROUNDS; i++)); do
  for mode in "${MODES[@]}"; do round "$i" "$mode"; done
done

kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }
{
  echo "# Scenario g: tracing off / on at 1.0 / on at 0.1 (saturation ${SATURATION}s at $CONNECTIONS connections; $RATE req/s for ${DURATION}s)"
  echo
  echo "| round | tracing | saturation req/s | saturation p99 ms | at $RATE req/s: p50 ms | p99 ms | max ms | non-2xx | OTLP posts |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for ((i = 1; i <= ROUNDS; i++)); do
    for mode in "${MODES[@]}"; do
      s=$RES/g-saturation-$i-$mode.txt
      f=$RES/g-rate-$i-$mode.txt
      posts=$([[ $mode == off ]] && echo - || kv "$RES/g-sink-$i-$mode.txt" posts)
      sp99=$(awk '/^ +99%/ { v=$2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$s")
      awk -v r="$i" -v m="$mode" -v srps="$(kv "$s" rps)" -v sp99="$sp99" -v p50="$(kv "$f" p50_us)" -v p99="$(kv "$f" p99_us)" \
        -v mx="$(kv "$f" max_us)" -v bad="$(kv "$f" non2xx)" -v posts="$posts" \
        'BEGIN { printf "| %s | %s | %s | %s | %.3f | %.3f | %.3f | %s | %s |\n", r, m, srps, sp99, p50 / 1000, p99 / 1000, mx / 1000, bad, posts }'
    done
  done
} | tee "$RES/summary.md"
