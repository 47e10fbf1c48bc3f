#!/usr/bin/env bash
# State-proof verification, ours (JMH, one thread) against @ethereumjs/mpt (Node, one thread), on
# the same fixture cases in the same run; prints both rates and the ratio.
# Needs: ./mvnw -B package -DskipTests, Node with npm. Usage: benchmarks/run-proof-bench.sh [fixtures]
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=$(cd "$(dirname "${1:-../shared/fixtures/state-proofs.json}")" && pwd)/$(basename "${1:-state-proofs.json}")
[ -f benchmarks/target/benchmarks.jar ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
(cd benchmarks/node && npm ci --no-audit --no-fund --silent)

java_rate=$(java -jar benchmarks/target/benchmarks.jar ProofVerificationBenchmark -f 1 -wi 2 -w 3s -i 5 -r 5s -t 1 \
  -jvmArgs "-Dfixtures=$fixtures" -rf csv -rff /tmp/proof-bench.csv >/dev/null && awk -F, 'NR==2 {printf "%.0f", $5}' /tmp/proof-bench.csv)
node_line=$(cd benchmarks/node && node bench-proofs.mjs "$fixtures" 10)
node_rate=$(echo "$node_line" | sed -E 's/.*: ([0-9]+) .*/\1/')
echo "omnimargin (Java, JMH): $java_rate accountAndTwoSlots/s"
echo "$node_line"
awk -v j="$java_rate" -v n="$node_rate" 'BEGIN {printf "ratio: %.1fx\n", j / n}'
