#!/usr/bin/env bash
# Gatehouse benchmark harness. See bench/README.md for what each scenario measures.
#
#   bench/run.sh                                   # full run (~6-7 min with the defaults)
#   DURATION=3 WARMUP=2 STREAMS=200 OUTAGE_DURATION=12 OUTAGE_WARMUP=5 bench/run.sh   # smoke test (~2 min)
#
# Layout: the gateway, the mock upstream and nginx are pinned to one core (taskset -c 0), every
# load generator / client to the other (taskset -c 1). Only 127.0.0.1 is used. Everything started
# here is stopped by the EXIT trap. Results go to bench/results/<timestamp>/ (summary.md + raw files).
#
# Env options (defaults in brackets):
#   DURATION [15]        seconds of each measured wrk run (scenarios a and b)
#   WARMUP [90]          at most this many seconds of unmeasured wrk load per scenario-a target,
#                        in WARMUP_SLICE [5] s runs, stopping early once 3 runs in a row agree
#                        within 5% (0: no warm-up)
#   RATE [500]           target req/s of scenario b
#   RATE_CONNECTIONS [10] wrk connections of scenario b
#   CONNECTIONS [64]     wrk connections of scenario a
#   TTFB_RUNS [50]       curl runs per target for time to first byte (scenario c)
#   STREAM_WARMUP_S [20] seconds of closed-loop short streams per target before scenario c, so
#                        both JVMs (mock and gateway) measure JIT-compiled streaming code
#   PACING_STREAMS [3]   streams per target whose data: arrival times are recorded (scenario c)
#   STREAMS [1000]       concurrent streams of scenario d
#   MEM_CLIENT [python]  scenario-d client: python (bench/streams.py, checks each stream) or wrk
#   MEM_CHUNK_INTERVAL_MS [500], MEM_WORDS [40]   the slow mock of scenario d (~20 s per stream)
#   MEM_JAVA_OPTS []         JVM options of the fresh gateway of scenario d (none: the README's command,
#                            where serve gives itself -Xms32m; -Xms... or -Xmx... choose your own)
#   GATEWAY_JAVA_OPTS []     JVM options of the gateway in scenarios a-c
#   GATEWAY_INSTANCES []     --instances for the gateway (unset: the gateway's default, one
#                            event loop per available core, i.e. 1 under taskset -c 0)
#   OUTAGE_DURATION [30]  seconds of the scenario-e run at RATE req/s; the primary mock is killed
#                        (kill -9) at 1/3 and restarted at 2/3
#   OUTAGE_WARMUP [10]   seconds of unmeasured load at RATE on the backup mock directly, then as
#                        long through the scenario-e gateway (to the primary), before measuring
#   OUTAGE_CONNECTIONS [20]  wrk connections of scenario e
#   OUTAGE_JAVA_OPTS [$GATEWAY_JAVA_OPTS]  JVM options of the scenario-e gateway
#   SKIP_SATURATION=1, SKIP_LATENCY=1, SKIP_STREAMING=1, SKIP_MEMORY=1, SKIP_OUTAGE=1  leave out
#                        scenario a / b / c / d / e; SKIP_NGINX=1 leaves out the nginx run of a
#   MOCK_PORT [9000], GATEWAY_PORT [8080], NGINX_PORT [8081], BACKUP_PORT [9001] (scenario e's
#                        second mock; the first one uses MOCK_PORT)
#   SERVER_CPU [0], CLIENT_CPU [1]
#   GATEHOUSE_JAR [<repo>/target/gatehouse.jar, built with ./mvnw if missing]
#   RESULTS_DIR [bench/results]
#   ACCESS_LOG_LEVEL [OFF]   GATEHOUSE_ACCESS_LOG_LEVEL for the gateway (INFO: access log on)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-90}
WARMUP_SLICE=${WARMUP_SLICE:-5}
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-10}
CONNECTIONS=${CONNECTIONS:-64}
TTFB_RUNS=${TTFB_RUNS:-50}
TTFB_WARMUP=${TTFB_WARMUP:-10}
STREAM_WARMUP_S=${STREAM_WARMUP_S:-20}
PACING_STREAMS=${PACING_STREAMS:-3}
STREAMS=${STREAMS:-1000}
MEM_CLIENT=${MEM_CLIENT:-python}
MEM_CHUNK_INTERVAL_MS=${MEM_CHUNK_INTERVAL_MS:-500}
MEM_WORDS=${MEM_WORDS:-40}
MEM_JAVA_OPTS=${MEM_JAVA_OPTS-}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
GATEWAY_INSTANCES=${GATEWAY_INSTANCES:-}
OUTAGE_DURATION=${OUTAGE_DURATION:-30}
OUTAGE_WARMUP=${OUTAGE_WARMUP:-10}
OUTAGE_CONNECTIONS=${OUTAGE_CONNECTIONS:-20}
OUTAGE_JAVA_OPTS=${OUTAGE_JAVA_OPTS-$GATEWAY_JAVA_OPTS}
SKIP_SATURATION=${SKIP_SATURATION:-0}
SKIP_LATENCY=${SKIP_LATENCY:-0}
SKIP_STREAMING=${SKIP_STREAMING:-0}
SKIP_MEMORY=${SKIP_MEMORY:-0}
SKIP_OUTAGE=${SKIP_OUTAGE:-0}
SKIP_NGINX=${SKIP_NGINX:-0}
# nginx is only the reference of scenario a
[[ $SKIP_SATURATION != 1 ]] || SKIP_NGINX=1
MOCK_PORT=${MOCK_PORT:-9000}
BACKUP_PORT=${BACKUP_PORT:-9001}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
NGINX_PORT=${NGINX_PORT:-8081}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
# gateway.yaml says access_log: false; the logger level is set off as well so that a config that
# turns it on cannot fill the disk during a long run (INFO measures the gateway with its log on).
ACCESS_LOG_LEVEL=${ACCESS_LOG_LEVEL:-OFF}

KEY=sk-bench-master-key-0001
CHAT_PATH=/v1/chat/completions
MOCK_URL=http://127.0.0.1:$MOCK_PORT$CHAT_PATH
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT$CHAT_PATH
NGINX_URL=http://127.0.0.1:$NGINX_PORT$CHAT_PATH
BACKUP_URL=http://127.0.0.1:$BACKUP_PORT$CHAT_PATH
CHAT_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
# TTFB runs read short streams (role chunk + a few words) so 2 x TTFB_RUNS streams stay quick.
TTFB_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"stream":true,"max_tokens":4}'

