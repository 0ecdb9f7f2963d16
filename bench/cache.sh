#!/usr/bin/env bash
# Response cache (issue #10, "Proof and targets"), in one run against one gateway (see bench/README.md):
#   1. added latency of an exact hit over the gateway's floor (GET /v1/models with the same key), at RATE
#   2. semantic hits (each request embeds a different paraphrase) vs exact hits, at SEM_RATE
#   3. saturation: every request an exact hit / a semantic hit / the same request with the cache off
#   4. memory per 100,000 exact entries: heap after a full GC and RSS, before and after the fill
#
#   bench/cache.sh                                          # ~7 min
#   WARMUP=10 DURATION=5 SAT_DURATION=5 FILL=20000 bench/cache.sh   # smoke test, ~2 min
#
# Env options [defaults]: RATE [500] req/s and RATE_CONNECTIONS [10] for scenario 1; SEM_RATE [50] for
# scenario 2 (a semantic lookup embeds on the gateway's one core, so 500 req/s would saturate it);
# DURATION [20] s per paced run, ROUNDS [2] (floor/hit pairs, alternated so drift hits both alike);
# WARMUP [30] s of closed-loop load per request kind before anything is measured; SAT_DURATION [15] s and
# SAT_CONNECTIONS [32] for scenario 3; FILL [100000] entries for scenario 4; MOCK_PORT [9000];
# GATEWAY_PORT [8080]; SERVER_CPU [0]; CLIENT_CPU [1]; GATEWAY_JAVA_OPTS []; GATEHOUSE_JAR
# [<repo>/target/gatehouse.jar]; RESULTS_DIR [bench/results].
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-10}
SEM_RATE=${SEM_RATE:-50}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-30}
SAT_DURATION=${SAT_DURATION:-15}
SAT_CONNECTIONS=${SAT_CONNECTIONS:-32}
FILL=${FILL:-100000}
MOCK_PORT=${MOCK_PORT:-9000}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/target/gatehouse.jar}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
MASTER=sk-bench-master-key-0001
BASE=http://127.0.0.1:$GATEWAY_PORT
CHAT=$BASE/v1/chat/completions
HELLO='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
UNCACHED='{"model":"uncached-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
SEED_QUESTION='How do I reset my password?'

