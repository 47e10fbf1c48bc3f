#!/usr/bin/env bash
# A cluster on one machine: a real Apache Kafka broker (KRaft mode, its jars gathered by this
# module's Maven build), a redis-server with an append-only file, and N replicas of the packaged
# service, each started by bin/omnimargin in cluster mode on consecutive free loopback ports.
#
#   deploy/local/cluster.sh up N      start the broker, Redis and N replicas; returns when all are ready
#   deploy/local/cluster.sh kill I    SIGKILL replica I (no shutdown hook runs)
#   deploy/local/cluster.sh start I   start replica I again, on its ports, and wait until it is ready
#   deploy/local/cluster.sh down      stop everything this script started
#
# Environment variables given to `up` and `start` pass through to every replica, for example
#   OMNIMARGIN_DEV_MODE=true OMNIMARGIN_SOLVERS_ALLOW=0x... deploy/local/cluster.sh up 3
# OMNIMARGIN_HEAP (default here 512m) sizes each replica's heap; CLUSTER_PROFILE (default local)
# is the Quarkus profile. Everything lives under deploy/local/run/ (or CLUSTER_RUN_DIR): logs, data,
# and replicas.txt with one line per replica, `replica <i> http://127.0.0.1:<port> pid <pid>`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="${CLUSTER_RUN_DIR:-$here/run}"
libs="$here/target/kafka-libs"
app="$root/intent-api/target/quarkus-app/quarkus-run.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

# A process that runs (a zombie left by SIGKILL, not yet reaped, does not).
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first port at or above $1 from which $2 consecutive ports are free.
free_ports() {
  local base=$1 count=$2 i
  while true; do
    for ((i = 0; i < count; i++)); do
      port_free $((base + i)) || break
    done
    if [ "$i" -eq "$count" ]; then
      echo "$base"
      return
    fi
    base=$((base + i + 1))
  done
}

wait_port() { # port seconds what
  local deadline=$((SECONDS + $2))
  until ! port_free "$1"; do
    [ $SECONDS -lt $deadline ] || die "$3 did not listen on port $1 within $2 s"
    sleep 0.2
  done
}

wait_ready() { # replica
  local mport deadline=$((SECONDS + 120))
  mport=$(cat "$run/replica-$1/management.port")
  until curl -fsS "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1; do
    if ! alive "$(cat "$run/replica-$1/pid")"; then
      die "replica $1 exited; see $run/replica-$1/replica.log"
    fi
    [ $SECONDS -lt $deadline ] || die "replica $1 not ready within 120 s; see $run/replica-$1/replica.log"
    sleep 0.5
  done
}

build_if_missing() {
  if [ ! -d "$libs" ] || [ ! -f "$app" ]; then
    say "building the service and the broker's jars first (./mvnw -B -q package -DskipTests)"
    (cd "$root" && ./mvnw -B -q package -DskipTests)
  fi
}

