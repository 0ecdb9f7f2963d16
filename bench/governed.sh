#!/usr/bin/env bash
# Governance at proxy speed (issue #20): the gateway as users run it, against an nginx hop and the
# upstream itself, measured in one run with short interleaved rounds.
#
#   bench/governed.sh                                  # ~25 min with the defaults (120 s warm-up per JVM)
#   WARMUP=10 CYCLES=1 ROUND=3 LADDER=0 bench/governed.sh   # smoke test, ~2 min
#
# Targets (each a process of its own, all pinned to SERVER_CPU; clients on CLIENT_CPU):
#   direct     the upstream: nginx answering a fixed chat completion (with usage)
#   nginx      an nginx proxy_pass hop in front of it (the floor)
#   bare       gatehouse, master key, no store writes, no access log
#   governed   gatehouse, a virtual key in a team, rpm/tpm limits on key and team, a team budget,
#              usage records (SQLite + spool), JSON access log written to a file
# With LADDER=1 (default) also one feature at a time, each step adding to the previous one:
#   key (virtual key, nothing else), limits (rpm/tpm in memory), redis (the same limits in Redis;
#   skipped when redis-cli cannot ping REDIS_URL), budget (+ team budget), usage (+ usage records),
#   then governed (+ access log), and tracing (+ OTLP traces to bench/otlp_sink.py, sampled 100%).
#
# Rounds: CYCLES cycles; in each, every target gets one saturation round (wrk -c CONNECTIONS for
# ROUND s) and one fixed-rate round (RATE req/s, RATE_CONNECTIONS connections, ROUND s), in a
# shuffled order; the 1-minute load average is recorded before each round. Reported: medians over
# cycles. Streaming: time to first byte of short streams (bench/sse_timing.py, TTFB_RUNS per
# target) directly from the Java mock and through bare and governed gateways.
#
# Env options [defaults]: WARMUP [120] s of unmeasured saturation load per gateway (the JIT needs
# about two minutes on one core), CYCLES [6], ROUND [10] s, CONNECTIONS [32], RATE [500],
# RATE_CONNECTIONS [10], TTFB_RUNS [200], STREAM_WARMUP [20] s of short streams per stream target
# before its first-byte runs, LADDER [1], JFR [0] (1: a JFR recording of the governed
# gateway's measured part, profile settings, in the results), PORTKEY [0] (1: Portkey OSS as one
# more target, installed with npm into the temp dir; bench/portkey.sh), PORTKEY_VERSION [1.15.2],
# PORTKEY_EXTRA_NPM [] (more npm packages installed beside it, see Portkey-AI/gateway#1389),
# GATEWAY_JAVA_OPTS [],
# REDIS_URL [redis://127.0.0.1:6379], SERVER_CPU [0], CLIENT_CPU [1], BASE_PORT [9300],
# GATEHOUSE_JAR [<repo>/target/gatehouse.jar], RESULTS_DIR [bench/results].
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WARMUP=${WARMUP:-120}
CYCLES=${CYCLES:-6}
ROUND=${ROUND:-10}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-10}
TTFB_RUNS=${TTFB_RUNS:-200}
STREAM_WARMUP=${STREAM_WARMUP:-20}
LADDER=${LADDER:-1}
JFR=${JFR:-0}
PORTKEY=${PORTKEY:-0}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
PORTKEY_EXTRA_NPM=${PORTKEY_EXTRA_NPM:-}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-9300}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
MASTER=sk-bench-master-key-0001
CHAT_PATH=/v1/chat/completions
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'

log() { printf '[governed %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
on_client() { taskset -c "$CLIENT_CPU" "$@"; }
for tool in java wrk curl python3 taskset; do command -v "$tool" >/dev/null || die "missing $tool"; done
NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x $NGINX_BIN ]] || die "missing nginx (apt-get install -y nginx)"
[[ -f $GATEHOUSE_JAR ]] || (cd "$ROOT" && ./mvnw -q -DskipTests package)

TMP=$(mktemp -d /tmp/gatehouse-governed.XXXXXX)
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-governed
mkdir -p "$RES"
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
PIDS=()
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || true

