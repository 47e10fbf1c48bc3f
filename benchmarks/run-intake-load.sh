#!/usr/bin/env bash
# Intake load test: starts the packaged service on a loopback port with the per-IP limit raised
# (one load client is one IP), signs distinct intents, drives them with wrk and prints accepted/s
# and latency percentiles. Traffic goes only to 127.0.0.1. Needs: ./mvnw package, wrk (Debian).
# Usage: benchmarks/run-intake-load.sh [connections=32] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}
seconds=${2:-15}
port=18080
management=19080 # health and metrics: the management interface
work=$(mktemp -d)
trap 'kill "$service" 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f benchmarks/target/benchmarks.jar ] && [ -f intent-api/target/quarkus-app/quarkus-run.jar ] ||
  { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }

for run in warmup measured; do
  java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.SignedIntentsFile \
    out="$work/$run.jsonl" count=$((connections * 6000)) users=8000 >/dev/null
done

# The in-memory store: the figures measure intake's CPU path, not the disk (docs/storage.md).
QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management OMNIMARGIN_STORE=${OMNIMARGIN_STORE:-in-memory} \
  OMNIMARGIN_INTAKE_PER_IP_PER_SECOND=100000000 \
  OMNIMARGIN_INTAKE_PER_IP_BURST=100000000 \
  bin/omnimargin >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null && break
  sleep 0.5
done
grep -h "Signature recovery" "$work/service.log" || true

echo "warm-up (JIT), ${seconds}s, $connections connections:"
wrk -t2 -c"$connections" -d"${seconds}s" -s benchmarks/wrk/intents.lua "http://127.0.0.1:$port" \
  -- "$work/warmup.jsonl" 2 | tail -2
echo "measured, ${seconds}s, $connections connections:"
wrk -t2 -c"$connections" -d"${seconds}s" -s benchmarks/wrk/intents.lua "http://127.0.0.1:$port" \
  -- "$work/measured.jsonl" 2 | tail -2
accepted=$(curl -s "http://127.0.0.1:$management/q/metrics" |
  awk -F' ' '/^http_server_requests_seconds_count.*status="202",uri="\/v1\/intents"/ {print $2}')
echo "service counted ${accepted:-0} accepted submissions (202) over both runs"
