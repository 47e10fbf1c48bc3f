#!/usr/bin/env bash
# Auction throughput over solver session sockets: starts the packaged service on a loopback port
# with the solvers allowed, the dev faucet on (traders get collateral, so the margin checks at
# intake and award run for real), the per-IP limit raised (one load client) and a push token for
# the driver's price ticks; prepares signed intents and every solver's signed bids, then submits
# the intents and prints auctions per second, submit-to-fill latency and the hub's award latency.
# Usage: benchmarks/run-session-load.sh [auctions=20000] [solvers=20]
set -euo pipefail
cd "$(dirname "$0")/.."
auctions=${1:-20000}
solvers=${2:-20}
port=18082
work=$(mktemp -d)
trap 'kill "${service:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
. benchmarks/auction-hub.sh
start_auction_hub "$port" "$solvers" "$work" OMNIMARGIN_DEV_MODE=true \
  OMNIMARGIN_ORACLE_PUSH_TOKEN=bench-oracle
echo "warm-up:"
java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.SessionLoad \
  hub="http://127.0.0.1:$port/" auctions=$((auctions / 2)) solvers="$solvers" | grep auctions/s
echo "measured:"
java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.SessionLoad \
  hub="http://127.0.0.1:$port/" auctions="$auctions" solvers="$solvers"
