#!/usr/bin/env bash
# Live capture speed: `hoptrace capture -i VETH -w F` against `tcpdump -i VETH -w F` on the same traffic. A veth
# pair gets one end in a network namespace of its own, where veth-blast (bench/veth-blast.c, compiled here) sends
# 64-byte UDP frames at a set rate; both tools capture on the other end into a tmpfs (the capture, not the disk, is
# measured). For each rate and tool: packets the interface received, packets in the file, the tool's drop
# counters, and the CPU time (user + system, all threads) the tool used per packet while the traffic ran. "Zero
# drops" means the file holds every packet the interface received.
# Prints a Markdown table on stdout, progress on stderr.
#
# usage: sudo bench/live-capture-vs-tcpdump.sh
# environment: RATES ("25000 50000 100000 150000 0"; 0 = as fast as the generator goes), SECONDS_PER_RUN (5)
#              after WARMUP_SECONDS (2) of the same traffic (in the file, not in the CPU figure),
#              RUNS (3, the median is reported), FRAME (64), OUT (bench/out/live),
#              TOOLS ("hoptrace hoptrace-loop tcpdump tcpdump-B16M": hoptrace-loop reads through pcap4j's loop()
#              instead of pcap_next_ex (-Dhoptrace.capture.reader=loop); tcpdump-B16M is tcpdump -B 16384, the
#              kernel buffer hoptrace uses by default, where plain tcpdump has libpcap's 2 MiB)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
rates="${RATES:-25000 50000 100000 150000 0}"
tools="${TOOLS:-hoptrace hoptrace-loop tcpdump tcpdump-B16M}"
seconds="${SECONDS_PER_RUN:-5}"
warmup="${WARMUP_SECONDS:-2}"
runs="${RUNS:-3}"
frame="${FRAME:-64}"
out="${OUT:-$here/out/live}"
log() { echo "live-capture-vs-tcpdump: $*" >&2; }

[ "$(id -u)" = 0 ] || { log "needs root (network namespaces, capture)"; exit 2; }
for tool in tcpdump capinfos gcc ip java mvn; do
  command -v "$tool" >/dev/null || { log "$tool is missing (run ./setup)"; exit 2; }
done
mkdir -p "$out"

# 1. hoptrace (the launcher builds when sources changed) and the generator. The runs start the jar with the
# launcher's JVM options, not the launcher, so that no run ever pays for a build.
"$root/hoptrace" capture --help >/dev/null 2>&1 || { log "'hoptrace capture' does not run"; exit 2; }
jar="$root/cli/target/hoptrace.jar"
gcc -O2 -Wall -o "$out/veth-blast" "$here/veth-blast.c"

# 2. the veth pair, a namespace, a tmpfs; all removed on exit
suffix=$$
ns="hoptrace-bench-$suffix"
cap_if="hbc$suffix"
gen_if="hbg$suffix"
files="$out/tmpfs"
cleanup() {
  pkill -P $$ 2>/dev/null || true
  ip link del "$cap_if" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  mountpoint -q "$files" && umount "$files" || true
}
trap cleanup EXIT
ip netns add "$ns"
ip link add "$cap_if" type veth peer name "$gen_if"
ip link set "$gen_if" netns "$ns"
sysctl -qw "net.ipv6.conf.$cap_if.disable_ipv6=1"   # no router solicitations: only the generator's frames
ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$gen_if.disable_ipv6=1"
ip link set "$cap_if" up
ip netns exec "$ns" ip link set "$gen_if" up
mkdir -p "$files"
mount -t tmpfs -o size=6g tmpfs "$files"
rx() { cat "/sys/class/net/$cap_if/statistics/rx_packets"; }
# frames go to a MAC nobody has: the capture end sees them (promiscuous), the stack then drops them quietly
dst_mac="02:00:00:00:be:ef"

blast() {  # rate seconds -> prints the generator's achieved rate
  ip netns exec "$ns" "$out/veth-blast" "$gen_if" "$dst_mac" "$1" "$2" "$frame" | sed -E 's/.*\(([0-9]+) packets\/s\)/\1/'
}

