#!/usr/bin/env bash
# Intake through a cluster against one process, in the same run, on the same redis-server: first
# one packaged service with the Redis store and no broker, then deploy/local/cluster.sh's replicas
# (real KRaft broker, the same Redis), wrk spread over every replica so that most requests are
# forwarded to the ledger's owner. Margin gate on, distinct signed intents, per-IP limits raised
# (one load client is one IP). Then, unless FAILOVER=off, the owner is killed with SIGKILL under
# load and the script prints how long intake answered nothing but 503s or refused connections.
# Everything (wrk, the broker, Redis, every replica) shares this machine's cores: say so with the
# figures. Traffic goes only to 127.0.0.1.
# Needs: ./mvnw -B -q package -DskipTests, wrk and redis-server (Debian).
#
# Usage: benchmarks/run-cluster-load.sh [connections=16] [seconds=15] [replicas=3]
#   USERS=20000   distinct wallets (each funded with 10 ETH on chain 1)
#   WARMUP=240    seconds of load on the cluster before its measured run: a replica sees a third of
#                 the load at a fraction of one process's rate, and each JVM's JIT spends minutes of
#                 CPU (about 200 s of compile time per JVM here) before the hot path runs compiled
#   SINGLE_WARMUP=60   the same for the one process
#   THREADS=on    also print each replica's CPU by thread over the cluster's measured run
#   PROFILE=owner record the owner's part of the cluster's measured run with JFR and print where
#                 its CPU went (by area, by the innermost method of ours) and what it allocated
#   LEDGER=partitioned   the cluster on a partitioned ledger (omnimargin.cluster.ledger): every
#                        replica takes intake, passing each intent to the replica that writes its
#                        trader's partition; accepted intents are then the intents opened on all
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
seconds=${2:-15}
warmup=${WARMUP:-240}
single_warmup=${SINGLE_WARMUP:-60}
replicas=${3:-3}
users=${USERS:-20000}
count=$((25000 * seconds))
work=$(mktemp -d)
export CLUSTER_RUN_DIR="$work/cluster"
trap 'kill "${single:-}" 2>/dev/null || true; [ -f "$work/redis/pid" ] && kill "$(cat "$work/redis/pid")" 2>/dev/null; deploy/local/cluster.sh down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f benchmarks/target/benchmarks.jar ] && [ -f intent-api/target/quarkus-app/quarkus-run.jar ] ||
  { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
bench() { java -cp benchmarks/target/benchmarks.jar "$@"; }
. benchmarks/intake-metrics.sh
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) before the run"
ledger=${LEDGER:-single-writer}
export OMNIMARGIN_DEV_MODE=true OMNIMARGIN_INTAKE_PER_IP_PER_SECOND=100000000 \
  OMNIMARGIN_INTAKE_PER_IP_BURST=100000000 OMNIMARGIN_HEAP=${OMNIMARGIN_HEAP:-1g}

