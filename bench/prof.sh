#!/usr/bin/env bash
# Per-thread CPU per request of one target at saturation (issue #20), for A/B comparisons:
#   bench/prof.sh MODE [WARM_S] [MEASURED_S]
# MODE: bare (master key), key (a virtual key, nothing else), governed (virtual key in a team with limits and a budget, usage records,
# access log), hop (an nginx proxy_pass hop), vertx (bench/VertxProxy.java: a plain Vert.x proxy; env
# TRANSPORT=nio|epoll|io_uring). A fixed-JSON nginx upstream and the target run on CPU 0, wrk -t1 -c32
# on CPU 1. Prints req/s, the upstream nginx's CPU per request (a reading of how fast the core ran),
# each thread's user and kernel CPU per request (threads above 0.5 µs) and the target's peak RSS.
# Env: IOT (server.io_transport, default auto), STATE=redis (limits and budgets in local Redis),
# OPTS (JVM options), JFR=1 (recording of the measured part in /tmp/prof-MODE.jfr), HOOK (shell code run
# after the key is made), UP/GW ports [9500/9510], JAR, RATE (after the saturation part, fixed-rate
# rounds at RATE req/s, 10 connections, alternating the upstream itself and the target, RATE_ROUNDS
# [3] pairs of 10 s: p50/p99 of each, to read the added latency).
set -uo pipefail
MODE=${1:-bare}; WARM=${2:-30}; MEAS=${3:-15}
JAR=${JAR:-$(cd "$(dirname "$0")/.." && pwd)/target/gatehouse.jar}