cpu_seconds() {  # pid -> user+system CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

# one run: tool rate -> "sent/s received in_file kernel_drops queue_drops cpu_us_per_packet"
run_one() {
  local tool=$1 rate=$2 file="$files/$1.pcapng" err="$out/$1.err" pid
  # the last run's stderr must go first: the wait for "ready" below would read it before the new process
  # truncates it, and start the traffic while the capture is still starting (seen: the first second lost)
  rm -f "$file" "$err"
  local ready="listening on"
  case "$tool" in
    hoptrace|hoptrace-loop)
      java -XX:+UseSerialGC -Dhoptrace.capture.reader="$([ "$tool" = hoptrace-loop ] && echo loop || echo next)" \
        -jar "$jar" capture -i "$cap_if" -w "$file" udp port 9000 2> "$err" &
      ready="^hoptrace: writing" ;;
    tcpdump-B16M) tcpdump -B 16384 -i "$cap_if" -w "$file" udp port 9000 2> "$err" & ;;
    tcpdump) tcpdump -i "$cap_if" -w "$file" udp port 9000 2> "$err" & ;;
    *) log "unknown tool $tool"; exit 2 ;;
  esac
  pid=$!
  until grep -q "$ready" "$err" 2>/dev/null; do sleep 0.1; kill -0 "$pid" || { cat "$err" >&2; exit 1; }; done
  local rx_start rx0 rx1 generated cpu0 cpu
  rx_start=$(rx)
  blast "$rate" "$warmup" > /dev/null  # warms the JIT; counted in the file, not in the CPU figure
  rx0=$(rx)
  cpu0=$(cpu_seconds "$pid")
  generated=$(blast "$rate" "$seconds")
  sleep 1.5  # both tools hand over partly filled kernel blocks within their read timeout (tcpdump: 1 s)
  rx1=$(rx)
  cpu=$(awk -v a="$cpu0" -v b="$(cpu_seconds "$pid")" 'BEGIN { print b - a }')
  kill -0 "$pid" || { log "$tool died:"; cat "$err" >&2; exit 1; }
  kill -TERM "$pid"
  wait "$pid" || true
  cp "$err" "$out/$tool-$rate-$(date +%s%N).err"
  local captured kernel queue
  captured=$(capinfos -c -M "$file" | awk '/Number of packets/ { print $NF }')
  kernel=$(awk '/dropped by kernel/ { print $1 }' "$err")
  queue=$(awk '/dropped by hoptrace queue/ { print $1 }' "$err")
  echo "$generated $((rx1 - rx_start)) $captured ${kernel:-0} ${queue:--} $(awk -v c="$cpu" -v n=$((rx1 - rx0)) \
    'BEGIN { printf "%.2f", (n > 0 ? c * 1e6 / n : 0) }')"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

log "generator alone, as fast as it goes: $(blast 0 3) packets/s of $frame-byte frames"
echo "| rate asked | tool | sent/s | received by veth | in file | dropped (kernel / hoptrace queue) | zero drops | CPU µs/packet |"
echo "|---|---|---|---|---|---|---|---|"
for rate in $rates; do
  for tool in $tools; do
    rows=()
    for ((i = 1; i <= runs; i++)); do
      rows+=("$(run_one "$tool" "$rate")")
      log "rate $rate, $tool, run $i: ${rows[-1]}"
    done
    # the run with the median loss (received - in file) stands for the rate
    pick=$(printf '%s\n' "${rows[@]}" | awk '{ print ($2 - $3) " " $0 }' | sort -n | awk -v n="${#rows[@]}" 'NR == int((n + 1) / 2) { $1 = ""; print }')
    read -r generated delivered captured kernel queue us <<< "$pick"
    zero=$([ "$captured" -ge "$delivered" ] && [ "$kernel" = 0 ] && echo yes || echo "no ($((delivered - captured)) lost)")
    label=$([ "$rate" = 0 ] && echo "max" || echo "$rate")
    echo "| $label | $tool | $generated | $delivered | $captured | $kernel / $queue | $zero | $us |"
  done
done
