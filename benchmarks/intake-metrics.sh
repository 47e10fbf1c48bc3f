# Sourced by the load scripts: what the service answered to POST /v1/intents so far, read from its
# metrics on management port $1 (a line without a status label, a request still in flight, is
# skipped).
counts() {
  curl -s "http://127.0.0.1:$1/q/metrics" |
    awk '/^http_server_requests_seconds_count.*uri="\/v1\/intents"/ {
      if (match($0, /status="[0-9]+"/)) { n[substr($0, RSTART + 8, 3)] += $2 } }
      END { for (s in n) printf "%s=%d ", s, n[s] }'
}
accepted() { counts "$1" | tr ' ' '\n' | awk -F= '$1 == "202" {print $2}'; }
# Intents the service on management port $1 accepted itself (an intent it passed to another replica
# counts there, not here, though both answered 202).
opened() {
  curl -s "http://127.0.0.1:$1/q/metrics" |
    awk '/^omnimargin_intents_status_total.*status="OPEN"/ { n += $2 } END { printf "%d", n }'
}
# Auctions the service on management port $1 holds now (the driver has no solvers: every intent it
# took and did not expire is held, and its collector works over them).
running() {
  curl -s "http://127.0.0.1:$1/q/metrics" |
    awk '/^omnimargin_auction_running / { printf "%d", $2 }'
}