files() { # prefix n: n files of distinct signed intents, count/n each
  for i in $(seq 1 "$2"); do
    bench io.omnimargin.bench.SignedIntentsFile out="$work/$1-$i.jsonl" count=$((count / $2)) \
      users="$users" >/dev/null
  done
}
ready() { # management port
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "not ready: management port $1" >&2
  return 1
}
cpu() { # pid: CPU seconds (user + system) it has used so far
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_line() { # "name pid" pairs: CPU used since the marks taken by cpu_mark
  local out="" name pid
  while read -r name pid; do
    out+="$name $(awk -v a="${marks[$name]}" -v b="$(cpu "$pid")" 'BEGIN {printf "%.1f", b - a}') s, "
  done <<<"$1"
  echo "  CPU in the measured run: ${out%, }"
}
declare -A marks
cpu_mark() { # "name pid" pairs
  local name pid
  while read -r name pid; do marks[$name]=$(cpu "$pid"); done <<<"$1"
}
threads_mark() { # each replica's CPU by thread group, before the measured run
  . benchmarks/cpu-threads.sh
  local i
  for i in $(seq 1 "$replicas"); do
    service=$(cat "$CLUSTER_RUN_DIR/replica-$i/pid")
    threads_cpu >"$work/threads-$i.before"
  done
}
threads_report() { # and what each used in it, by thread group (head closes the pipe: no pipefail)
  local i
  set +o pipefail
  for i in $(seq 1 "$replicas"); do
    service=$(cat "$CLUSTER_RUN_DIR/replica-$i/pid")
    threads_cpu >"$work/threads-$i.after"
    echo "  replica $i, CPU s by thread:"
    threads_delta "$work/threads-$i.before" "$work/threads-$i.after"
  done
  set -o pipefail
}
drive() { # label seconds url... : one wrk per url, the connections shared out, all at once
  local label=$1 secs=$2
  shift 2
  local n=$# per=$(((connections + $# - 1) / $#)) i=0 pids=()
  for url in "$@"; do
    i=$((i + 1))
    wrk -t1 -c"$per" -d"${secs}s" -s benchmarks/wrk/intents.lua "$url" -- "$work/$label-$i.jsonl" 1 \
      >"$work/$label-$i.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}" # the wrk runs only, not the services started in the background
  for i in $(seq 1 "$n"); do
    echo "  wrk to ${!i}: $(grep -h '^requests' "$work/$label-$i.out" | cut -d';' -f1); $(grep -h '^latency' "$work/$label-$i.out")"
  done
}

# --- one process, the Redis store (a redis-server of its own, as the cluster's), no broker ----
mkdir -p "$work/redis"
redis-server --port 16399 --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --save "" \
  --daemonize yes --pidfile "$work/redis/pid" >/dev/null
redis_url=redis://127.0.0.1:16399
count=$((2500 * single_warmup)) files single-warm 1
files single 1
QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19080 OMNIMARGIN_STORE=redis \
  QUARKUS_REDIS_HOSTS="$redis_url" OMNIMARGIN_REDIS_KEY_PREFIX=single: \
  bin/omnimargin -Dquarkus.profile=local >"$work/single.log" 2>&1 &
single=$!
ready 19080
bench io.omnimargin.bench.IntakeSetup port=18080 users="$users" >/dev/null
echo "one process (Redis store), $connections connections:"
drive single-warm "$single_warmup" http://127.0.0.1:18080 >/dev/null
before=$(accepted 19080)
procs="service $single"
cpu_mark "$procs"
drive single "$seconds" http://127.0.0.1:18080
cpu_line "$procs"
echo "  accepted: $(( ($(accepted 19080) - before) / seconds ))/s; answers by status over both runs: $(counts 19080)"
echo "  auctions held: $(running 19080)"
kill "$single"
wait "$single" 2>/dev/null || true
single=
kill "$(cat "$work/redis/pid")"

# --- the cluster ---------------------------------------------------------------------------
OMNIMARGIN_CLUSTER_LEDGER=$ledger deploy/local/cluster.sh up "$replicas" | grep '^replica'
urls=()
owner=
for i in $(seq 1 "$replicas"); do
  port=$(cat "$CLUSTER_RUN_DIR/replica-$i/http.port")
  mport=$(cat "$CLUSTER_RUN_DIR/replica-$i/management.port")
  urls+=("http://127.0.0.1:$port")
  if curl -s "http://127.0.0.1:$mport/q/health/ready" | grep -q '"ledger" *: *"owner"'; then
    owner=$i
  fi
done
mports=()
for i in $(seq 1 "$replicas"); do mports+=("$(cat "$CLUSTER_RUN_DIR/replica-$i/management.port")"); done
accepted_cluster() { # the owner's count; on a partitioned ledger every replica takes intake
  if [ "$ledger" = partitioned ]; then
    # intents opened, summed: a replica passes an intent to its partition's writer, and both
    # count the 202 they answered
    local sum=0 port n
    for port in "${mports[@]}"; do
      n=$(opened "$port")
      sum=$((sum + ${n:-0}))
    done
    echo "$sum"
  else
    accepted "$omport"
  fi
}
if [ "$ledger" = partitioned ]; then
  echo "replica $owner owns the ledger's workflows; every replica takes intake (partitioned ledger)"
else
  echo "replica $owner owns the ledger; the others forward to it"
fi
omport=$(cat "$CLUSTER_RUN_DIR/replica-$owner/management.port")
count=$((1000 * warmup)) files cluster-warm "$replicas"
files cluster "$replicas"
bench io.omnimargin.bench.IntakeSetup port="${urls[0]##*:}" users="$users" >/dev/null
echo "cluster of $replicas, $connections connections spread over every replica:"
drive cluster-warm "$warmup" "${urls[@]}" >/dev/null # each replica warms its own JIT
before=$(accepted_cluster)
procs="broker $(cat "$CLUSTER_RUN_DIR/kafka/pid")"
for i in $(seq 1 "$replicas"); do
  procs+=$'\n'"replica-$i$([ "$i" = "$owner" ] && echo "(owner)") $(cat "$CLUSTER_RUN_DIR/replica-$i/pid")"
done
cpu_mark "$procs"
[ "${THREADS:-off}" = on ] && threads_mark
if [ "${PROFILE:-}" = owner ]; then
  opid=$(cat "$CLUSTER_RUN_DIR/replica-$owner/pid")
  jcmd="$(dirname "$(readlink -f "/proc/$opid/exe")")/jcmd"
  "$jcmd" "$opid" JFR.start name=owner settings=profile filename="$work/owner.jfr" >/dev/null
fi
drive cluster "$seconds" "${urls[@]}"
cpu_line "$procs"
[ "${THREADS:-off}" = on ] && threads_report
echo "  accepted: $(( ($(accepted_cluster) - before) / seconds ))/s ($ledger); by status over both runs, the owner's: $(counts "$omport")"
echo "  auctions held by the owner: $(running "$omport")"
if [ "${PROFILE:-}" = owner ]; then
  "$jcmd" "$opid" JFR.stop name=owner >/dev/null
  echo "  the owner's recording, per intent accepted by the cluster:"
  "$(dirname "$jcmd")/java" -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AllocationReport \
    file="$work/owner.jfr" ops=$(($(accepted_cluster) - before)) top=30 | sed 's/^/  /'
fi

[ "${FAILOVER:-on}" = off ] && exit 0
# --- fail-over under load --------------------------------------------------------------------
files failover 1
survivor=$((owner % replicas + 1))
surl=${urls[$((survivor - 1))]}
echo "fail-over: wrk on replica $survivor for 20 s; replica $owner (the owner) SIGKILLed after 5 s"
bench io.omnimargin.bench.IntakeGaps url="$surl" seconds=20 file="$work/failover-1.jsonl" \
  >"$work/gaps.out" &
gaps=$!
reopened=$(cat "$CLUSTER_RUN_DIR"/replica-*/replica.log | grep -c "live intents reopened" || true)
sleep 5
deploy/local/cluster.sh kill "$owner"
wait "$gaps"
cat "$work/gaps.out"
grep -h "Intake ready" "$CLUSTER_RUN_DIR"/replica-*/replica.log | sort | tail -1
grep -h "owns the ledger at epoch" "$CLUSTER_RUN_DIR"/replica-*/replica.log | sort | tail -1
# the new owner reads the live intents and reopens their auctions on its auction timer, ahead of
# new ones: wait for its line (the first owner wrote one at its start, before the load)
for _ in $(seq 1 240); do
  [ "$(cat "$CLUSTER_RUN_DIR"/replica-*/replica.log | grep -c "live intents reopened" || true)" -gt "$reopened" ] && break
  sleep 0.5
done
grep -h "live intents read in" "$CLUSTER_RUN_DIR"/replica-*/replica.log | sort | tail -1 || true
grep -h "live intents reopened" "$CLUSTER_RUN_DIR"/replica-*/replica.log | sort | tail -1 || true
