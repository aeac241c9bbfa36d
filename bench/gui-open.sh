#!/usr/bin/env bash
# The GUI on a big capture: time to the first rows and to the whole index, memory, scrolling the packet list frame
# by frame (wheel steps, flings, random jumps), a filter and sorts over every row. Runs the real window under
# xvfb-run (software rendering) with the capture module's reader, as `hoptrace gui FILE` does.
# Prints a Markdown table on stdout (progress on stderr).
#
# usage: bench/gui-open.sh [CAPTURE]     (default: a generated capture of PACKETS packets, made when missing)
# environment: PACKETS (1000000), SEED (1), OUT (bench/out), JAVA_OPTS (-XX:+UseSerialGC, as the launcher)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
packets="${PACKETS:-1000000}"
seed="${SEED:-1}"
out="${OUT:-$here/out}"
bench_jar="$here/target/hoptrace-bench.jar"
cli_jar="$root/cli/target/hoptrace.jar"
mkdir -p "$out"
log() { echo "gui-open: $*" >&2; }

for tool in java mvn xvfb-run; do
  command -v "$tool" >/dev/null || { log "$tool is missing (run ./setup)"; exit 2; }
done

stale() { [ ! -f "$1" ] || [ -n "$(find "$root" \( -path "$root/.git" -o -path "$out" -o -name target \) -prune -o \
  \( -name '*.java' -o -name 'pom.xml' -o -name '*.fxml' -o -name '*.css' \) -newer "$1" -print -quit)" ]; }
if stale "$bench_jar" || stale "$cli_jar" || [ ! -f "$root/cli/target/test-classes/io/hoptrace/cli/GuiOpenBenchmark.class" ]; then
  log "building..."
  (cd "$root" && mvn -q -B -DskipTests package && mvn -q -B -pl cli -am -DskipTests test-compile) >&2
fi

capture="${1:-}"
if [ -z "$capture" ]; then
  capture="$out/mix-$packets-seed$seed.pcap"
  if [ ! -f "$capture" ] || [ "$bench_jar" -nt "$capture" ]; then
    log "generating $capture..."
    java -cp "$bench_jar" io.hoptrace.bench.CaptureGenerator --packets "$packets" --seed "$seed" \
      --out "$capture" 2> "$capture.txt"
  fi
fi
log "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); capture $(stat -c %s "$capture") bytes"
# shellcheck disable=SC2086 # options split as the shell would
xvfb-run -a -s "-screen 0 1600x1000x24" java ${JAVA_OPTS:--XX:+UseSerialGC} \
  -cp "$root/cli/target/test-classes:$cli_jar" io.hoptrace.cli.GuiOpenBenchmark "$capture"
