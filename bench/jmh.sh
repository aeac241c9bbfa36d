#!/usr/bin/env bash
# Runs the JMH suites (decode loop: DecodeBenchmark; reading pcap files: PcapReadBenchmark) with short settings
# (-f 1 -wi 3 -i 5, 2 s each) and prints a Markdown table of packets per second. JMH's own output goes to stderr.
#
# usage: bench/jmh.sh [JMH arguments]       e.g. bench/jmh.sh DecodeBenchmark      bench/jmh.sh -prof gc
# environment: FORKS (1), WARMUP (3), ITERATIONS (5) instead of -f/-wi/-i, which JMH takes only once;
#   CPU_CHECK (1): also time the decode loop in thread CPU time (DecodeCpuCheck, 10 s per case), which a busy
#   machine disturbs far less than JMH's wall-clock scores
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/hoptrace-bench.jar"
out="${OUT:-$here/out}"
mkdir -p "$out"
if [ ! -f "$jar" ] || [ -n "$(find "$root" \( -path "$root/.git" -o -path "$out" -o -name target \) -prune -o \
    \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "jmh: building..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl bench -am package) >&2
  touch "$jar"  # Maven leaves a jar whose classes did not change as it was
fi
json="$out/jmh.json"
load_before=$(cut -d' ' -f1 /proc/loadavg)
java -jar "$jar" -f "${FORKS:-1}" -wi "${WARMUP:-3}" -i "${ITERATIONS:-5}" -rf json -rff "$json" "$@" >&2
python3 - "$json" "$load_before" <<'EOF'
import json, os, sys
runs = json.load(open(sys.argv[1]))
notes = {
    "DecodeBenchmark.decode": "decode loop, one thread (target 5 M/s)",
    "DecodeBenchmark.decodeAndSummarize": "decode + one-line summary into a TextLine",
    "DecodeBenchmark.checksumOnly": "floor: ones'-complement sum over every frame's bytes",
    "PcapReadBenchmark.hoptraceReader": "CaptureFiles.open + next(), file in page cache",
    "PcapReadBenchmark.pcap4jLoopRaw": "pcap4j loop(), RawPacketListener, bytes only",
    "PcapReadBenchmark.pcap4jLoopWithMetadata": "same + getTimestamp()/getOriginalLength()",
}
if runs:
    print(f"JMH {runs[0]['jmhVersion']}, {runs[0]['vmName']} {runs[0]['jdkVersion']}, {os.cpu_count()} cores, "
          f"-f {runs[0]['forks']} -wi {runs[0]['warmupIterations']} -i {runs[0]['measurementIterations']}; "
          f"load average {sys.argv[2]} before, {os.getloadavg()[0]:.1f} after.")
    print()
print("| benchmark | packets/s | ± (99.9 %) | what |")
print("|---|---|---|---|")
for r in runs:
    name = r["benchmark"].replace("io.hoptrace.bench.", "")
    m = r["primaryMetric"]
    err = float(m["scoreError"])  # "NaN" with fewer than two iterations
    err = 0.0 if err != err else err
    print(f"| `{name}` | {m['score'] / 1e6:.2f} M | {err / 1e6:.2f} M | {notes.get(name, '')} |")
EOF
if [ "${CPU_CHECK:-1}" = 1 ]; then
  echo
  echo "Decode loop in thread CPU time (DecodeCpuCheck, -XX:+UseSerialGC):"
  echo
  java -XX:+UseSerialGC -cp "$jar" io.hoptrace.bench.DecodeCpuCheck 10 | sed 's/^/    /'
fi