start_kafka() {
  local port controller
  port=$(free_ports 19092 2)
  controller=$((port + 1))
  mkdir -p "$run/kafka"
  cat >"$run/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$run/kafka/logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=500
num.partitions=1
EOF
  "$java_bin" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$("$java_bin" -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
    -c "$run/kafka/server.properties" >"$run/kafka/format.log" 2>&1 ||
    die "formatting the broker's log directory failed; see $run/kafka/format.log"
  nohup "$java_bin" -Xmx512m -cp "$libs/*" kafka.Kafka "$run/kafka/server.properties" \
    >"$run/kafka/broker.log" 2>&1 &
  echo $! >"$run/kafka/pid"
  echo "127.0.0.1:$port" >"$run/kafka/bootstrap"
  wait_port "$port" 60 "the Kafka broker"
  say "kafka broker 127.0.0.1:$port pid $(cat "$run/kafka/pid")"
}

start_redis() {
  local port
  command -v redis-server >/dev/null || die "redis-server is missing: apt-get install redis-server"
  port=$(free_ports 16379 1)
  mkdir -p "$run/redis"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$run/redis" --appendonly yes \
    --daemonize yes --pidfile "$run/redis/pid" --logfile "$run/redis/redis.log"
  echo "redis://127.0.0.1:$port" >"$run/redis/url"
  wait_port "$port" 10 "redis-server"
  say "redis-server 127.0.0.1:$port"
}

# Starts replica $1 on the ports recorded for it; does not wait.
launch() {
  local i=$1 dir="$run/replica-$1"
  local port mport
  port=$(cat "$dir/http.port")
  mport=$(cat "$dir/management.port")
  (
    cd "$dir"
    OMNIMARGIN_HEAP="${OMNIMARGIN_HEAP:-512m}" OMNIMARGIN_APP="$app" nohup "$root/bin/omnimargin" \
      -Dquarkus.profile="${CLUSTER_PROFILE:-local}" \
      -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
      -Domnimargin.cluster.kafka-bootstrap-servers="$(cat "$run/kafka/bootstrap")" \
      -Domnimargin.cluster.replica-id="replica-$i" \
      -Domnimargin.cluster.advertised-url="http://127.0.0.1:$port" \
      -Domnimargin.store=redis -Dquarkus.redis.hosts="$(cat "$run/redis/url")" \
      >>"$dir/replica.log" 2>&1 &
    echo $! >"$dir/pid"
  )
}

line() { echo "replica $1 http://127.0.0.1:$(cat "$run/replica-$1/http.port") pid $(cat "$run/replica-$1/pid")"; }

write_lines() {
  local dir i
  : >"$run/replicas.txt"
  for dir in "$run"/replica-*; do
    i=${dir##*-}
    line "$i" >>"$run/replicas.txt"
  done
  sort -n -k2 -o "$run/replicas.txt" "$run/replicas.txt"
}

up() {
  local n=${1:?usage: cluster.sh up N} base mbase i
  [ "$n" -ge 1 ] || die "N must be at least 1"
  [ ! -f "$run/kafka/pid" ] || die "a cluster is already up (deploy/local/cluster.sh down first)"
  build_if_missing
  rm -rf "$run"
  mkdir -p "$run"
  start_kafka
  start_redis
  base=$(free_ports 8081 "$n")
  mbase=$(free_ports $((base + 1000)) "$n")
  for ((i = 1; i <= n; i++)); do
    mkdir -p "$run/replica-$i"
    echo $((base + i - 1)) >"$run/replica-$i/http.port"
    echo $((mbase + i - 1)) >"$run/replica-$i/management.port"
    launch "$i"
  done
  for ((i = 1; i <= n; i++)); do
    wait_ready "$i"
    line "$i"
  done
  write_lines
}

kill_replica() {
  local i=${1:?usage: cluster.sh kill I}
  [ -f "$run/replica-$i/pid" ] || die "no replica $i"
  local pid
  pid=$(cat "$run/replica-$i/pid")
  kill -9 "$pid" 2>/dev/null || true
  while alive "$pid"; do sleep 0.1; done
  say "replica $i killed (SIGKILL)"
}

start_replica() {
  local i=${1:?usage: cluster.sh start I}
  [ -d "$run/replica-$i" ] || die "no replica $i (up N makes replicas 1..N)"
  if alive "$(cat "$run/replica-$i/pid")"; then
    die "replica $i is running"
  fi
  launch "$i"
  wait_ready "$i"
  line "$i"
  write_lines
}

# Asks a process to stop and waits up to 10 s for it to go.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + 10))
  kill "$pid" 2>/dev/null || return 0
  while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
}

down() {
  local dir
  for dir in "$run"/replica-*; do
    if [ -f "$dir/pid" ]; then stop_pid "$(cat "$dir/pid")"; fi
  done
  if [ -f "$run/redis/pid" ]; then stop_pid "$(cat "$run/redis/pid")"; fi
  if [ -f "$run/kafka/pid" ]; then stop_pid "$(cat "$run/kafka/pid")"; fi
  rm -f "$run/kafka/pid"
  say "down"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  kill) kill_replica "${2:-}" ;;
  start) start_replica "${2:-}" ;;
  down) down ;;
  *) die "usage: cluster.sh up N | kill I | start I | down" ;;
esac