export BENCH_API_KEY=$KEY        # read by the Lua scripts and streams.py
export BENCH_MOCK_PORT=$MOCK_PORT  # read by gateway.yaml and gateway-failover.yaml
export BENCH_BACKUP_PORT=$BACKUP_PORT      # read by gateway-failover.yaml
export BENCH_GATEWAY_PORT=$GATEWAY_PORT    # not read by the configs (numbers take no ${...}); --port moves the listener
export RATE

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
WARNINGS=()
warn() { log "WARNING: $*"; WARNINGS+=("$*"); }

on_client() { taskset -c "$CLIENT_CPU" "$@"; }

# ---------------------------------------------------------------------------------------------
# Preconditions

missing=()
for tool in java curl python3 taskset ss wrk; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ $SKIP_NGINX != 1 ]] && ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  missing+=(nginx)
fi
if ((${#missing[@]})); then
  log "missing: ${missing[*]}"
  if [[ " ${missing[*]} " == *" wrk "* || " ${missing[*]} " == *" nginx "* ]]; then
    log "install the load generator and the reference proxy with:  apt-get install -y wrk nginx"
    log "(or run with SKIP_NGINX=1 to leave out the nginx comparison)"
  fi
  exit 1
fi
NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

ncpu=$(nproc --all)
((ncpu >= 2)) || warn "only $ncpu CPU(s): server and client cores overlap, numbers mean little"
for c in "$SERVER_CPU" "$CLIENT_CPU"; do
  taskset -c "$c" true 2>/dev/null || die "cannot pin to CPU $c (taskset -c $c failed)"
done

if [[ ! -f $GATEHOUSE_JAR ]]; then
  if [[ $GATEHOUSE_JAR == "$ROOT/target/gatehouse.jar" ]]; then
    log "building $GATEHOUSE_JAR (./mvnw -q -DskipTests package)"
    (cd "$ROOT" && ./mvnw -q -DskipTests package)
  fi
  [[ -f $GATEHOUSE_JAR ]] || die "no jar at $GATEHOUSE_JAR"
fi

port_busy() { [[ -n $(ss -Htln "( sport = :$1 )" 2>/dev/null) ]]; }
ports=("$MOCK_PORT" "$GATEWAY_PORT")
[[ $SKIP_NGINX == 1 ]] || ports+=("$NGINX_PORT")
[[ $SKIP_OUTAGE == 1 ]] || ports+=("$BACKUP_PORT")
for p in "${ports[@]}"; do
  if port_busy "$p"; then die "port $p is already in use (set MOCK_PORT / GATEWAY_PORT / NGINX_PORT / BACKUP_PORT)"; fi
done

# Scenario d holds 2 sockets per stream in the gateway (client + upstream), and as many in the
# client and the mock; they inherit this limit.
want_fds=65536
ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $SKIP_MEMORY != 1 ]] && (($(ulimit -n) < 2 * STREAMS + 512)); then
  warn "open-file limit $(ulimit -n) is low for STREAMS=$STREAMS"
fi

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything started in the background is recorded and stopped on exit.

TMP=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
PIDS=()
STOP_FILE=$TMP/stop-sampler

stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

forget_pid() {
  local keep=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  touch "$STOP_FILE" 2>/dev/null || true
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# start_bg LOGFILE CMD... : runs CMD in the background, sets BG_PID.
start_bg() {
  local logfile=$1
  shift
  "$@" >"$logfile" 2>&1 &
  BG_PID=$!
  PIDS+=("$BG_PID")
}

# wait_http NAME PID LOG URL [CURL-ARGS...]: waits until URL answers with any HTTP status.
wait_http() {
  local name=$1 pid=$2 logfile=$3 url=$4 i code
  shift 4
  for ((i = 0; i < 120; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2 || true; die "$name exited during startup"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)
    [[ $code != 000 && -n $code ]] && return 0
    sleep 0.5
  done
  tail -n 30 "$logfile" >&2 || true
  die "$name did not answer on $url within 60 s"
}

JAR=$TMP/gatehouse.jar
cp "$GATEHOUSE_JAR" "$JAR" # a rebuild of target/ during the run must not swap the jar under us

start_mock() { # start_mock NAME PORT EXTRA-ARGS... : sets MOCK_PID
  local name=$1 port=$2
  shift 2
  # taskset execs java, so the recorded PID is the JVM itself (not a wrapper shell)
  start_bg "$RES/$name.log" taskset -c "$SERVER_CPU" java -jar "$JAR" mock --host 127.0.0.1 --port "$port" --latency-ms 0 "$@"
  MOCK_PID=$BG_PID
  wait_http mock "$MOCK_PID" "$RES/$name.log" "http://127.0.0.1:$port/v1/models"
}

start_gateway() { # start_gateway NAME JAVA-OPTS [CONFIG] : sets GW_PID
  local name=$1 opts=$2 config=${3:-$BENCH_DIR/gateway.yaml} extra=()
  [[ -z $GATEWAY_INSTANCES ]] || extra=(--instances "$GATEWAY_INSTANCES")
  # shellcheck disable=SC2086 # opts is a list of JVM options
  start_bg "$RES/$name.log" env GATEHOUSE_MASTER_KEY=$KEY GATEHOUSE_ACCESS_LOG_LEVEL="$ACCESS_LOG_LEVEL" \
    taskset -c "$SERVER_CPU" java $opts -jar "$JAR" serve --config "$config" \
    --port "$GATEWAY_PORT" "${extra[@]}"
  GW_PID=$BG_PID
  wait_http gateway "$GW_PID" "$RES/$name.log" "http://127.0.0.1:$GATEWAY_PORT/v1/models" \
    -H "Authorization: Bearer $KEY"
}

stop_bg() { stop_pid "$1"; forget_pid "$1"; }

# check_chat NAME URL: one request before measuring; the target must answer 200 with a completion.
check_chat() {
  local name=$1 url=$2 out code
  out=$RES/check-$name.txt
  code=$(curl -s -o "$out" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $KEY" -d "$CHAT_BODY" "$url" || true)
  [[ $code == 200 ]] && grep -q '"chat.completion"' "$out" ||
    die "$name: POST $url answered HTTP $code, not a chat completion: $(head -c 300 "$out")"
}

# ---------------------------------------------------------------------------------------------
# Helpers for numbers

kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; } # kv FILE KEY (from a RESULT line)
calc() { awk "BEGIN { printf \"$1\", $2 }" 2>/dev/null || echo "n/a"; }    # calc FORMAT EXPR
ratio() { [[ -n $1 && -n $2 && $2 != 0 && $2 != 0.0 ]] && calc "%.2f" "$1 / $2" || echo "n/a"; }
us_to_ms() { [[ -n $1 ]] && calc "%.2f" "$1 / 1000" || echo "n/a"; }
jget() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("n/a" if v is None else v)' "$1" "$2" 2>/dev/null || echo "n/a"; }

# wrk_errors FILE: total socket errors + non-2xx, "" if the RESULT line is missing
wrk_errors() {
  local f=$1
  [[ -n $(kv "$f" requests) ]] || { echo ""; return; }
  echo $(($(kv "$f" non2xx) + $(kv "$f" connect_err) + $(kv "$f" read_err) + $(kv "$f" write_err) + $(kv "$f" timeouts)))
}

check_wrk() { # check_wrk LABEL FILE
  local errs
  errs=$(wrk_errors "$2")
  if [[ -z $errs ]]; then
    warn "$1: wrk printed no RESULT line (see $(basename "$2"))"
  elif ((errs > 0)); then
    warn "$1: $errs errors (non-2xx $(kv "$2" non2xx), connect $(kv "$2" connect_err), read $(kv "$2" read_err), write $(kv "$2" write_err), timeouts $(kv "$2" timeouts))"
  fi
}

# median_p90_ms FILE: FILE has one value in seconds per line -> "median p90" in ms
median_p90_ms() {
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a n/a"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    k = int(0.9 * NR); if (k < 0.9 * NR) k++
    printf "%.2f %.2f\n", m * 1000, v[k] * 1000 }'
}

jvm_flags() { # jvm_flags PID OUT: records the running JVM's flags, prints "GC, heap min/max"
  local pid=$1 out=$2 gc xmx xms
  timeout 20 jcmd "$pid" VM.flags >"$out" 2>&1 || { echo "n/a"; return 0; }
  gc=$(grep -o -- '-XX:+Use[A-Za-z]*GC' "$out" | head -n 1 | sed 's/-XX:+Use//' || true)
  xms=$(grep -o -- '-XX:InitialHeapSize=[0-9]*' "$out" | head -n 1 | cut -d= -f2 || true)
  xmx=$(grep -o -- '-XX:MaxHeapSize=[0-9]*' "$out" | head -n 1 | cut -d= -f2 || true)
  echo "${gc:-?}, InitialHeapSize $(calc "%.0f" "${xms:-0} / 1048576") MB, MaxHeapSize $(calc "%.0f" "${xmx:-0} / 1048576") MB"
}

# ---------------------------------------------------------------------------------------------

STAMP=$(date +%Y%m%d-%H%M%S)
RES=$RESULTS_DIR/$STAMP
mkdir -p "$RES"
cp "$BENCH_DIR/gateway.yaml" "$RES/"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
JAR_SHA=$(sha256sum "$JAR" | cut -c1-12)
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
log "results in $RES"
log "jar $GATEHOUSE_JAR (sha256 $JAR_SHA), server CPU $SERVER_CPU, client CPU $CLIENT_CPU, load $LOAD_START"

# ============================== a/b/c: mock on 20 ms chunks ==============================
RUN_ABC=0
[[ $SKIP_SATURATION == 1 && $SKIP_LATENCY == 1 && $SKIP_STREAMING == 1 ]] || RUN_ABC=1
GW_JVM="n/a (not started)"
if ((RUN_ABC)); then
  start_mock mock "$MOCK_PORT" --chunk-interval-ms 20 --words 24
  start_gateway gateway "$GATEWAY_JAVA_OPTS"
  GW_JVM=$(jvm_flags "$GW_PID" "$RES/gateway-vm-flags.txt")
  check_chat mock "$MOCK_URL"
  check_chat gateway "$GATEWAY_URL"
fi

NGINX_PID=""
if [[ $SKIP_NGINX != 1 ]]; then
  NG=$TMP/nginx
  mkdir -p "$NG"
  cat >"$NG/nginx.conf" <<EOF
# generated by bench/run.sh: one worker, reverse proxy with upstream keepalive to the mock
worker_processes 1;
daemon off;
master_process off;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $NG/client_body;
  proxy_temp_path $NG/proxy;
  fastcgi_temp_path $NG/fastcgi;
  uwsgi_temp_path $NG/uwsgi;
  scgi_temp_path $NG/scgi;
  keepalive_requests 100000;   # as the gateway: do not recycle client connections mid-run
  upstream u {
    server 127.0.0.1:$MOCK_PORT;
    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://u;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  cp "$NG/nginx.conf" "$RES/nginx.conf"
  "$NGINX_BIN" -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" -t >"$RES/nginx-test.log" 2>&1 ||
    { cat "$RES/nginx-test.log" >&2; die "nginx rejected the generated config"; }
  start_bg "$RES/nginx.log" taskset -c "$SERVER_CPU" "$NGINX_BIN" -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf"
  NGINX_PID=$BG_PID
  wait_http nginx "$NGINX_PID" "$RES/nginx.log" "http://127.0.0.1:$NGINX_PORT/v1/models"
  check_chat nginx "$NGINX_URL"
fi

# ---- a. saturation ----
# All targets are warmed up first (the JIT of both JVMs, and the mock through every path), then
# measured one after another.
SAT_TARGETS=("direct $MOCK_URL" "gateway $GATEWAY_URL")
[[ $SKIP_NGINX == 1 ]] || SAT_TARGETS+=("nginx $NGINX_URL")
# warm_up NAME URL: unmeasured wrk runs of WARMUP_SLICE seconds until the last three agree within
# 5% (JIT compilation on the one shared server core takes the gateway tens of seconds), at most
# WARMUP seconds in all. Every slice's result is kept in a-warmup-NAME.txt.
warm_up() {
  local name=$1 url=$2 left=$WARMUP slice n=0 rates=() cur
  local f=$RES/a-warmup-$name.txt
  : >"$f"
  while ((left > 0)); do
    slice=$((left < WARMUP_SLICE ? left : WARMUP_SLICE))
    on_client wrk -t1 -c"$CONNECTIONS" -d"${slice}s" -s "$BENCH_DIR/post.lua" "$url" >>"$f" 2>&1
    left=$((left - slice))
    n=$((n + 1))
    cur=$(kv "$f" rps)
    rates+=("${cur:-0}")
    log "a. warm-up $name, slice $n (${slice}s): ${cur:-?} req/s"
    if ((n >= 3)) && awk -v a="${rates[n - 3]}" -v b="${rates[n - 2]}" -v c="${rates[n - 1]}" 'BEGIN {
        lo = a; if (b < lo) lo = b; if (c < lo) lo = c
        hi = a; if (b > hi) hi = b; if (c > hi) hi = c
        exit !(lo > 0 && hi <= 1.05 * lo) }'; then
      return 0
    fi
  done
  ((WARMUP < 3 * WARMUP_SLICE)) || warn "a. $name: throughput still changing after ${WARMUP}s of warm-up (${rates[*]} req/s)"
}
if [[ $SKIP_SATURATION != 1 ]]; then
  if ((WARMUP > 0)); then
    for t in "${SAT_TARGETS[@]}"; do warm_up "${t%% *}" "${t#* }"; done
  fi
  for t in "${SAT_TARGETS[@]}"; do
    log "a. saturation ${DURATION}s: ${t%% *}"
    on_client wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH_DIR/post.lua" "${t#* }" >"$RES/a-saturation-${t%% *}.txt" 2>&1
    check_wrk "a. ${t%% *}" "$RES/a-saturation-${t%% *}.txt"
  done
fi
if [[ -n $NGINX_PID ]]; then
  stop_bg "$NGINX_PID"
  cp "$NG/error.log" "$RES/nginx-error.log" 2>/dev/null || true
fi

# ---- b. latency at a fixed rate ----
fixed_rate() { # fixed_rate NAME URL
  local name=$1 url=$2 achieved
  local f=$RES/b-rate-$name.txt
  log "b. ${RATE} req/s for ${DURATION}s: $name"
  on_client wrk -t1 -c"$RATE_CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH_DIR/rate.lua" "$url" -- "$RATE" "$RATE_CONNECTIONS" >"$f" 2>&1
  check_wrk "b. $name" "$f"
  achieved=$(kv "$f" rps)
  log "b. $name: achieved ${achieved:-?} req/s (target $RATE), p50 $(kv "$f" p50_us) us, p99 $(kv "$f" p99_us) us"
  if [[ -n $achieved ]] && awk "BEGIN { exit !($achieved < 0.95 * $RATE || $achieved > 1.05 * $RATE) }"; then
    warn "b. $name: achieved $achieved req/s, more than 5% off the target $RATE"
  fi
}
if [[ $SKIP_LATENCY != 1 ]]; then
  fixed_rate direct "$MOCK_URL"
  fixed_rate gateway "$GATEWAY_URL"
fi

# ---- c. streaming: TTFB and pacing ----
ttfb() { # ttfb NAME URL
  local name=$1 url=$2 i line bad=0
  local raw=$RES/c-ttfb-$name.txt
  : >"$raw"
  log "c. TTFB x$TTFB_RUNS (after $TTFB_WARMUP unrecorded): $name"
  for ((i = 0; i < TTFB_WARMUP + TTFB_RUNS; i++)); do
    line=$(on_client curl -N -s -o /dev/null --max-time 30 -w '%{http_code} %{time_starttransfer}' \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" -d "$TTFB_BODY" "$url" || true)
    [[ ${line%% *} == 200 ]] || bad=$((bad + 1))
    ((i < TTFB_WARMUP)) || echo "${line#* }" >>"$raw"
  done
  ((bad == 0)) || warn "c. $name: $bad of $((TTFB_WARMUP + TTFB_RUNS)) streaming requests did not answer 200"
}
pacing() { # pacing NAME URL
  local name=$1 url=$2
  log "c. pacing of $PACING_STREAMS stream(s): $name"
  if ! on_client timeout 180 python3 "$BENCH_DIR/sse_timing.py" --url "$url" --key "$KEY" --warmup 1 \
    --repeat "$PACING_STREAMS" --raw "$RES/c-pacing-$name-arrivals.txt" >"$RES/c-pacing-$name.json" 2>"$RES/c-pacing-$name.err"; then
    warn "c. $name: pacing client failed: $(tail -n 1 "$RES/c-pacing-$name.err")"
    echo '{}' >"$RES/c-pacing-$name.json"
  fi
}
ttfb_keepalive() { # ttfb_keepalive NAME URL: TTFB of short streams on one kept-alive connection
  local name=$1 url=$2
  log "c. TTFB on a kept-alive connection x$TTFB_RUNS: $name"
  if ! on_client timeout 180 python3 "$BENCH_DIR/sse_timing.py" --url "$url" --key "$KEY" --keepalive --max-tokens 4 \
    --warmup "$TTFB_WARMUP" --repeat "$TTFB_RUNS" >"$RES/c-ttfb-keepalive-$name.json" 2>"$RES/c-ttfb-keepalive-$name.err"; then
    warn "c. $name: kept-alive TTFB client failed: $(tail -n 1 "$RES/c-ttfb-keepalive-$name.err")"
    echo '{}' >"$RES/c-ttfb-keepalive-$name.json"
  fi
}
stream_warmup() { # stream_warmup NAME URL: unrecorded short streams, to get the streaming path compiled
  local name=$1 url=$2
  ((STREAM_WARMUP_S > 0)) || return 0
  log "c. ${STREAM_WARMUP_S}s of unrecorded short streams: $name"
  BENCH_BODY=$TTFB_BODY on_client wrk -t1 -c16 -d"${STREAM_WARMUP_S}s" --timeout 30s -s "$BENCH_DIR/stream.lua" "$url" \
    >"$RES/c-warmup-$name.txt" 2>&1 || warn "c. $name: stream warm-up failed (see c-warmup-$name.txt)"
}
if [[ $SKIP_STREAMING != 1 ]]; then
  stream_warmup direct "$MOCK_URL"
  stream_warmup gateway "$GATEWAY_URL"
  ttfb direct "$MOCK_URL"
  ttfb gateway "$GATEWAY_URL"
  ttfb_keepalive direct "$MOCK_URL"
  ttfb_keepalive gateway "$GATEWAY_URL"
  pacing direct "$MOCK_URL"
  pacing gateway "$GATEWAY_URL"
fi

if ((RUN_ABC)); then
  kill -0 "$GW_PID" 2>/dev/null || warn "the gateway exited during scenarios a-c (see gateway.log)"
  stop_bg "$GW_PID"
  stop_bg "$MOCK_PID"
fi

# ============================== d. memory with many open streams ==============================
MEM_DONE=0
if [[ $SKIP_MEMORY != 1 ]]; then
  stream_s=$(((MEM_WORDS + 2) * MEM_CHUNK_INTERVAL_MS / 1000 + 1))
  start_mock mock-memory "$MOCK_PORT" --chunk-interval-ms "$MEM_CHUNK_INTERVAL_MS" --words "$MEM_WORDS"
  start_gateway gateway-memory "$MEM_JAVA_OPTS"
  sleep 2
  MEM_JVM=$(jvm_flags "$GW_PID" "$RES/gateway-memory-vm-flags.txt")
  rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true; }
  est() { ss -Htn state established "( $1 )" 2>/dev/null | wc -l || true; }
  RSS_BASE=$(rss_kb "$GW_PID")

  # Sampler: one line per second until the client is done (bounded by the STOP file and a cap).
  MEM_CSV=$RES/d-memory-samples.csv
  echo "t_s,gateway_rss_kb,client_conns_established,upstream_conns_established" >"$MEM_CSV"
  rm -f "$STOP_FILE"
  (
    for ((t = 0; t < 3 * stream_s + 120; t++)); do
      [[ -e $STOP_FILE ]] && break
      echo "$t,$(rss_kb "$GW_PID"),$(est "sport = :$GATEWAY_PORT"),$(est "dport = :$MOCK_PORT")" >>"$MEM_CSV"
      sleep 1
    done
  ) &
  SAMPLER_PID=$!
  PIDS+=("$SAMPLER_PID")

  log "d. $STREAMS concurrent streams (${stream_s}s each) with $MEM_CLIENT; gateway JVM: ${MEM_JAVA_OPTS:-defaults}"
  if [[ $MEM_CLIENT == wrk ]]; then
    on_client wrk -t1 -c"$STREAMS" -d"$((stream_s + 5))s" --timeout 60s -s "$BENCH_DIR/stream.lua" "$GATEWAY_URL" \
      >"$RES/d-streams-wrk.txt" 2>&1 || warn "d. wrk exited with an error"
    check_wrk "d. streams (wrk)" "$RES/d-streams-wrk.txt"
    echo '{}' >"$RES/d-streams.json"
  else
    if ! on_client timeout $((2 * stream_s + 90)) python3 "$BENCH_DIR/streams.py" --url "$GATEWAY_URL" --key "$KEY" \
      --streams "$STREAMS" --timeout $((2 * stream_s + 60)) >"$RES/d-streams.json" 2>"$RES/d-streams-progress.log"; then
      warn "d. not every stream completed: $(cat "$RES/d-streams.json" 2>/dev/null)"
    fi
  fi
  touch "$STOP_FILE"
  stop_bg "$SAMPLER_PID"
  sleep 2
  RSS_AFTER=$(rss_kb "$GW_PID")
  kill -0 "$GW_PID" 2>/dev/null || warn "d. the gateway exited during the memory scenario (see gateway-memory.log)"

  RSS_PEAK=$(awk -F, -v after="${RSS_AFTER:-0}" 'NR > 1 && $2 > m { m = $2 } END { if (after > m) m = after; print m + 0 }' "$MEM_CSV")
  EST_PEAK=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m + 0 }' "$MEM_CSV")
  UP_PEAK=$(awk -F, 'NR > 1 && $4 > m { m = $4 } END { print m + 0 }' "$MEM_CSV")
  ((EST_PEAK >= STREAMS * 95 / 100)) ||
    warn "d. only $EST_PEAK client connections to :$GATEWAY_PORT were open at once (wanted $STREAMS)"
  ((UP_PEAK >= STREAMS * 95 / 100)) ||
    warn "d. only $UP_PEAK gateway->mock connections were open at once (wanted $STREAMS)"
  stop_bg "$GW_PID"
  stop_bg "$MOCK_PID"
  MEM_DONE=1
fi

# ============================== e. provider outage under load ==============================
# Two mocks (primary on MOCK_PORT, backup on BACKUP_PORT) behind a gateway that routes every model
# to the primary first and falls back to the backup (gateway-failover.yaml). wrk sends RATE req/s
# for OUTAGE_DURATION s; at 1/3 the primary is killed with SIGKILL, at 2/3 it is started again on
# the same port. Clients must see no error: the backup is healthy throughout. The gateway's
# /admin/v1/health is polled once a second for the primary's breaker state and the counters.
OUTAGE_DONE=0
if [[ $SKIP_OUTAGE != 1 ]]; then
  now_ms() { date +%s%3N; }
  event() { echo "$1 $(now_ms)" >>"$RES/e-events.txt"; }
  # snapshot NAME: the health endpoint right now (the poller's once-a-second samples are too
  # coarse to split the deployments' counters exactly at the kill and the restart)
  snapshot() {
    local t body
    t=$(now_ms)
    body=$(on_client curl -s --max-time 2 -H "Authorization: Bearer $KEY" "http://127.0.0.1:$GATEWAY_PORT/admin/v1/health" || true)
    [[ $body == "{"* ]] || body=null
    printf '{"t_ms":%s,"snapshot":"%s","body":%s}\n' "$t" "$1" "$body" >>"$RES/e-health-snapshots.jsonl"
  }
  sleep_until_ms() { # sleep_until_ms EPOCH-MS
    local d=$(($1 - $(now_ms)))
    ((d <= 0)) || sleep "$(calc "%.3f" "$d / 1000")"
  }
  OUTAGE_MOCK_ARGS=(--chunk-interval-ms 0 --words 24)
  OUTAGE_COOLDOWN_S=$(sed -n 's/^ *cooldown: *\([0-9.]*\)s *\(#.*\)\{0,1\}$/\1/p' "$BENCH_DIR/gateway-failover.yaml" | head -n 1)
  cp "$BENCH_DIR/gateway-failover.yaml" "$RES/"
  : >"$RES/e-events.txt"
  : >"$RES/e-health-snapshots.jsonl"
  rm -f "$RES"/e-outage-non2xx.txt

  start_mock mock-outage-primary "$MOCK_PORT" "${OUTAGE_MOCK_ARGS[@]}"
  PRIMARY_PID=$MOCK_PID
  start_mock mock-outage-backup "$BACKUP_PORT" "${OUTAGE_MOCK_ARGS[@]}"
  BACKUP_PID=$MOCK_PID
  start_gateway gateway-outage "$OUTAGE_JAVA_OPTS" "$BENCH_DIR/gateway-failover.yaml"
  OUTAGE_JVM=$(jvm_flags "$GW_PID" "$RES/gateway-outage-vm-flags.txt")
  check_chat outage-primary "$MOCK_URL"
  check_chat outage-backup "$BACKUP_URL"
  check_chat outage-gateway "$GATEWAY_URL"
  if ((OUTAGE_WARMUP > 0)); then
    # The backup mock is warmed up directly: through the gateway all traffic goes to the primary,
    # and a cold backup JVM would make the failover measure the mock's JIT, not the gateway.
    for t in "backup $BACKUP_URL" "gateway $GATEWAY_URL"; do
      log "e. warm-up: ${RATE} req/s for ${OUTAGE_WARMUP}s, ${t%% *}"
      on_client wrk -t1 -c"$OUTAGE_CONNECTIONS" -d"${OUTAGE_WARMUP}s" -s "$BENCH_DIR/rate.lua" "${t#* }" \
        -- "$RATE" "$OUTAGE_CONNECTIONS" >"$RES/e-warmup-${t%% *}.txt" 2>&1
      check_wrk "e. warm-up ${t%% *}" "$RES/e-warmup-${t%% *}.txt"
    done
  fi

  # The poller and wrk run in the background (taskset execs them, so the PIDs are theirs).
  rm -f "$STOP_FILE"
  taskset -c "$CLIENT_CPU" python3 "$BENCH_DIR/outage.py" poll --url "http://127.0.0.1:$GATEWAY_PORT/admin/v1/health" \
    --key "$KEY" --out "$RES/e-health.jsonl" --stop-file "$STOP_FILE" --max-seconds $((OUTAGE_DURATION + 120)) \
    2>"$RES/e-health-poller.err" &
  POLLER_PID=$!
  PIDS+=("$POLLER_PID")
  sleep 1.5 # a poll or two before the load starts

  log "e. ${RATE} req/s for ${OUTAGE_DURATION}s through the gateway; primary killed at 1/3, restarted at 2/3"
  snapshot start
  event wrk_start
  T0=$(tail -n 1 "$RES/e-events.txt" | cut -d' ' -f2)
  BENCH_TIMELINE=$RES/e-outage taskset -c "$CLIENT_CPU" wrk -t1 -c"$OUTAGE_CONNECTIONS" -d"${OUTAGE_DURATION}s" --latency \
    -s "$BENCH_DIR/rate.lua" "$GATEWAY_URL" -- "$RATE" "$OUTAGE_CONNECTIONS" >"$RES/e-outage-wrk.txt" 2>&1 &
  WRK_PID=$!
  PIDS+=("$WRK_PID")

  sleep_until_ms $((T0 + OUTAGE_DURATION * 1000 / 3))
  snapshot kill
  event kill
  kill -KILL "$PRIMARY_PID" 2>/dev/null || warn "e. the primary mock had already exited before the kill"
  wait "$PRIMARY_PID" 2>/dev/null || true
  forget_pid "$PRIMARY_PID"
  log "e. primary mock killed (kill -9 $PRIMARY_PID)"

  sleep_until_ms $((T0 + OUTAGE_DURATION * 2000 / 3))
  snapshot restart
  event restart
  # Not start_mock: that blocks until the mock answers, and the JVM's start on the busy server core
  # can outlast the run. Here the mock's first answer and wrk's end are both timed to ~0.1 s.
  start_bg "$RES/mock-outage-primary-restarted.log" taskset -c "$SERVER_CPU" java -jar "$JAR" mock --host 127.0.0.1 \
    --port "$MOCK_PORT" --latency-ms 0 "${OUTAGE_MOCK_ARGS[@]}"
  PRIMARY_PID=$BG_PID
  log "e. primary mock restarting (pid $PRIMARY_PID)"
  primary_up=0
  mock_answers() { [[ $(on_client curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$MOCK_PORT/v1/models" || true) == 200 ]]; }
  while kill -0 "$WRK_PID" 2>/dev/null && (($(now_ms) < T0 + (OUTAGE_DURATION + 60) * 1000)); do
    if ((!primary_up)) && mock_answers; then
      event primary_up
      primary_up=1
    fi
    sleep 0.1
  done
  wait "$WRK_PID" 2>/dev/null || warn "e. wrk exited with an error (see e-outage-wrk.txt)"
  event wrk_end
  forget_pid "$WRK_PID"
  snapshot end
  if ((!primary_up)); then
    wait_http mock "$PRIMARY_PID" "$RES/mock-outage-primary-restarted.log" "http://127.0.0.1:$MOCK_PORT/v1/models"
    event primary_up
    warn "e. the restarted primary only answered after the run ended"
  fi
  sleep 2.5 # two more polls: the state right after the run
  touch "$STOP_FILE"
  stop_bg "$POLLER_PID"

  kill -0 "$GW_PID" 2>/dev/null || warn "e. the gateway exited during the outage scenario (see gateway-outage.log)"
  while IFS= read -r line; do
    [[ $line == "WARNING "* ]] && warn "${line#WARNING }"
  done < <(python3 "$BENCH_DIR/outage.py" report --dir "$RES" --cooldown-s "${OUTAGE_COOLDOWN_S:-5}" --rate "$RATE" 2>&1 ||
    echo "WARNING e. outage.py report failed")
  log "e. $(python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["client"]; print("client errors: %d of %d requests" % (c["errors"], c["requests"]))' \
    "$RES/e-outage.json" 2>/dev/null || echo "no report"); details in e-outage.md"
  stop_bg "$GW_PID"
  stop_bg "$PRIMARY_PID"
  stop_bg "$BACKUP_PID"
  OUTAGE_DONE=1
fi

# The gateway logs JSON lines; errors in them (e.g. unhandled exceptions) and access-log lines
# despite access_log: false make the numbers suspect, so they are listed as warnings.
for glog in "$RES"/gateway.log "$RES"/gateway-memory.log "$RES"/gateway-outage.log; do
  [[ -f $glog ]] || continue
  n=$(grep -c '"level":"ERROR"' "$glog" || true)
  if ((n > 0)); then
    first=$(grep -m1 '"level":"ERROR"' "$glog" | grep -o '"stack_trace":"[^\\]*' | cut -c16-200 || true)
    warn "$(basename "$glog"): $n ERROR lines, first: ${first:-see log}"
  fi
  n=$(grep -c '"logger_name":"gatehouse.access"' "$glog" || true)
  ((n == 0)) || warn "$(basename "$glog"): $n access-log lines although access_log is false (logging cost is in the numbers)"
done

# ============================== summary ==============================
S=$RES/summary.md
A_D=$RES/a-saturation-direct.txt A_G=$RES/a-saturation-gateway.txt A_N=$RES/a-saturation-nginx.txt
B_D=$RES/b-rate-direct.txt B_G=$RES/b-rate-gateway.txt
row_a() { # row_a LABEL FILE
  [[ -f $2 ]] || return 0
  echo "| $1 | $(kv "$2" rps) | $(us_to_ms "$(kv "$2" p50_us)") | $(us_to_ms "$(kv "$2" p99_us)") | $(kv "$2" requests) | $(wrk_errors "$2") |"
}
row_b() { # row_b LABEL FILE
  echo "| $1 | $(kv "$2" rps) | $(kv "$2" p50_us) | $(kv "$2" p90_us) | $(kv "$2" p99_us) | $(kv "$2" p999_us) | $(kv "$2" max_us) | $(wrk_errors "$2") |"
}
diff_us() { local a b; a=$(kv "$B_G" "$1"); b=$(kv "$B_D" "$1"); [[ -n $a && -n $b ]] && echo $((a - b)) || echo n/a; }
TTFB_D_MED=n/a TTFB_D_P90=n/a TTFB_G_MED=n/a TTFB_G_P90=n/a
if [[ $SKIP_STREAMING != 1 ]]; then
  read -r TTFB_D_MED TTFB_D_P90 <<<"$(median_p90_ms "$RES/c-ttfb-direct.txt")"
  read -r TTFB_G_MED TTFB_G_P90 <<<"$(median_p90_ms "$RES/c-ttfb-gateway.txt")"
fi
P_D=$RES/c-pacing-direct.json P_G=$RES/c-pacing-gateway.json
sub() { [[ $1 == n/a || $2 == n/a || -z $1 || -z $2 ]] && echo n/a || calc "%+.2f" "$1 - $2"; }

{
  echo "# Gatehouse benchmark $STAMP"
  echo
  echo "- jar: \`$GATEHOUSE_JAR\` (sha256 $JAR_SHA), repo HEAD $GIT_REV"
  echo "- machine: $(nproc --all) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(uname -sr), $(java -version 2>&1 | head -n 1)"
  echo "- tools: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), $([[ $SKIP_NGINX == 1 ]] && echo "nginx skipped" || "$NGINX_BIN" -v 2>&1), python $(python3 -c 'import platform; print(platform.python_version())')"
  echo "- layout: gateway, mock and nginx on CPU $SERVER_CPU; wrk/curl/python on CPU $CLIENT_CPU; 127.0.0.1 only"
  echo "- gateway (a-c): JVM options '${GATEWAY_JAVA_OPTS}', ${GATEWAY_INSTANCES:+--instances $GATEWAY_INSTANCES, }$GW_JVM"
  if ((OUTAGE_DONE)); then
    echo "- gateway (e): JVM options '${OUTAGE_JAVA_OPTS}', ${GATEWAY_INSTANCES:+--instances $GATEWAY_INSTANCES, }$OUTAGE_JVM"
  fi
  echo "- load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- settings: DURATION=${DURATION}s WARMUP=${WARMUP}s (slices of ${WARMUP_SLICE}s) CONNECTIONS=$CONNECTIONS RATE=$RATE RATE_CONNECTIONS=$RATE_CONNECTIONS TTFB_RUNS=$TTFB_RUNS PACING_STREAMS=$PACING_STREAMS STREAMS=$STREAMS OUTAGE_DURATION=${OUTAGE_DURATION}s OUTAGE_WARMUP=${OUTAGE_WARMUP}s OUTAGE_CONNECTIONS=$OUTAGE_CONNECTIONS; open-file limit $(ulimit -n)"
  skipped=""
  for v in SKIP_SATURATION SKIP_LATENCY SKIP_STREAMING SKIP_MEMORY SKIP_OUTAGE SKIP_NGINX; do
    [[ ${!v} != 1 ]] || skipped+=" $v=1"
  done
  [[ -z $skipped ]] || echo "- skipped:$skipped"
  echo
  echo "## a. Saturation throughput (non-streaming, wrk -t1 -c$CONNECTIONS -d${DURATION}s)"
  echo
  if [[ $SKIP_SATURATION == 1 ]]; then
    echo "skipped (SKIP_SATURATION=1)"
  else
    echo "| target | req/s | p50 ms | p99 ms | requests | errors |"
    echo "|---|---:|---:|---:|---:|---:|"
    row_a "mock direct" "$A_D"
    row_a "through gateway" "$A_G"
    row_a "through nginx proxy_pass" "$A_N"
    echo
    echo "- gateway / direct: **$(ratio "$(kv "$A_G" rps)" "$(kv "$A_D" rps)")**"
    if [[ -f $A_N ]]; then
      echo "- gateway / nginx: **$(ratio "$(kv "$A_G" rps)" "$(kv "$A_N" rps)")** (nginx / direct: $(ratio "$(kv "$A_N" rps)" "$(kv "$A_D" rps)"))"
    fi
  fi
  echo
  echo "## b. Latency at a fixed rate of $RATE req/s (wrk -t1 -c$RATE_CONNECTIONS -d${DURATION}s, delay() pacing)"
  echo
  if [[ $SKIP_LATENCY == 1 ]]; then
    echo "skipped (SKIP_LATENCY=1)"
  else
    echo "| target | achieved req/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    row_b "mock direct" "$B_D"
    row_b "through gateway" "$B_G"
    echo "| **added by gateway** | | **$(diff_us p50_us)** | $(diff_us p90_us) | **$(diff_us p99_us)** | $(diff_us p999_us) | | |"
  fi
  echo
  echo "## c. Streaming (mock --chunk-interval-ms 20 --words 24)"
  echo
  if [[ $SKIP_STREAMING == 1 ]]; then
    echo "skipped (SKIP_STREAMING=1)"
  else
    echo "| target | TTFB median ms | TTFB p90 ms | first data: ms | gap mean ms | gap p50 ms | gap max ms | data: lines/stream |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    echo "| mock direct | $TTFB_D_MED | $TTFB_D_P90 | $(jget "$P_D" first_data_ms_median) | $(jget "$P_D" gap_ms_mean) | $(jget "$P_D" gap_ms_p50) | $(jget "$P_D" gap_ms_max) | $(jget "$P_D" events_per_stream) |"
    echo "| through gateway | $TTFB_G_MED | $TTFB_G_P90 | $(jget "$P_G" first_data_ms_median) | $(jget "$P_G" gap_ms_mean) | $(jget "$P_G" gap_ms_p50) | $(jget "$P_G" gap_ms_max) | $(jget "$P_G" events_per_stream) |"
    echo "| **added by gateway** | **$(sub "$TTFB_G_MED" "$TTFB_D_MED")** | $(sub "$TTFB_G_P90" "$TTFB_D_P90") | $(sub "$(jget "$P_G" first_data_ms_median)" "$(jget "$P_D" first_data_ms_median)") | $(sub "$(jget "$P_G" gap_ms_mean)" "$(jget "$P_D" gap_ms_mean)") | | $(sub "$(jget "$P_G" gap_ms_max)" "$(jget "$P_D" gap_ms_max)") | |"
    echo
    echo "TTFB: curl \`time_starttransfer\` over $TTFB_RUNS short streams per target, each on a new connection. Gaps: between consecutive \`data:\` lines (excluding \`[DONE]\`) of $PACING_STREAMS full stream(s); ideal 20 ms."
    K_D=$RES/c-ttfb-keepalive-direct.json K_G=$RES/c-ttfb-keepalive-gateway.json
    echo
    echo "TTFB on one kept-alive connection (as SDK clients send), $TTFB_RUNS short streams after $TTFB_WARMUP unrecorded:"
    echo
    echo "| target | headers median ms | headers p90 ms | first data: median ms | first data: p90 ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "| mock direct | $(jget "$K_D" headers_ms_median) | $(jget "$K_D" headers_ms_p90) | $(jget "$K_D" first_data_ms_median) | $(jget "$K_D" first_data_ms_p90) |"
    echo "| through gateway | $(jget "$K_G" headers_ms_median) | $(jget "$K_G" headers_ms_p90) | $(jget "$K_G" first_data_ms_median) | $(jget "$K_G" first_data_ms_p90) |"
    echo "| **added by gateway** | **$(sub "$(jget "$K_G" headers_ms_median)" "$(jget "$K_D" headers_ms_median)")** | $(sub "$(jget "$K_G" headers_ms_p90)" "$(jget "$K_D" headers_ms_p90)") | **$(sub "$(jget "$K_G" first_data_ms_median)" "$(jget "$K_D" first_data_ms_median)")** | $(sub "$(jget "$K_G" first_data_ms_p90)" "$(jget "$K_D" first_data_ms_p90)") |"
  fi
  echo
  echo "## d. Memory with $STREAMS concurrent streams"
  echo
  if ((MEM_DONE)); then
    D=$RES/d-streams.json
    echo "| metric | value |"
    echo "|---|---:|"
    echo "| **gateway peak RSS** | **$(calc "%.1f" "$RSS_PEAK / 1024") MB** |"
    echo "| gateway RSS before load / 2 s after the client finished | $(calc "%.1f" "${RSS_BASE:-0} / 1024") MB / $(calc "%.1f" "${RSS_AFTER:-0} / 1024") MB |"
    echo "| (peak − before) per stream | $(calc "%.1f" "($RSS_PEAK - ${RSS_BASE:-0}) / $STREAMS") KB |"
    echo "| peak ESTABLISHED client→gateway (ss sport :$GATEWAY_PORT) | $EST_PEAK |"
    echo "| peak ESTABLISHED gateway→mock (ss dport :$MOCK_PORT) | $UP_PEAK |"
    if [[ $MEM_CLIENT == wrk ]]; then
      echo "| client | wrk -c$STREAMS -s stream.lua: $(kv "$RES/d-streams-wrk.txt" requests) streams completed, $(wrk_errors "$RES/d-streams-wrk.txt") errors |"
    else
      echo "| streams completed OK / failed | $(jget "$D" ok) / $(jget "$D" failed) $( [[ $(jget "$D" failed) == 0 ]] || echo "($(jget "$D" errors))") |"
      echo "| client-side peak open streams / all open after | $(jget "$D" peak_open) / $(jget "$D" all_open_at_s) s |"
      echo "| time to response headers median / max | $(jget "$D" headers_s_median) s / $(jget "$D" headers_s_max) s |"
      echo "| stream duration median / max | $(jget "$D" stream_s_median) s / $(jget "$D" stream_s_max) s |"
    fi
    echo "| mock | --chunk-interval-ms $MEM_CHUNK_INTERVAL_MS --words $MEM_WORDS (~${stream_s} s per stream) |"
    echo "| gateway JVM | options '${MEM_JAVA_OPTS}', $MEM_JVM |"
    echo
    echo "Per-second samples: \`d-memory-samples.csv\`."
  else
    echo "skipped (SKIP_MEMORY=1)"
  fi
  echo
  echo "## e. Provider outage under load ($RATE req/s for ${OUTAGE_DURATION}s, wrk -t1 -c$OUTAGE_CONNECTIONS; primary killed at 1/3, restarted at 2/3)"
  echo
  if ((OUTAGE_DONE)); then
    cat "$RES/e-outage.md" 2>/dev/null || echo "no report (outage.py report failed; raw files are in the results directory)"
  else
    echo "skipped (SKIP_OUTAGE=1)"
  fi
  echo
  echo "## Warnings"
  echo
  if ((${#WARNINGS[@]})); then
    for w in "${WARNINGS[@]}"; do echo "- $w"; done
  else
    echo "none"
  fi
} >"$S"

echo
cat "$S"
echo
log "raw outputs in $RES"