UP=${UP:-9500}; GW=${GW:-9510}
T=/tmp/prof-$MODE; rm -rf $T; mkdir -p $T/ng
MASTER=sk-bench-master-key-0001
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
ANSWER='{"id":"chatcmpl-bench","object":"chat.completion","created":1764900000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}'
cat > $T/ng/nginx.conf <<NG
worker_processes 1; daemon off; master_process off; pid $T/ng/nginx.pid; error_log $T/ng/error.log warn;
events { worker_connections 8192; }
http { access_log off; client_body_temp_path $T/ng/cb; proxy_temp_path $T/ng/p; fastcgi_temp_path $T/ng/f; uwsgi_temp_path $T/ng/u; scgi_temp_path $T/ng/s;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$UP; location / { default_type application/json; return 200 '$ANSWER'; } }
  upstream u { server 127.0.0.1:$UP; keepalive 64; keepalive_requests 1000000; }
  server { listen 127.0.0.1:$((GW+1)); location /readyz { return 200 'ok'; } location / { proxy_pass http://u; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
NG
taskset -c 0 nginx -e $T/ng/error.log -p $T/ng -c $T/ng/nginx.conf > /dev/null 2>&1 & NGPID=$!
cleanup() {
  kill $NGPID $GWPID 2>/dev/null; wait 2>/dev/null
  [[ ${STATE:-memory} == redis ]] && redis-cli --scan --pattern "prof-$$:*" | xargs -r redis-cli del >/dev/null
}
trap cleanup EXIT
usage=false; access=false; level=OFF
[[ $MODE == governed || $MODE == usage ]] && usage=true
[[ $MODE == governed ]] && { access=true; level=INFO; }
cat > $T/gw.yaml <<Y
server:
  port: $GW
  access_log: $access
  io_transport: ${IOT:-auto}
providers:
  upstream:
    type: openai
    base_url: http://127.0.0.1:$UP/v1
models:
  - name: gpt-4o-mini
    provider: upstream
store:
  type: sqlite
  path: $T/gw.db
usage:
  enabled: $usage
  spool_dir: $T/spool
Y
[[ ${STATE:-memory} == redis ]] && printf 'state:\n  type: redis\n  redis_url: redis://127.0.0.1:6379\n  namespace: prof-%s\n' "$$" >> $T/gw.yaml
if [[ $MODE == hop ]]; then
  GW=$((GW+1)); sleep 0.5; GWPID=$NGPID
elif [[ $MODE == vertx ]]; then
  taskset -c 0 java ${OPTS:-} -cp $JAR $(dirname "$0")/VertxProxy.java $GW $UP ${TRANSPORT:-nio} > $T/gw.log 2>&1 & GWPID=$!
else
  JFRO=""; [[ ${JFR:-0} == 1 ]] && JFRO="-XX:StartFlightRecording=settings=profile,delay=${WARM}s,filename=/tmp/prof-$MODE.jfr"
  env GATEHOUSE_MASTER_KEY=$MASTER GATEHOUSE_ACCESS_LOG_LEVEL=$level taskset -c 0 java ${OPTS:-} $JFRO -jar $JAR serve --config $T/gw.yaml > $T/gw.log 2>&1 & GWPID=$!
fi
for i in $(seq 240); do [[ $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$GW/readyz) == 200 ]] && break; sleep 0.5; done
KEY=$MASTER
adm() { curl -sf -X POST -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' -d "$2" http://127.0.0.1:$GW$1; }
if [[ $MODE == governed ]]; then
  adm /admin/v1/teams '{"team_id":"bench","rpm_limit":100000000,"tpm_limit":1000000000,"max_budget":1000000,"budget_duration":"month"}' >/dev/null
  KEY=$(adm /admin/v1/keys '{"team_id":"bench","rpm_limit":100000000,"tpm_limit":1000000000}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
elif [[ $MODE == key ]]; then
  KEY=$(adm /admin/v1/keys '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
fi
cat > $T/post.lua <<L
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
L
curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$BODY" http://127.0.0.1:$GW/v1/chat/completions | head -c 200; echo
[[ -n ${HOOK:-} ]] && eval "$HOOK"
taskset -c 1 wrk -t1 -c32 -d${WARM}s -s $T/post.lua http://127.0.0.1:$GW/v1/chat/completions > /dev/null
snap() { for t in /proc/$1/task/*; do n=$(tr ' ' _ < $t/comm); s=($(cut -d')' -f2 $t/stat)); echo "$n ${s[11]} ${s[12]}"; done | awk '{u[$1]+=$2; s[$1]+=$3} END {for (k in u) print k, u[k], s[k]}'; }
snap $GWPID > $T/a; ng_a=$(cut -d')' -f2 /proc/$NGPID/stat | awk '{print $12+$13}')
uptime
taskset -c 1 wrk -t1 -c32 -d${MEAS}s -s $T/post.lua http://127.0.0.1:$GW/v1/chat/completions > $T/wrk.txt
snap $GWPID > $T/b; ng_b=$(cut -d')' -f2 /proc/$NGPID/stat | awk '{print $12+$13}')
REQS=$(awk '/requests in/ {print $1}' $T/wrk.txt)
grep -E "Requests/sec|Latency|Non-2xx" $T/wrk.txt
HZ=$(getconf CLK_TCK)
echo "nginx-upstream us/req: $(echo "($ng_b-$ng_a)*1000000/$HZ/$REQS" | bc -l | cut -c1-6)"
join $T/a $T/b | awk -v r=$REQS -v hz=$HZ '{du=($4-$2)*1e6/hz/r; ds=($5-$3)*1e6/hz/r; if (du+ds>0.5) printf "%-28s user %6.1f sys %6.1f us/req\n", $1, du, ds}' | sort -k3 -nr
grep VmHWM /proc/$GWPID/status
cp $T/gw.log /tmp/prof-gw.log
if [[ -n ${RATE:-} ]]; then
  for i in $(seq ${RATE_ROUNDS:-3}); do
    for target in direct:$UP target:$GW; do
      BENCH_API_KEY=$KEY BENCH_BODY=$BODY taskset -c 1 wrk -t1 -c10 -d10s --latency -s $(dirname "$0")/rate.lua http://127.0.0.1:${target#*:}/v1/chat/completions -- $RATE \
        > $T/rate.txt 2>&1 || true
      echo "${target%%:*} at $RATE req/s: p50 $(awk '$1=="50%" {print $2}' $T/rate.txt) p99 $(awk '$1=="99%" {print $2}' $T/rate.txt)"
    done
  done
fi
