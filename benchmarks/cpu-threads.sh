# Sourced by the load scripts: the service's CPU time per thread ($service is its pid), by thread
# name with its numbers dropped (vert.x-eventloop-thread-1 -> vert.x-eventloop-thread-#).
threads_cpu() {
  for t in /proc/"$service"/task/*; do
    awk -v hz="$(getconf CLK_TCK)" '{ name = $0; sub(/^[^(]*\(/, "", name); sub(/\).*$/, "", name);
      gsub(/[0-9]+/, "#", name); n = split($0, f, ") "); split(f[n], g, " ");
      printf "%s\t%.2f\n", name, (g[12] + g[13]) / hz }' "$t/stat" 2>/dev/null
  done | awk -F'\t' '{ s[$1] += $2 } END { for (k in s) printf "%s\t%.2f\n", k, s[k] }' | sort
}

# The CPU each thread group used between two threads_cpu snapshots, largest first.
threads_delta() {
  join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$1" "$2" |
    awk -F'\t' '{ d = $3 - $2; if (d >= 0.1) printf "  %6.2f  %s\n", d, $1 }' | sort -rn | head -15
}
