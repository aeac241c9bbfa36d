#!/usr/bin/env bash
# Whole-process time and peak memory: `hoptrace analyze FILE` against `tcpdump -nr FILE` and `tshark -r FILE` on a
# generated capture of at least 1 GB and 10 M packets (bench module's CaptureGenerator: Flannel VXLAN, Calico
# IP-in-IP, BGP, plain TCP/UDP, IPv6, fragments, ICMP fragmentation needed). Output of all three to /dev/null
# (analyze writes its JSON report to a file). Peak RSS from /usr/bin/time -v; analyze's heap from its GC log
# (-Xmx1g: it must fit). Prints a Markdown table on stdout, progress on stderr.
#
# usage: bench/analyze-vs-tcpdump.sh [CAPTURE]      (builds and generates what is missing)
# environment: PACKETS (10000000), HTTP_BODY (200: ~190-byte frames, 10 M packets ~2 GB), SEED (1),
#              RUNS (3 for analyze and tcpdump), TSHARK (1: one run; 0 skips it), OUT (bench/out)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
packets="${PACKETS:-10000000}"
body="${HTTP_BODY:-200}"
seed="${SEED:-1}"
runs="${RUNS:-3}"
tshark_runs="${TSHARK:-1}"
out="${OUT:-$here/out}"
mkdir -p "$out"
log() { echo "analyze-vs-tcpdump: $*" >&2; }

for tool in tcpdump java; do
  command -v "$tool" >/dev/null || { log "$tool is missing (run ./setup)"; exit 2; }
done
[ -x /usr/bin/time ] || { log "/usr/bin/time is missing (apt-get install time)"; exit 2; }

capture="${1:-}"
if [ -z "$capture" ]; then
  bench_jar="$here/target/hoptrace-bench.jar"
  if [ ! -f "$bench_jar" ]; then
    log "building the bench module..."
    (cd "$root" && mvn -q -B -DskipTests -pl bench -am package) >&2 || { log "no bench module to build"; exit 2; }
  fi
  capture="$out/mix-$packets-body$body-seed$seed.pcap"
  if [ ! -f "$capture" ]; then
    log "generating $capture..."
    java -cp "$bench_jar" io.hoptrace.bench.CaptureGenerator --packets "$packets" --http-body "$body" \
      --seed "$seed" --out "$capture" >&2
  fi
fi
size=$(stat -c %s "$capture")
"$root/hoptrace" analyze --help >/dev/null 2>&1 || { log "hoptrace analyze does not run"; exit 2; }

# one run: prints "wall user sys maxrss_kb"
measure() {
  local t="$out/time.txt"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" > /dev/null 2>"$out/stderr.txt" || true
  tail -1 "$t"
}
best() {  # runs a command RUNS times, keeps the run with the lowest wall time
  local n="$1"; shift
  local bestline="" line
  for ((i = 0; i < n; i++)); do
    line=$(measure "$@")
    log "  $1: $line"
    if [ -z "$bestline" ] || awk -v a="$line" -v b="$bestline" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[1]<y[1])}'; then
      bestline="$line"
    fi
  done
  echo "$bestline"
}

gclog="$out/analyze-gc.log"
log "hoptrace analyze ($runs runs)..."
a=$(HOPTRACE_JAVA_OPTS="-XX:+UseSerialGC -Xmx1g -Xlog:gc:file=$gclog" best "$runs" \
  "$root/hoptrace" analyze "$capture" --format json -o "$out/analyze.json" --no-progress)
heap=$(grep -o '[0-9]*M->[0-9]*M' "$gclog" | sed 's/M->.*//' | sort -n | tail -1)
log "tcpdump -nr ($runs runs)..."
t=$(best "$runs" tcpdump -nr "$capture")
if [ "$tshark_runs" -gt 0 ] && command -v tshark >/dev/null; then
  log "tshark -r (one run; minutes)..."
  s=$(best 1 tshark -r "$capture")
else
  s="- - - -"
fi

read_packets=$(grep -o '"packets" : [0-9]*' "$out/analyze.json" | head -1 | grep -o '[0-9]*$' || true)
flows=$(grep -o '"flows" : [0-9]*' "$out/analyze.json" | head -1 | grep -o '[0-9]*$' || true)

row() { awk -v name="$1" -v l="$2" 'BEGIN{split(l,x," "); printf "| %s | %s | %s | %s | %s |\n", name, x[1], x[2], x[3], (x[4]=="-"?"-":sprintf("%.0f", x[4]/1024))}'; }
echo
echo "capture: $(basename "$capture"), ${read_packets:-?} packets, ${flows:-?} flows, $((size / 1000000)) MB; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall s | user s | sys s | peak RSS MB |"
echo "|---|---|---|---|---|"
row "hoptrace analyze (-Xmx1g, JSON report)" "$a"
row "tcpdump -nr" "$t"
row "tshark -r" "$s"
echo
echo "hoptrace analyze peak heap before a collection: ${heap:-?} MB (-Xmx1g; the GC log is $gclog)"
