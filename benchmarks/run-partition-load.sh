#!/usr/bin/env bash
# Partitioned-ledger load: a real KRaft broker and the ledger's partition writers in one JVM (the
# in-memory partition store: Redis is left out), trades submitted round the writers and each timed
# to its owner's answer. Needs the packaged benchmarks jar (./mvnw -B package -DskipTests).
# Usage: benchmarks/run-partition-load.sh [trades=20000] [inflight=256]; runs 1, 2, 4 and 6
# partitions with one writer, then 6 partitions with two.
set -euo pipefail
cd "$(dirname "$0")/.."
trades=${1:-20000}
inflight=${2:-256}
for config in "1 1" "2 1" "4 1" "6 1" "6 2"; do
  set -- $config
  java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.PartitionLoad \
    partitions="$1" writers="$2" trades="$trades" inflight="$inflight" | grep -v "^warm-up"
done