log() { printf '[bench-cache %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in java jcmd wrk taskset curl python3; do command -v "$tool" >/dev/null || die "missing $tool"; done
[[ -f $GATEHOUSE_JAR ]] || die "no $GATEHOUSE_JAR (./mvnw -q -o -DskipTests package)"
for port in "$MOCK_PORT" "$GATEWAY_PORT"; do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "port $port is taken"
done
TMP=$(mktemp -d /tmp/gatehouse-bench-cache.XXXXXX)
cp "$GATEHOUSE_JAR" "$TMP/gatehouse.jar"
RES=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-cache
mkdir -p "$RES"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
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
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited (see $RES)"
    curl -sf -o /dev/null "$@" "$url" && return 0
    sleep 0.1
  done
  die "$url did not answer"
}
kv() { sed -n "s/^$3.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1; }
res() { kv "$1" "$2" RESULT; }
cache_count() { kv "$1" "$2" CACHE; }
admin() { curl -sf -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' "$@"; }
jfield() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# ---------------------------------------------------------------- start
taskset -c "$SERVER_CPU" java -jar "$TMP/gatehouse.jar" mock --host 127.0.0.1 --port "$MOCK_PORT" --latency-ms 0 \
  --chunk-interval-ms 20 --words 24 >"$RES/mock.log" 2>&1 &
PIDS+=("$!")
wait_up "$!" "http://127.0.0.1:$MOCK_PORT/v1/models"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
BENCH_TMP=$TMP BENCH_MOCK_PORT=$MOCK_PORT GATEHOUSE_MASTER_KEY=$MASTER GATEHOUSE_ACCESS_LOG_LEVEL=OFF \
  taskset -c "$SERVER_CPU" java $GATEWAY_JAVA_OPTS -jar "$TMP/gatehouse.jar" serve \
  --config "$BENCH_DIR/gateway-cache.yaml" --port "$GATEWAY_PORT" >"$RES/gateway.log" 2>&1 &
GW=$!
PIDS+=("$GW")
wait_up "$GW" "$BASE/v1/models" -H "Authorization: Bearer $MASTER"
GW_JVM=$(jcmd "$GW" VM.flags 2>/dev/null | tr ' ' '\n' | grep -E '^-XX:\+Use[A-Za-z]+GC$|^-XX:(Initial|Max)HeapSize=' | tr '\n' ' ' || true)

# A team and a virtual key on it, with limits and a budget that are checked but never bind.
admin "$BASE/admin/v1/teams" -d '{"team_id":"bench-team","rpm_limit":100000000,"tpm_limit":2000000000,"max_budget":10000,"budget_duration":"month"}' >"$RES/team.json" || die "creating the team failed"
admin "$BASE/admin/v1/keys" -d '{"key_alias":"bench","team_id":"bench-team","rpm_limit":100000000,"tpm_limit":2000000000,"max_budget":10000,"budget_duration":"month"}' >"$RES/key.json" || die "creating the key failed"
KEY=$(jfield key <"$RES/key.json")
export BENCH_API_KEY=$KEY
log "gateway pid $GW ($GW_JVM), virtual key on team bench-team"

chat() { # chat BODY -> prints the x-gatehouse-cache header
  curl -s -o /dev/null -D - -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$1" "$CHAT" |
    tr -d '\r' | sed -n 's/^x-gatehouse-cache: //Ip'
}
body_for() { # body_for MODEL TEXT
  python3 -c 'import json,sys; print(json.dumps({"model":sys.argv[1],"messages":[{"role":"user","content":sys.argv[2]}],"max_tokens":16}, separators=(",",":")))' "$1" "$2"
}
wrk_run() { # wrk_run OUTFILE CONNECTIONS SECONDS URL [ENV=VALUE...]; latency recorded
  local out=$1 c=$2 d=$3 url=$4
  shift 4
  env "$@" taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"${d}s" --latency -s "$BENCH_DIR/cache.lua" "$url" >"$out" 2>&1
}

# ---------------------------------------------------------------- entries to hit
[[ $(chat "$HELLO") == miss ]] || die "first 'Say hello' was not a miss"
[[ $(chat "$HELLO") == hit ]] || die "second 'Say hello' was not an exact hit"
SEED=$(body_for semantic-mini "$SEED_QUESTION")
[[ $(chat "$SEED") == miss ]] || die "the semantic seed was not a miss"
# Keep the paraphrases the gateway serves as semantic hits. A refused one was stored as a miss and would
# be an exact hit next time, so it is left out of the cycle; a semantic hit is never stored, so each
# kept paraphrase embeds again every time it is sent.
BODIES=$RES/semantic-bodies.jsonl
: >"$BODIES"
kept=0 refused=0
while IFS= read -r q; do
  [[ -n $q ]] || continue
  b=$(body_for semantic-mini "$q")
  if [[ $(chat "$b") == semantic-hit ]]; then
    echo "$b" >>"$BODIES"
    kept=$((kept + 1))
  else
    echo "$q" >>"$RES/semantic-refused.txt"
    refused=$((refused + 1))
  fi
done <"$BENCH_DIR/cache-paraphrases.txt"
((kept >= 5)) || die "only $kept paraphrases were semantic hits"
log "paraphrases: $kept served as semantic hits, $refused not (semantic-refused.txt)"

# ---------------------------------------------------------------- warm-up
log "warm-up: ${WARMUP}s each of exact hits, cache off, floor, semantic hits (closed loop)"
wrk_run "$RES/warmup-hit.txt" "$SAT_CONNECTIONS" "$WARMUP" "$CHAT" BENCH_BODY="$HELLO"
wrk_run "$RES/warmup-uncached.txt" "$SAT_CONNECTIONS" "$WARMUP" "$CHAT" BENCH_BODY="$UNCACHED"
wrk_run "$RES/warmup-floor.txt" "$SAT_CONNECTIONS" "$WARMUP" "$BASE/v1/models" BENCH_METHOD=GET
wrk_run "$RES/warmup-semantic.txt" 4 "$WARMUP" "$CHAT" BENCH_BODIES="$BODIES"

# ---------------------------------------------------------------- 1. exact hit vs floor at RATE
for ((r = 1; r <= ROUNDS; r++)); do
  log "1. round $r: floor (GET /v1/models) and exact hit at $RATE req/s, ${DURATION}s each"
  wrk_run "$RES/1-floor-$r.txt" "$RATE_CONNECTIONS" "$DURATION" "$BASE/v1/models" BENCH_METHOD=GET BENCH_RATE="$RATE"
  wrk_run "$RES/1-hit-$r.txt" "$RATE_CONNECTIONS" "$DURATION" "$CHAT" BENCH_BODY="$HELLO" BENCH_RATE="$RATE"
done

# ---------------------------------------------------------------- 2. semantic vs exact at SEM_RATE
for ((r = 1; r <= ROUNDS; r++)); do
  log "2. round $r: exact hit (semantic group) and semantic hits at $SEM_RATE req/s, ${DURATION}s each"
  wrk_run "$RES/2-exact-$r.txt" "$RATE_CONNECTIONS" "$DURATION" "$CHAT" BENCH_BODY="$SEED" BENCH_RATE="$SEM_RATE"
  wrk_run "$RES/2-semantic-$r.txt" "$RATE_CONNECTIONS" "$DURATION" "$CHAT" BENCH_BODIES="$BODIES" BENCH_RATE="$SEM_RATE"
done

# ---------------------------------------------------------------- 3. saturation
log "3. saturation: exact hits, cache off, semantic hits, floor (-c$SAT_CONNECTIONS, ${SAT_DURATION}s each)"
wrk_run "$RES/3-hit.txt" "$SAT_CONNECTIONS" "$SAT_DURATION" "$CHAT" BENCH_BODY="$HELLO"
wrk_run "$RES/3-uncached.txt" "$SAT_CONNECTIONS" "$SAT_DURATION" "$CHAT" BENCH_BODY="$UNCACHED"
wrk_run "$RES/3-semantic.txt" "$SAT_CONNECTIONS" "$SAT_DURATION" "$CHAT" BENCH_BODIES="$BODIES"
wrk_run "$RES/3-floor.txt" "$SAT_CONNECTIONS" "$SAT_DURATION" "$BASE/v1/models" BENCH_METHOD=GET
admin "$BASE/admin/v1/cache" >"$RES/cache-stats-before-fill.json"

# ---------------------------------------------------------------- 4. memory per 100k entries
heap_used_kb() { # heap in use after two full GCs, in KB (sum of the generations' "used")
  jcmd "$GW" GC.run >/dev/null
  jcmd "$GW" GC.run >/dev/null
  jcmd "$GW" GC.heap_info >"$RES/$1"
  python3 - "$RES/$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# SerialGC/ParallelGC: one "used NK" per generation line; G1: one "garbage-first heap ... used NK".
lines = [l for l in text.splitlines() if re.search(r'(generation|garbage-first heap|PSYoungGen|ParOldGen)\s', l)]
print(sum(int(m) for l in lines for m in re.findall(r'used (\d+)K', l)))
PY
}
rss_kb() { ps -o rss= -p "$GW" | tr -d ' '; }
entries() { admin "$BASE/admin/v1/cache" | jfield entries; }
wait_settled() { # until the entry count stops moving (stores and usage records finish)
  local a b i
  a=$(entries)
  for ((i = 0; i < 30; i++)); do
    sleep 1
    b=$(entries)
    [[ $a == "$b" ]] && break
    a=$b
  done
  echo "$b"
}
E0=$(wait_settled)
H0=$(heap_used_kb heap-before.txt)
R0=$(rss_kb)
log "4. before: $E0 entries, heap after GC $H0 KB, RSS $R0 KB; filling $FILL distinct entries"
START_FILL=$(date +%s)
BENCH_FILL=$FILL BENCH_FILL_DONE=$TMP/fill-done taskset -c "$CLIENT_CPU" wrk -t1 -c"$SAT_CONNECTIONS" -d900s --latency \
  -s "$BENCH_DIR/cache.lua" "$CHAT" >"$RES/4-fill.txt" 2>&1 &
FILL_PID=$!
while [[ ! -f $TMP/fill-done ]] && kill -0 "$FILL_PID" 2>/dev/null; do sleep 0.2; done
kill -INT "$FILL_PID" 2>/dev/null || true
wait "$FILL_PID" || true
FILL_S=$(($(date +%s) - START_FILL))
E1=$(wait_settled)
H1=$(heap_used_kb heap-after.txt)
R1=$(rss_kb)
log "4. after: $E1 entries, heap after GC $H1 KB, RSS $R1 KB (fill took ${FILL_S}s)"
admin "$BASE/admin/v1/cache" >"$RES/cache-stats-end.json"

# ---------------------------------------------------------------- summary
us_ms() { [[ -n $1 ]] && awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }' || echo n/a; }
median_of() { # median_of KEY FILE... (of the rounds' values, in µs)
  local k=$1 f
  shift
  for f in "$@"; do res "$f" "$k"; done | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
row() { # row LABEL FILE
  local f=$2
  echo "| $1 | $(res "$f" rps) | $(us_ms "$(res "$f" p50_us)") | $(us_ms "$(res "$f" p90_us)") | $(us_ms "$(res "$f" p99_us)") | $(us_ms "$(res "$f" max_us)") | $(res "$f" non2xx)/$(($(res "$f" connect_err) + $(res "$f" read_err) + $(res "$f" write_err) + $(res "$f" timeouts))) | $(cache_count "$f" hit)/$(cache_count "$f" semantic_hit)/$(cache_count "$f" miss)/$(cache_count "$f" none) |"
}
HDR="| run | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx/socket errors | hit/semantic-hit/miss/no header |
|---|---:|---:|---:|---:|---:|---:|---:|"
F1=() H1F=() F2E=() F2S=()
for ((r = 1; r <= ROUNDS; r++)); do
  F1+=("$RES/1-floor-$r.txt") H1F+=("$RES/1-hit-$r.txt") F2E+=("$RES/2-exact-$r.txt") F2S+=("$RES/2-semantic-$r.txt")
done
d() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", (a - b) / 1000 }'; }
P50_FLOOR=$(median_of p50_us "${F1[@]}") P50_HIT=$(median_of p50_us "${H1F[@]}")
P99_FLOOR=$(median_of p99_us "${F1[@]}") P99_HIT=$(median_of p99_us "${H1F[@]}")
P50_EX=$(median_of p50_us "${F2E[@]}") P50_SEM=$(median_of p50_us "${F2S[@]}")
P99_EX=$(median_of p99_us "${F2E[@]}") P99_SEM=$(median_of p99_us "${F2S[@]}")
DE=$((E1 - E0))
{
  echo "# Response cache benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- jar: \`$GATEHOUSE_JAR\` (sha256 $(sha256sum "$TMP/gatehouse.jar" | cut -c1-12)), repo HEAD $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc --all) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(uname -sr), $(java -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  echo "- layout: gateway and mock (--latency-ms 0) on CPU $SERVER_CPU, wrk/curl on CPU $CLIENT_CPU; config bench/gateway-cache.yaml; virtual key on a team with rpm/tpm limits and a budget; usage records on"
  echo "- gateway JVM: options '${GATEWAY_JAVA_OPTS}', $GW_JVM"
  echo "- load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- settings: RATE=$RATE RATE_CONNECTIONS=$RATE_CONNECTIONS SEM_RATE=$SEM_RATE DURATION=${DURATION}s ROUNDS=$ROUNDS WARMUP=${WARMUP}s SAT_DURATION=${SAT_DURATION}s SAT_CONNECTIONS=$SAT_CONNECTIONS FILL=$FILL"
  echo "- paraphrases: $kept of $((kept + refused)) served as semantic hits and cycled in scenario 2"
  echo
  echo "## 1. Exact hit vs the floor (GET /v1/models with the same key), $RATE req/s"
  echo
  echo "$HDR"
  for ((r = 1; r <= ROUNDS; r++)); do
    row "floor, round $r" "$RES/1-floor-$r.txt"
    row "exact hit, round $r" "$RES/1-hit-$r.txt"
  done
  echo
  echo "- median of rounds: floor p50 $(us_ms "$P50_FLOOR") ms, hit p50 $(us_ms "$P50_HIT") ms: **added p50 $(d "$P50_HIT" "$P50_FLOOR") ms** (target ≤ 0.3); p99 $(us_ms "$P99_FLOOR") → $(us_ms "$P99_HIT") ms: added $(d "$P99_HIT" "$P99_FLOOR") ms"
  echo
  echo "## 2. Semantic hits (each embeds its paraphrase) vs exact hits, semantic group, $SEM_RATE req/s"
  echo
  echo "$HDR"
  for ((r = 1; r <= ROUNDS; r++)); do
    row "exact hit, round $r" "$RES/2-exact-$r.txt"
    row "semantic hit, round $r" "$RES/2-semantic-$r.txt"
  done
  echo
  echo "- median of rounds: **semantic hit p50 $(us_ms "$P50_SEM") ms** (target ≤ 5), p99 $(us_ms "$P99_SEM") ms; exact hit p50 $(us_ms "$P50_EX") ms, p99 $(us_ms "$P99_EX") ms; semantic − exact p50 $(d "$P50_SEM" "$P50_EX") ms"
  echo
  echo "## 3. Saturation (closed loop, wrk -t1 -c$SAT_CONNECTIONS -d${SAT_DURATION}s)"
  echo
  echo "$HDR"
  row "every request an exact hit" "$RES/3-hit.txt"
  row "same request, cache off (mock 0 ms)" "$RES/3-uncached.txt"
  row "every request a semantic hit" "$RES/3-semantic.txt"
  row "floor, GET /v1/models" "$RES/3-floor.txt"
  echo
  echo "- exact hits / cache off: $(awk -v a="$(res "$RES/3-hit.txt" rps)" -v b="$(res "$RES/3-uncached.txt" rps)" 'BEGIN { printf "%.2f", a / b }')x"
  echo
  echo "## 4. Memory per 100,000 exact entries"
  echo
  echo "| | entries | heap used after full GC | RSS |"
  echo "|---|---:|---:|---:|"
  echo "| before the fill | $E0 | $(awk -v k="$H0" 'BEGIN { printf "%.1f MB", k / 1024 }') | $(awk -v k="$R0" 'BEGIN { printf "%.1f MB", k / 1024 }') |"
  echo "| after the fill | $E1 | $(awk -v k="$H1" 'BEGIN { printf "%.1f MB", k / 1024 }') | $(awk -v k="$R1" 'BEGIN { printf "%.1f MB", k / 1024 }') |"
  if ((DE > 0)); then
    echo "| **per 100,000 entries** | $DE added | **$(awk -v a="$H1" -v b="$H0" -v n="$DE" 'BEGIN { printf "%.1f MB", (a - b) / 1024 / n * 100000 }')** | $(awk -v a="$R1" -v b="$R0" -v n="$DE" 'BEGIN { printf "%.1f MB", (a - b) / 1024 / n * 100000 }') |"
  fi
  echo
  echo "- fill: $(res "$RES/4-fill.txt" requests) requests in ${FILL_S}s ($(res "$RES/4-fill.txt" rps) req/s, misses through the mock), answers $(cache_count "$RES/4-fill.txt" hit)/$(cache_count "$RES/4-fill.txt" semantic_hit)/$(cache_count "$RES/4-fill.txt" miss)/$(cache_count "$RES/4-fill.txt" none) hit/semantic-hit/miss/none, non-2xx $(res "$RES/4-fill.txt" non2xx)"
  echo "- heap: \`jcmd PID GC.run\` twice, then \`GC.heap_info\` (heap-before.txt, heap-after.txt); RSS: \`ps -o rss\`"
  echo "- cache stats at the end: $(cat "$RES/cache-stats-end.json")"
} >"$RES/summary.md"
echo
cat "$RES/summary.md"
log "raw outputs in $RES"
