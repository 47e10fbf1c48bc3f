#!/usr/bin/env bash
# Intake load test with the margin gate on: starts the packaged service (bin/omnimargin) on a
# loopback port in dev mode with the per-IP limit raised (one load client is one IP), prices ETH
# and funds every user through the faucet, signs distinct intents up front, drives them with wrk
# and prints accepted/s and latency percentiles. Traffic goes only to 127.0.0.1.
# Needs: ./mvnw -B -q package -DskipTests, wrk (Debian).
#
# Usage: benchmarks/run-intake-load.sh [connections=16] [seconds=15]
#   USERS=20000              distinct wallets (each funded with 10 ETH on chain 1)
#   INTENTS=25000*seconds    distinct signed intents per run (warm-up and measured each)
#   OMNIMARGIN_STORE=in-memory   or embedded, to measure the durable default
#   PROFILE=alloc            record the measured run with JFR and print bytes allocated per
#                            accepted intent and the sites that allocate most
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
seconds=${2:-15}
users=${USERS:-20000}
count=${INTENTS:-$((25000 * seconds))}
port=18080
management=19080 # health and metrics: the management interface
work=$(mktemp -d)
trap 'kill "${service:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f benchmarks/target/benchmarks.jar ] && [ -f intent-api/target/quarkus-app/quarkus-run.jar ] ||
  { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
bench() { java -cp benchmarks/target/benchmarks.jar "$@"; }
. benchmarks/cpu-threads.sh
. benchmarks/intake-metrics.sh
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) before the run"

for run in warmup measured; do
  bench io.omnimargin.bench.SignedIntentsFile out="$work/$run.jsonl" count="$count" users="$users" \
    >/dev/null
done

# The in-memory store: the figures measure intake's CPU path, not the disk (docs/storage.md).
QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management OMNIMARGIN_STORE=${OMNIMARGIN_STORE:-in-memory} \
  OMNIMARGIN_DEV_MODE=true OMNIMARGIN_ORACLE_PUSH_TOKEN=bench-oracle \
  OMNIMARGIN_INTAKE_PER_IP_PER_SECOND=100000000 \
  OMNIMARGIN_INTAKE_PER_IP_BURST=100000000 \
  bin/omnimargin >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null && break
  sleep 0.5
done
grep -h "omnimargin: java\|Signature recovery" "$work/service.log" || true
bench io.omnimargin.bench.IntakeSetup port=$port users="$users"

echo "warm-up (JIT), ${seconds}s, $connections connections, $count distinct intents of $users users:"
wrk -t2 -c"$connections" -d"${seconds}s" -s benchmarks/wrk/intents.lua "http://127.0.0.1:$port" \
  -- "$work/warmup.jsonl" 2 | tail -2
before=$(accepted "$management")
if [ "${PROFILE:-}" = alloc ]; then
  jcmd="$(dirname "$(readlink -f "/proc/$service/exe")")/jcmd"
  "$jcmd" "$service" JFR.start name=alloc settings=profile filename="$work/alloc.jfr" >/dev/null
fi
# CPU seconds (user + system) the service has used so far
service_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$service/stat"; }
threads_cpu >"$work/threads.before"
cpu_before=$(service_cpu)
wall_before=$(date +%s.%N)
echo "measured, ${seconds}s, $connections connections:"
/usr/bin/time -f "wrk CPU %U s user + %S s system" -o "$work/wrk.time" \
  wrk -t2 -c"$connections" -d"${seconds}s" -s benchmarks/wrk/intents.lua "http://127.0.0.1:$port" \
  -- "$work/measured.jsonl" 2 | tail -2
cpu_after=$(service_cpu)
wall_after=$(date +%s.%N)
after=$(accepted "$management")
echo "service: $((after - before)) accepted in the measured run; responses by status over both runs: $(counts "$management")"
# wrk's own start (it reads the intents file) is inside the window: the share is over the window
awk -v a="$cpu_before" -v b="$cpu_after" -v n=$((after - before)) -v w0="$wall_before" -v w1="$wall_after" \
  'BEGIN { w = w1 - w0; printf "service CPU %.1f s in a window of %.1f s (%.0f%% of two cores): %.0f us per accepted intent\n", b - a, w, 100 * (b - a) / (2 * w), 1e6 * (b - a) / n }'
cat "$work/wrk.time"
threads_cpu >"$work/threads.after"
echo "service CPU by thread in the measured run (s):"
threads_delta "$work/threads.before" "$work/threads.after"
if [ $((after - before)) -gt "$count" ]; then
  echo "note: more accepted than distinct intents: raise INTENTS (the rest were resubmissions)"
fi
if [ "${PROFILE:-}" = alloc ]; then
  "$jcmd" "$service" JFR.stop name=alloc >/dev/null
  "$(dirname "$jcmd")/java" -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AllocationReport \
    file="$work/alloc.jfr" ops=$((after - before)) top=25
fi
