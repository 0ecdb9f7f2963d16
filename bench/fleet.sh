#!/usr/bin/env bash
# Throughput of 1, 2 and 3 gateway instances behind a local nginx load balancer, against the mock
# provider, on the governed configuration (bench/gateway-fleet.yaml: a virtual key on a team with rpm,
# tpm and budget limits that are checked but never bind, usage recorded, state in Redis, store in
# PostgreSQL). Each round starts N instances, points a private nginx (its own prefix and config,
# not the system one) at them, warms up, and measures saturation with wrk through nginx.
#
#   bench/fleet.sh                                        # ~13 min
#   WARMUP=2 DURATION=2 COUNTS="1 2" bench/fleet.sh      # smoke test
#
# Env options [defaults]: COUNTS ["1 2 3"] instance counts to measure; CONNECTIONS [64] wrk connections;
# DURATION [20] s measured per count; WARMUP [90] s of unmeasured load per instance (N instances get
# N x WARMUP: each JVM's JIT needs its own CPU time, and they share GATEWAY_CPUS); MOCK_PORT [9000];
# LB_PORT [8080]; FIRST_GATEWAY_PORT [8081] (instance i listens on FIRST_GATEWAY_PORT + i - 1);
# GATEWAY_CPUS [0] (taskset list for every instance and the mock); CLIENT_CPU [1] (wrk and nginx);
# GATEWAY_JAVA_OPTS [-Xmx512m]; PG_URL [postgresql://postgres@127.0.0.1:5432/test] (a schema of its own is
# made and dropped); REDIS_URL [redis://127.0.0.1:6379] (keys under a namespace of their own, deleted
# after); GATEHOUSE_JAR [<repo>/target/gatehouse.jar]; RESULTS_DIR [bench/results].
#
# On a machine with fewer cores than instances, the instances share GATEWAY_CPUS and the numbers
# show the cost of the fleet's coordination (shared Redis counters, usage to one PostgreSQL), not its
# scaling; give each instance its own cores (GATEWAY_CPUS=0-5 on 8 cores, say) to measure scaling.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
COUNTS=${COUNTS:-"1 2 3"}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-90}
MOCK_PORT=${MOCK_PORT:-9000}
LB_PORT=${LB_PORT:-8080}
FIRST_GATEWAY_PORT=${FIRST_GATEWAY_PORT:-8081}
GATEWAY_CPUS=${GATEWAY_CPUS:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
NGINX=${NGINX:-/usr/sbin/nginx}
MASTER=sk-bench-master-key-0001
NAMESPACE=bench_fleet_$(date +%s)_$$
LB=http://127.0.0.1:$LB_PORT

log() { printf '[bench-fleet %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in java wrk taskset curl python3 psql redis-cli "$NGINX"; do command -v "$tool" >/dev/null || die "missing $tool"; done
[[ -f $GATEHOUSE_JAR ]] || die "no $GATEHOUSE_JAR (./mvnw -q -o -DskipTests package)"
MAX=0
for n in $COUNTS; do ((n > MAX)) && MAX=$n; done
for port in "$MOCK_PORT" "$LB_PORT" $(seq "$FIRST_GATEWAY_PORT" $((FIRST_GATEWAY_PORT + MAX - 1))); do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "port $port is taken"
done
TMP=$(mktemp -d /tmp/gatehouse-bench-fleet.XXXXXX)
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-fleet
mkdir -p "$RES" "$TMP/nginx/logs"
chmod 755 "$TMP" # nginx's workers run as another user when it is started as root
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
psql -q "$PG_URL" -c "CREATE SCHEMA $NAMESPACE" || die "cannot make a schema in $PG_URL"
PG_JDBC="jdbc:${PG_URL%%://*}://${PG_URL#*@}"
PG_USER=${PG_URL#*://}
PG_USER=${PG_USER%%@*}
export BENCH_PG_URL="$PG_JDBC?user=$PG_USER&currentSchema=$NAMESPACE" BENCH_REDIS_URL=$REDIS_URL \
  BENCH_NAMESPACE=$NAMESPACE BENCH_MOCK_PORT=$MOCK_PORT
PIDS=()
GATEWAYS=()
NGINX_UP=0
stop_gateways() {
  local p
  for p in "${GATEWAYS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${GATEWAYS[@]}"; do wait "$p" 2>/dev/null || true; done
  GATEWAYS=()
}
cleanup() {
  local rc=$? p
  ((NGINX_UP)) && "$NGINX" -e "$TMP/nginx/logs/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -s stop 2>/dev/null || true
  stop_gateways
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $NAMESPACE CASCADE" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS_URL" --scan --pattern "$NAMESPACE:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" DEL >/dev/null || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # wait_up PID URL [CURL-ARGS]
  local pid=$1 url=$2 i
  shift 2
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited (see $RES)"
    curl -sf -o /dev/null "$@" "$url" && return 0
    sleep 0.1
  done
  die "$url did not answer"
}
# cpu_seconds: user+system CPU seconds so far of the gateways, the mock, nginx, redis-server and
# postgres, one "group seconds" line each (to say where the measured round's CPU went).
cpu_seconds() {
  local tick group pid total
  tick=$(getconf CLK_TCK)
  for group in gateway mock nginx redis postgres; do
    total=0
    for pid in $(case $group in
      gateway) pgrep -f 'gatehouse.jar serve' ;;
      mock) pgrep -f 'gatehouse.jar mock' ;;
      nginx) pgrep -f "nginx: worker" ;;
      redis) pgrep -x redis-server ;;
      postgres) pgrep -x postgres ;;
    esac); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$group $(awk -v t="$total" -v hz="$tick" 'BEGIN { printf "%.2f", t / hz }')"
  done
}
kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }
admin() { curl -sf -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' "$@"; }
jfield() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

start_gateway() { # start_gateway I: instance I (1-based) on its port, with its own spool
  local i=$1 port=$((FIRST_GATEWAY_PORT + $1 - 1)) pid
  mkdir -p "$TMP/spool-$i"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
  BENCH_SPOOL=$TMP/spool-$i GATEHOUSE_MASTER_KEY=$MASTER GATEHOUSE_ACCESS_LOG_LEVEL=OFF \
    taskset -c "$GATEWAY_CPUS" java $GATEWAY_JAVA_OPTS -jar "$TMP/gatehouse.jar" serve \
    --config "$BENCH_DIR/gateway-fleet.yaml" --port "$port" >>"$RES/gateway-$i.log" 2>&1 &
  pid=$!
  GATEWAYS+=("$pid")
  wait_up "$pid" "http://127.0.0.1:$port/readyz"
}

balance() { # balance N: (re)start nginx in front of the first N instances
  local n=$1 i servers=""
  for ((i = 1; i <= n; i++)); do servers+="    server 127.0.0.1:$((FIRST_GATEWAY_PORT + i - 1));"$'\n'; done
  cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  upstream gatehouse {
$servers    keepalive 128;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://gatehouse;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
CONF
  if ((NGINX_UP)); then
    "$NGINX" -e "$TMP/nginx/logs/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -s stop
    NGINX_UP=0
    for ((i = 0; i < 100; i++)); do [[ -f $TMP/nginx/nginx.pid ]] || break; sleep 0.1; done
  fi
  taskset -c "$CLIENT_CPU" "$NGINX" -e "$TMP/nginx/logs/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>>"$RES/nginx.log"
  NGINX_UP=1
  for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "$LB/healthz" && return 0; sleep 0.1; done
  die "nginx did not answer on $LB"
}

# ---------------------------------------------------------------- mock and the governed key
taskset -c "$GATEWAY_CPUS" java -jar "$TMP/gatehouse.jar" mock --host 127.0.0.1 --port "$MOCK_PORT" --latency-ms 0 \
  --chunk-interval-ms 20 --words 24 >"$RES/mock.log" 2>&1 &
PIDS+=("$!")
wait_up "$!" "http://127.0.0.1:$MOCK_PORT/v1/models"
start_gateway 1
BASE=http://127.0.0.1:$FIRST_GATEWAY_PORT
admin "$BASE/admin/v1/teams" -d '{"team_id":"bench-team","rpm_limit":100000000,"tpm_limit":2000000000,"max_budget":100000,"budget_duration":"month"}' >"$RES/team.json" || die "creating the team failed"
admin "$BASE/admin/v1/keys" -d '{"key_alias":"bench","team_id":"bench-team","rpm_limit":100000000,"tpm_limit":2000000000,"max_budget":100000,"budget_duration":"month"}' >"$RES/key.json" || die "creating the key failed"
export BENCH_API_KEY
BENCH_API_KEY=$(jfield key <"$RES/key.json")
stop_gateways

# ---------------------------------------------------------------- one round per instance count
for n in $COUNTS; do
  for ((i = 1; i <= n; i++)); do start_gateway "$i"; done
  balance "$n"
  curl -sf -o /dev/null -H "Authorization: Bearer $BENCH_API_KEY" -H 'Content-Type: application/json' \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}' \
    "$LB/v1/chat/completions" || die "a governed request through nginx failed"
  log "$n instance(s): $((WARMUP * n))s warm-up"
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP * n))s" -s "$BENCH_DIR/post.lua" "$LB/v1/chat/completions" \
    >"$RES/warmup-$n.txt" 2>&1
  log "$n instance(s): saturation ${DURATION}s at $CONNECTIONS connections"
  cpu_seconds >"$RES/cpu-before-$n.txt"
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH_DIR/post.lua" \
    "$LB/v1/chat/completions" >"$RES/saturation-$n.txt" 2>&1
  cpu_seconds >"$RES/cpu-after-$n.txt"
  stop_gateways
