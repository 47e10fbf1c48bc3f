#!/usr/bin/env bash
# Auction load test: starts the packaged service on a loopback port with 20 solvers allowed, the
# margin gate off and the per-IP limit raised (one load client), connects 20 SDK solvers, submits
# signed margin orders and prints auctions per second and the hub's award latency (p50/p99).
# Usage: benchmarks/run-auction-load.sh [auctions=2000] [solvers=20]
set -euo pipefail
cd "$(dirname "$0")/.."
auctions=${1:-2000}
solvers=${2:-20}
port=18081
work=$(mktemp -d)
trap 'kill "${service:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
. benchmarks/auction-hub.sh
start_auction_hub "$port" "$solvers" "$work" OMNIMARGIN_MARGIN_GATE_INTAKE=false
echo "warm-up:"
java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AuctionLoad \
  hub="http://127.0.0.1:$port/" metrics="http://127.0.0.1:$((port + 1000))/q/metrics" \
  auctions=$((auctions / 2)) solvers="$solvers" | head -1
echo "measured:"
java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AuctionLoad \
  hub="http://127.0.0.1:$port/" metrics="http://127.0.0.1:$((port + 1000))/q/metrics" \
  auctions="$auctions" solvers="$solvers"
