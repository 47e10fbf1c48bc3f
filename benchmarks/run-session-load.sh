#!/usr/bin/env bash
# Auction throughput over solver session sockets: starts the packaged service on a loopback port
# with the solvers allowed, the dev faucet on (traders get collateral, so the margin checks at
# intake and award run for real), the per-IP limit raised (one load client) and a push token for
# the driver's price ticks; prepares signed intents and every solver's signed bids, then submits
# the intents in rounds (the earlier ones warm both JVMs up) and prints, per round, auctions per
# second, submit-to-fill latency and CPU time of the driver and of the hub, then the hub's award
# latency. Both JVMs get a fixed, pre-touched heap, as a server would.
# Usage: benchmarks/run-session-load.sh [auctions per round=20000] [solvers=20] [rounds=4]
#   PROFILE=alloc  record the last round with JFR and print the hub's bytes allocated per auction
#                  (intake, 20 solvers' bids, award, fill booked on both accounts) and where
set -euo pipefail
cd "$(dirname "$0")/.."
auctions=${1:-20000}
solvers=${2:-20}
rounds=${3:-4}
port=18082
work=$(mktemp -d)
trap 'kill "${service:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
. benchmarks/auction-hub.sh
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch} \
  start_auction_hub "$port" "$solvers" "$work" OMNIMARGIN_DEV_MODE=true \
  OMNIMARGIN_ORACLE_PUSH_TOKEN=bench-oracle
. benchmarks/cpu-threads.sh
threads_cpu >"$work/threads.before"
jcmd="$(dirname "$(readlink -f "/proc/$service/exe")")/jcmd"
hub_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$service/stat"; }
java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
  io.omnimargin.bench.SessionLoad hub="http://127.0.0.1:$port/" \
  metrics="http://127.0.0.1:$((port + 1000))/q/metrics" auctions="$auctions" \
  solvers="$solvers" rounds="$rounds" |
  while IFS= read -r line; do
    # the hub's CPU time so far, next to each round's figures
    [[ $line == round* ]] && line="$line [hub CPU so far $(hub_cpu) s]"
    printf '%s\n' "$line"
    if [ "${PROFILE:-}" = alloc ] && [[ $line == "round $((rounds - 1))/$rounds"* ]]; then
      "$jcmd" "$service" JFR.start name=alloc settings=profile filename="$work/alloc.jfr" >/dev/null
      echo "(recording the last round's allocations)"
    fi
  done
threads_cpu >"$work/threads.after"
echo "hub CPU by thread over all rounds (s):"
threads_delta "$work/threads.before" "$work/threads.after"
if [ "${PROFILE:-}" = alloc ]; then
  "$jcmd" "$service" JFR.stop name=alloc >/dev/null
  "$(dirname "$jcmd")/java" -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AllocationReport \
    file="$work/alloc.jfr" ops="$auctions" top=25
fi
