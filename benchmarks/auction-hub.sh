# Sourced by the auction load scripts. start_auction_hub PORT SOLVERS WORKDIR [VAR=value ...]
# starts the packaged service on a loopback port (its management interface, health and metrics, on
# PORT + 1000) with the load's solvers allowed, the per-IP limit raised (one load client is one IP)
# and the extra environment given, waits until it is ready and leaves its pid in $service.
# HUB_JAVA_OPTS passes JVM options (a JFR recording, say).
start_auction_hub() {
  local port=$1 solvers=$2 work=$3 allow
  shift 3
  [ -f benchmarks/target/benchmarks.jar ] && [ -f intent-api/target/quarkus-app/quarkus-run.jar ] ||
    { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
  allow=$(java -cp benchmarks/target/benchmarks.jar io.omnimargin.bench.AuctionLoad print-allow \
    solvers="$solvers")
  # The in-memory store: the figures measure the auction path, not the disk (docs/storage.md).
  env QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT=$((port + 1000)) \
    OMNIMARGIN_SOLVERS_ALLOW="$allow" \
    OMNIMARGIN_STORE="${OMNIMARGIN_STORE:-in-memory}" \
    OMNIMARGIN_INTAKE_PER_IP_PER_SECOND=100000000 OMNIMARGIN_INTAKE_PER_IP_BURST=100000000 "$@" \
    JAVA_OPTS="${HUB_JAVA_OPTS:-}" bin/omnimargin \
    >"$work/service.log" 2>&1 &
  service=$!
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$((port + 1000))/q/health/ready" >/dev/null && return
    sleep 0.5
  done
  echo "the service did not become ready; its log:" >&2
  cat "$work/service.log" >&2
  exit 1
}