done

per_thousand() { # per_thousand N REQUESTS: the CPU seconds each group spent per 1,000 requests of round N
  awk -v req="$2" 'NR == FNR { before[$1] = $2; next } { printf "%s%.3f", (FNR > 1 ? " / " : ""), ($2 - before[$1]) * 1000 / req }' \
    "$RES/cpu-before-$1.txt" "$RES/cpu-after-$1.txt"
}
{
  echo "# Fleet: 1..N gateway instances behind nginx (governed: key, team, limits, budget, usage; state redis, store postgres)"
  echo
  echo "wrk ${DURATION}s at $CONNECTIONS connections; gateways and mock on CPUs $GATEWAY_CPUS, wrk and nginx on CPU $CLIENT_CPU;" \
    "load average at start: $LOAD_START"
  echo
  echo "| instances | req/s | p50 ms | p99 ms | non-2xx | errors | CPU s per 1,000 requests: gateways / mock / nginx / redis / postgres |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for n in $COUNTS; do
    f=$RES/saturation-$n.txt
    awk -v n="$n" -v rps="$(kv "$f" rps)" -v p50="$(kv "$f" p50_us)" -v p99="$(kv "$f" p99_us)" -v bad="$(kv "$f" non2xx)" \
      -v err="$(($(kv "$f" connect_err) + $(kv "$f" read_err) + $(kv "$f" write_err) + $(kv "$f" timeouts)))" \
      -v cpu="$(per_thousand "$n" "$(kv "$f" requests)")" \
      'BEGIN { printf "| %s | %s | %.2f | %.2f | %s | %s | %s |\n", n, rps, p50 / 1000, p99 / 1000, bad, err, cpu }'
  done
} | tee "$RES/summary.md"