wait_http() { # wait_http NAME PID URL [CURL-ARGS]
  local name=$1 pid=$2 url=$3 i code
  shift 3
  for ((i = 0; i < 240; i++)); do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start-up (see $RES/$name.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)
    [[ $code != 000 && -n $code ]] && return 0
    sleep 0.5
  done
  die "$name did not answer on $url"
}
kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Servers are started as "taskset ... CMD &" (taskset execs CMD), never through a shell function, so
# the PID kept is the server's own and the EXIT trap stops it.
# ---- upstreams: nginx with a fixed completion (direct), an nginx hop, the Java mock for streams ----
UP_PORT=$BASE_PORT
HOP_PORT=$((BASE_PORT + 1))
MOCK_PORT=$((BASE_PORT + 2))
SINK_PORT=$((BASE_PORT + 3))
for p in $(seq "$BASE_PORT" $((BASE_PORT + 30))); do
  [[ -z $(ss -Htln "( sport = :$p )" 2>/dev/null) ]] || die "port $p is in use (BASE_PORT moves the ports)"
done
NG=$TMP/nginx
mkdir -p "$NG"
ANSWER='{"id":"chatcmpl-bench","object":"chat.completion","created":1764900000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}'
cat >"$NG/nginx.conf" <<EOF
# generated by bench/governed.sh
worker_processes 1;
daemon off;
master_process off;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $NG/client_body;
  proxy_temp_path $NG/proxy;
  fastcgi_temp_path $NG/fastcgi;
  uwsgi_temp_path $NG/uwsgi;
  scgi_temp_path $NG/scgi;
  keepalive_requests 1000000;
  upstream u {
    server 127.0.0.1:$UP_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$UP_PORT;
    location /v1/models { default_type application/json; return 200 '{"object":"list","data":[]}'; }
    location / { default_type application/json; return 200 '$ANSWER'; }
  }
  server {
    listen 127.0.0.1:$HOP_PORT;
    location / {
      proxy_pass http://u;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
cp "$NG/nginx.conf" "$RES/nginx.conf"
taskset -c "$SERVER_CPU" "$NGINX_BIN" -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" >"$RES/nginx.log" 2>&1 &
PIDS+=($!)
wait_http nginx $! "http://127.0.0.1:$HOP_PORT/v1/models"
taskset -c "$SERVER_CPU" java -jar "$TMP/gatehouse.jar" mock --host 127.0.0.1 --port "$MOCK_PORT" --latency-ms 0 \
  --chunk-interval-ms 20 --words 24 >"$RES/mock.log" 2>&1 &
PIDS+=($!)
wait_http mock $! "http://127.0.0.1:$MOCK_PORT/v1/models"

# ---- gateways ----
REDIS_OK=0
if command -v redis-cli >/dev/null && redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; then REDIS_OK=1; fi
SINK_OK=0
# config NAME PORT USAGE ACCESS_LOG STATE TRACING: writes $TMP/NAME.yaml
config() {
  local name=$1 port=$2 usage=$3 access=$4 state=$5 tracing=$6 f=$TMP/$1.yaml
  cat >"$f" <<EOF
server:
  port: $port
  access_log: $access
providers:
  upstream:
    type: openai
    base_url: http://127.0.0.1:$UP_PORT/v1
  streamer:
    type: openai
    base_url: http://127.0.0.1:$MOCK_PORT/v1
models:
  - name: gpt-4o-mini
    provider: upstream
  - name: gpt-4o
    provider: streamer
store:
  type: sqlite
  path: $TMP/$name.db
usage:
  enabled: $usage
  spool_dir: $TMP/$name-spool
EOF
  if [[ $state == redis ]]; then
    printf 'state:\n  type: redis\n  redis_url: %s\n  namespace: bench-%s-%s\n' "$REDIS_URL" "$name" "$$" >>"$f"
  fi
  if [[ $tracing == on ]]; then
    printf 'tracing:\n  endpoint: http://127.0.0.1:%s\n  sample_ratio: 1.0\n' "$SINK_PORT" >>"$f"
  fi
  cp "$f" "$RES/$name.yaml"
}
admin() { # admin PORT METHOD PATH BODY: prints the answer, fails on a non-2xx
  curl -sf -X "$2" -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' \
    -d "$4" "http://127.0.0.1:$1$3"
}
# start_gateway NAME PORT ACCESS_LOG EXTRA-JAVA-OPTS: the gateway's stdout (its JSON log, access log
# included) goes to a file, as it would in production.
start_gateway() {
  local name=$1 port=$2 access=$3 opts=$4 level=OFF
  [[ $access == true ]] && level=INFO
  # shellcheck disable=SC2086
  env GATEHOUSE_MASTER_KEY=$MASTER GATEHOUSE_ACCESS_LOG_LEVEL=$level \
    taskset -c "$SERVER_CPU" java $GATEWAY_JAVA_OPTS $opts -jar "$TMP/gatehouse.jar" serve \
    --config "$TMP/$name.yaml" >"$RES/$name.log" 2>&1 &
  PIDS+=($!)
  wait_http "$name" $! "http://127.0.0.1:$port/readyz"
  for ((i = 0; i < 240; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz") == 200 ]] && break
    sleep 0.5
  done
}
# key_for PORT LIMITS BUDGET: a team (with the budget when BUDGET=1) and a key in it; prints the key
key_for() {
  local port=$1 limits=$2 budget=$3 team='{"team_id":"bench"' key
  [[ $limits == 1 ]] && team+=',"rpm_limit":100000000,"tpm_limit":1000000000'
  [[ $budget == 1 ]] && team+=',"max_budget":1000000,"budget_duration":"month"'
  admin "$port" POST /admin/v1/teams "$team}" >/dev/null
  key='{"team_id":"bench"'
  [[ $limits == 1 ]] && key+=',"rpm_limit":100000000,"tpm_limit":1000000000'
  admin "$port" POST /admin/v1/keys "$key}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}

# NAME USAGE ACCESS_LOG STATE TRACING LIMITS BUDGET (KEY: master or virtual)
STEPS=("bare false false memory off master 0 0" "governed true true memory off virtual 1 1")
if [[ $LADDER == 1 ]]; then
  STEPS=("bare false false memory off master 0 0"
    "key false false memory off virtual 0 0"
    "limits false false memory off virtual 1 0")
  if ((REDIS_OK)); then STEPS+=("redis false false redis off virtual 1 0"); else log "redis: no PONG from $REDIS_URL, step left out"; fi
  STEPS+=("budget false false memory off virtual 1 1"
    "usage true false memory off virtual 1 1"
    "governed true true memory off virtual 1 1"
    "tracing true true memory on virtual 1 1")
fi
# Each target: NAME URL KEY HEADERS ("-" or "Name:value|Name:value", no spaces)
TARGETS=("direct http://127.0.0.1:$UP_PORT$CHAT_PATH $MASTER -" "nginx http://127.0.0.1:$HOP_PORT$CHAT_PATH $MASTER -")
STREAM_TARGETS=("direct http://127.0.0.1:$MOCK_PORT$CHAT_PATH $MASTER -")
port=$((BASE_PORT + 10))
for step in "${STEPS[@]}"; do
  read -r name usage access state tracing who limits budget <<<"$step"
  if [[ $tracing == on && $SINK_OK == 0 ]]; then
    taskset -c "$CLIENT_CPU" python3 "$BENCH_DIR/otlp_sink.py" "$SINK_PORT" >"$RES/otlp-sink.txt" 2>&1 &
    PIDS+=($!)
    SINK_OK=1
  fi
  config "$name" "$port" "$usage" "$access" "$state" "$tracing"
  opts=""
  [[ $JFR == 1 && $name == governed ]] && opts="-XX:StartFlightRecording=settings=profile,delay=${WARMUP}s,filename=$RES/governed.jfr"
  log "starting $name on :$port"
  start_gateway "$name" "$port" "$access" "$opts"
  key=$MASTER
  [[ $who == virtual ]] && key=$(key_for "$port" "$limits" "$budget")
  code=$(curl -s -o "$RES/check-$name.json" -w '%{http_code}' -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$port$CHAT_PATH")
  [[ $code == 200 ]] || die "$name answered $code: $(head -c 300 "$RES/check-$name.json")"
  TARGETS+=("$name http://127.0.0.1:$port$CHAT_PATH $key -")
  [[ $name == bare || $name == governed ]] && STREAM_TARGETS+=("$name http://127.0.0.1:$port$CHAT_PATH $key -")
  if ((WARMUP > 0)); then
    log "warming $name up for ${WARMUP}s"
    BENCH_API_KEY=$key on_client wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/post.lua" \
      "http://127.0.0.1:$port$CHAT_PATH" >"$RES/warmup-$name.txt" 2>&1
    log "  $name at the end of warm-up: $(kv "$RES/warmup-$name.txt" rps) req/s (whole warm-up average)"
  fi
  port=$((port + 1))
done

# ---- Portkey OSS (PORTKEY=1, see bench/portkey.sh): the same upstream through its custom-host header ----
if [[ $PORTKEY == 1 ]]; then
  command -v npm >/dev/null || die "PORTKEY=1 needs node and npm"
  PK_PORT=$((BASE_PORT + 4))
  log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $TMP/portkey"
  # Its streams may fail with 500 "TypeError: immutable" (Portkey-AI/gateway#1389, a newer
  # @hono/node-server); PORTKEY_EXTRA_NPM names packages to install beside it to try a fix.
  # shellcheck disable=SC2086
  npm install --silent --no-audit --no-fund --prefix "$TMP/portkey" "@portkey-ai/gateway@$PORTKEY_VERSION" \
    $PORTKEY_EXTRA_NPM >"$RES/portkey-npm.log" 2>&1 ||
    die "npm install failed (see $RES/portkey-npm.log)"
  taskset -c "$SERVER_CPU" node "$TMP/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$PK_PORT" \
    --headless >"$RES/portkey.log" 2>&1 &
  PIDS+=($!)
  wait_http portkey $! "http://127.0.0.1:$PK_PORT/"
  pk_headers="x-portkey-provider:openai|x-portkey-custom-host:http://127.0.0.1:$UP_PORT/v1"
  code=$(curl -s -o "$RES/check-portkey.json" -w '%{http_code}' -H "Authorization: Bearer $MASTER" \
    -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$UP_PORT/v1" \
    -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PK_PORT$CHAT_PATH")
  [[ $code == 200 ]] || die "portkey answered $code: $(head -c 300 "$RES/check-portkey.json")"
  if ((WARMUP > 0)); then
    BENCH_HEADERS=$pk_headers BENCH_API_KEY=$MASTER on_client wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" \
      -s "$BENCH_DIR/post.lua" "http://127.0.0.1:$PK_PORT$CHAT_PATH" >"$RES/warmup-portkey.txt" 2>&1
  fi
  TARGETS+=("portkey http://127.0.0.1:$PK_PORT$CHAT_PATH $MASTER $pk_headers")
  STREAM_TARGETS+=("portkey http://127.0.0.1:$PK_PORT$CHAT_PATH $MASTER x-portkey-provider:openai|x-portkey-custom-host:http://127.0.0.1:$MOCK_PORT/v1")
fi

# ---- interleaved rounds ----
ROUNDS=$RES/rounds.tsv
printf 'cycle\tkind\ttarget\tload1\trps\tp50_us\tp99_us\terrors\n' >"$ROUNDS"
for ((cycle = 1; cycle <= CYCLES; cycle++)); do
  mapfile -t order < <(printf '%s\n' "${TARGETS[@]}" | shuf)
  for t in "${order[@]}"; do
    read -r name url key headers <<<"$t"
    [[ $headers != - ]] || headers=""
    for kind in saturation rate; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      out=$RES/$kind-$name-$cycle.txt
      if [[ $kind == saturation ]]; then
        BENCH_HEADERS=$headers BENCH_API_KEY=$key on_client wrk -t1 -c"$CONNECTIONS" -d"${ROUND}s" --latency -s "$BENCH_DIR/post.lua" "$url" >"$out" 2>&1 || true
      else
        BENCH_HEADERS=$headers BENCH_API_KEY=$key on_client wrk -t1 -c"$RATE_CONNECTIONS" -d"${ROUND}s" --latency -s "$BENCH_DIR/rate.lua" "$url" -- "$RATE" >"$out" 2>&1 || true
      fi
      errors=$(($(kv "$out" non2xx || echo 0) + $(kv "$out" timeouts || echo 0)))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cycle" "$kind" "$name" "$load" "$(kv "$out" rps)" \
        "$(kv "$out" p50_us)" "$(kv "$out" p99_us)" "$errors" >>"$ROUNDS"
    done
    log "cycle $cycle: $name done (load $load)"
  done
done

# ---- streaming: time to first byte ----
# Each stream target first serves STREAM_WARMUP s of short streams, so what is timed is JIT-compiled
# streaming code (the warm-up above sends no streams), as in a gateway that has been serving a while.
STREAM_BODY='{"model":"gpt-4o","messages":[{"role":"user","content":"Say hello"}],"stream":true,"max_tokens":4}'
for t in "${STREAM_TARGETS[@]}"; do
  read -r name url key headers <<<"$t"
  hargs=()
  if [[ $headers != - ]]; then
    IFS='|' read -r -a hs <<<"$headers"
    for h in "${hs[@]}"; do hargs+=(--header "$h"); done
  fi
  if ((STREAM_WARMUP > 0)); then
    BENCH_BODY=$STREAM_BODY BENCH_HEADERS=${headers/#-/} BENCH_API_KEY=$key on_client wrk -t1 -c"$CONNECTIONS" --timeout 10s \
      -d"${STREAM_WARMUP}s" -s "$BENCH_DIR/stream.lua" "$url" >"$RES/stream-warmup-$name.txt" 2>&1 || true
  fi
  on_client python3 "$BENCH_DIR/sse_timing.py" --url "$url" --key "$key" --model gpt-4o --keepalive "${hargs[@]}" \
    --max-tokens 4 --warmup 10 --repeat "$TTFB_RUNS" >"$RES/ttfb-$name.json" 2>"$RES/ttfb-$name.err" || echo '{}' >"$RES/ttfb-$name.json"
done

# ---- RSS of each gateway after the run ----
for p in "${PIDS[@]}"; do
  [[ -r /proc/$p/status ]] && grep -q serve "/proc/$p/cmdline" 2>/dev/null &&
    printf '%s %s\n' "$(tr '\0' ' ' <"/proc/$p/cmdline" | grep -o 'serve --config [^ ]*' | sed 's|.*/||')" \
      "$(awk '/VmHWM/ {print $2 " kB peak"}' "/proc/$p/status")" >>"$RES/rss.txt" || true
done

# ---- summary ----
col() { awk -F'\t' -v k="$1" -v t="$2" -v c="$3" 'NR > 1 && $2 == k && $3 == t && $c != "" { print $c }' "$ROUNDS" | median; }
S=$RES/summary.md
nginx_rps=$(col saturation nginx 5)
direct_p50=$(col rate direct 6)
direct_p99=$(col rate direct 7)
direct_ttfb=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("first_data_ms_median","n/a"))' "$RES/ttfb-direct.json" 2>/dev/null || echo n/a)
{
  echo "# Governed benchmark $(date -u +%FT%TZ)"
  echo
  echo "jar $(sha256sum "$GATEHOUSE_JAR" | cut -c1-12), git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?), $CYCLES cycles of ${ROUND}s rounds, warm-up ${WARMUP}s per gateway, load average (1 min) per round in rounds.tsv"
  echo
  echo "| target | req/s at $CONNECTIONS conns | share of the nginx hop | vs previous step | Δp50 at $RATE req/s | Δp99 at $RATE req/s | ΔTTFB median (stream) | load avg (median) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  prev=""
  for t in "${TARGETS[@]}"; do
    read -r name _ _ _ <<<"$t"
    rps=$(col saturation "$name" 5)
    p50=$(col rate "$name" 6)
    p99=$(col rate "$name" 7)
    load=$(awk -F'\t' -v t="$name" 'NR > 1 && $3 == t { print $4 }' "$ROUNDS" | median)
    share=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
    step="—"
    if [[ -n $prev && $name != direct && $name != nginx && $name != bare && $name != portkey ]]; then
      step=$(awk -v a="$rps" -v b="$prev" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    fi
    [[ $name == direct || $name == nginx || $name == portkey ]] || prev=$rps
    dp50=$(awk -v a="$p50" -v b="$direct_p50" 'BEGIN { printf "%+.2f ms", (a - b) / 1000 }')
    dp99=$(awk -v a="$p99" -v b="$direct_p99" 'BEGIN { printf "%+.2f ms", (a - b) / 1000 }')
    ttfb="—"
    if [[ -f $RES/ttfb-$name.json && $name != direct ]]; then
      ttfb=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])).get("first_data_ms_median"); b=float(sys.argv[2]); print("n/a" if a is None else "%+.2f ms" % (a - b))' "$RES/ttfb-$name.json" "$direct_ttfb" 2>/dev/null || echo n/a)
    fi
    echo "| $name | $rps | $share | $step | $dp50 | $dp99 | $ttfb | $load |"
  done
  echo
  echo "Errors (non-2xx + timeouts) summed over rounds: $(awk -F'\t' 'NR > 1 { s += $8 } END { print s + 0 }' "$ROUNDS")"
  echo
  echo "Peak RSS per gateway (VmHWM):"
  echo
  sed 's/^/    /' "$RES/rss.txt" 2>/dev/null || true
} >"$S"
cat "$S"
log "results in $RES"
