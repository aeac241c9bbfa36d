#!/usr/bin/env bash
# Whole-process decode speed: `hoptrace decode` against `tcpdump -nr` and `tshark -r` on a generated capture of
# 1 M packets (Flannel VXLAN, Calico IP-in-IP, BGP, plain TCP/UDP, IPv6, fragments), output to /dev/null for all
# three, plus `tcpdump -r f -w /dev/null` as the I/O floor and each one's peak RSS. Prints a Markdown table.
#
# usage: bench/decode-vs-tcpdump.sh            (from anywhere; builds and generates what is missing)
# environment: PACKETS (1000000), SEED (1), RUNS (5), TSHARK_RUNS (2), OUT (bench/out),
#   C1_ROW (1): also time hoptrace with C2 off (-XX:TieredStopAtLevel=1, otherwise the launcher's options), since
#   on short runs C2's compile work can cost more than it saves
# Timings with hyperfine when installed (--warmup 1 --runs RUNS), else /usr/bin/time over RUNS runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
packets="${PACKETS:-1000000}"
seed="${SEED:-1}"
runs="${RUNS:-5}"
tshark_runs="${TSHARK_RUNS:-2}"
c1_row="${C1_ROW:-1}"
out="${OUT:-$here/out}"
bench_jar="$here/target/hoptrace-bench.jar"
cli_jar="$root/cli/target/hoptrace.jar"
mkdir -p "$out"
log() { echo "decode-vs-tcpdump: $*" >&2; }

for tool in tcpdump tshark java mvn python3; do
  command -v "$tool" >/dev/null || { log "$tool is missing (run ./setup)"; exit 2; }
done

# 1. build when a jar is missing or older than any source
stale() { [ ! -f "$1" ] || [ -n "$(find "$root" \( -path "$root/.git" -o -path "$out" -o -name target \) -prune -o \
  \( -name '*.java' -o -name 'pom.xml' \) -newer "$1" -print -quit)" ]; }
if stale "$bench_jar" || stale "$cli_jar"; then
  log "building..."
  (cd "$root" && mvn -q -B -DskipTests package) >&2
  touch "$bench_jar" "$cli_jar"  # Maven leaves a jar whose classes did not change as it was
fi
"$root/hoptrace" --version >/dev/null 2>&1 || true  # builds if the launcher finds sources newer than its jar
second=$("$root/hoptrace" --version 2>&1 >/dev/null || true)
if [[ "$second" == *building* ]]; then
  log "the hoptrace launcher rebuilds on every run (its staleness check sees sources newer than the jar)"
  exit 2
fi
if ! "$root/hoptrace" decode --help >/dev/null 2>&1; then
  log "'hoptrace decode' does not run yet (is the cli's decode command merged?)"
  exit 2
fi

# 2. the capture: regenerated when the generator changed
capture="$out/mix-$packets-seed$seed.pcap"
if [ ! -f "$capture" ] || [ "$bench_jar" -nt "$capture" ]; then
  log "generating $capture..."
  java -cp "$bench_jar" io.hoptrace.bench.CaptureGenerator --packets "$packets" --seed "$seed" \
    --out "$capture" 2> "$capture.txt"
  cat "$capture.txt" >&2
fi
size=$(stat -c %s "$capture")

# 3. sanity: every tool reads every packet (hoptrace prints one line per packet)
lines=$("$root/hoptrace" decode "$capture" 2>/dev/null | wc -l)
tlines=$(tcpdump -nr "$capture" 2>/dev/null | wc -l)
log "hoptrace printed $lines lines, tcpdump $tlines, for $packets packets"

# 4. times
hoptrace_cmd="$root/hoptrace decode $capture > /dev/null 2>&1"
# the launcher's own options (HOPTRACE_JAVA_OPTS replaces them all) plus C1 only
jsa="$root/cli/target/hoptrace.jsa"
c1_opts="-XX:+UseSerialGC -XX:+UseCompressedOops -Xlog:disable -Xlog:all=warning:stderr -XX:TieredStopAtLevel=1"
[ -f "$jsa" ] && c1_opts="$c1_opts -Xlog:cds*=off:stderr -XX:SharedArchiveFile=$jsa"
c1_cmd="HOPTRACE_JAVA_OPTS='$c1_opts' $root/hoptrace decode $capture > /dev/null 2>&1"
c1_args=()
[ "$c1_row" = 1 ] && c1_args=(-n "hoptrace decode, C1 only" "$c1_cmd")
tcpdump_cmd="tcpdump -nr $capture > /dev/null 2>&1"
floor_cmd="tcpdump -r $capture -w /dev/null 2>/dev/null"
tshark_cmd="tshark -r $capture -d udp.port==8472,vxlan > /dev/null 2>&1"
json="$out/decode-vs-tcpdump.json"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" --export-json "$out/hyperfine-fast.json" \
    -n "hoptrace decode" "$hoptrace_cmd" -n "tcpdump -nr" "$tcpdump_cmd" \
    -n "tcpdump -r f -w /dev/null" "$floor_cmd" "${c1_args[@]}" >&2
  hyperfine --runs "$tshark_runs" --export-json "$out/hyperfine-tshark.json" -n "tshark -r" "$tshark_cmd" >&2
  python3 - "$out/hyperfine-fast.json" "$out/hyperfine-tshark.json" > "$json" <<'EOF'
import json, sys
print(json.dumps({"results": sum((json.load(open(f))["results"] for f in sys.argv[1:]), [])}))
EOF
else
  log "hyperfine not installed: /usr/bin/time over the runs"
  c1=""; [ "$c1_row" = 1 ] && c1="$c1_cmd"
  python3 - "$runs" "$tshark_runs" "$hoptrace_cmd" "$tcpdump_cmd" "$floor_cmd" "$tshark_cmd" "$c1" > "$json" <<'EOF'
import json, resource, subprocess, sys, time
runs, tshark_runs = int(sys.argv[1]), int(sys.argv[2])
names = ["hoptrace decode", "tcpdump -nr", "tcpdump -r f -w /dev/null", "tshark -r", "hoptrace decode, C1 only"]
results = []
for name, cmd in zip(names, sys.argv[3:]):
    if not cmd:
        continue
    n = tshark_runs if name.startswith("tshark") else runs
    if not name.startswith("tshark"):
        subprocess.run(cmd, shell=True)  # warm-up
    times = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(n):
        t = time.perf_counter(); subprocess.run(cmd, shell=True); times.append(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    mean = sum(times) / n
    sd = (sum((x - mean) ** 2 for x in times) / (n - 1)) ** 0.5 if n > 1 else 0.0
    results.append({"command": name, "mean": mean, "stddev": sd, "min": min(times), "times": times,
                    "user": (after.ru_utime - before.ru_utime) / n, "system": (after.ru_stime - before.ru_stime) / n})
print(json.dumps({"results": results}))
EOF
fi

# 5. peak memory, one run each
rss() { /usr/bin/time -f %M "$@" > /dev/null 2> "$out/rss.txt" || true; tail -1 "$out/rss.txt"; }
if [ -x /usr/bin/time ]; then
  rss_hoptrace=$(rss "$root/hoptrace" decode "$capture")
  rss_tcpdump=$(rss tcpdump -nr "$capture")
  rss_floor=$(rss tcpdump -r "$capture" -w /dev/null)
  rss_tshark=$(rss tshark -r "$capture" -d udp.port==8472,vxlan)
  rss_c1=$(HOPTRACE_JAVA_OPTS="$c1_opts" rss "$root/hoptrace" decode "$capture")
else
  rss_hoptrace=""; rss_tcpdump=""; rss_floor=""; rss_tshark=""; rss_c1=""
fi

# 6. the table
python3 - "$json" "$packets" "$size" "$rss_hoptrace" "$rss_tcpdump" "$rss_floor" "$rss_tshark" "$rss_c1" <<'EOF'
import json, os, platform, subprocess, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
packets, size = int(sys.argv[2]), int(sys.argv[3])
rss = dict(zip(["hoptrace decode", "tcpdump -nr", "tcpdump -r f -w /dev/null", "tshark -r",
                "hoptrace decode, C1 only"], sys.argv[4:9]))
h = results["hoptrace decode"]["mean"]
def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True)
        return (out.stdout + out.stderr).strip().splitlines()[0].rstrip(".")
    except Exception:
        return "?"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Capture: {packets:,} packets, {size / 1e6:.0f} MB (bench/out, generated by CaptureGenerator); "
      f"{os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.1f} at the end; "
      f"{version(['java', '-version'])}, {version(['tcpdump', '--version'])}, {version(['tshark', '--version'])}.")
print()
print("| command | wall time (mean ± σ) | min | CPU (user+sys) | packets/s | peak RSS | its time ÷ hoptrace's |")
print("|---|---|---|---|---|---|---|")
targets = {"tcpdump -nr": 2, "tshark -r": 20}
def cpu(r):
    return (r.get("user") or 0) + (r.get("system") or 0)
for name in ["hoptrace decode", "hoptrace decode, C1 only", "tcpdump -nr", "tshark -r",
             "tcpdump -r f -w /dev/null"]:
    if name not in results:
        continue
    r = results[name]
    ratio = r["mean"] / h
    cpu_ratio = cpu(r) / cpu(results["hoptrace decode"]) if cpu(results["hoptrace decode"]) else float("nan")
    if name == "hoptrace decode":
        vs = "-"
    elif name.startswith("hoptrace"):
        vs = f"{ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (C2 off)"
    elif name in targets:
        ok = "meets" if ratio >= targets[name] else "misses"
        vs = f"**{ratio:.1f}x** wall (target ≥ {targets[name]}x: {ok}), {cpu_ratio:.1f}x CPU"
    else:
        vs = f"{ratio:.2f}x wall (hoptrace takes {1 / ratio:.1f}x the I/O floor)"
    mem = f"{int(rss[name]) / 1024:.0f} MB" if rss.get(name, "").isdigit() else "?"
    label = f"`{name}`" + (" (I/O floor)" if name.endswith("/dev/null") else "")
    sd = r.get("stddev") or 0.0
    print(f"| {label} | {r['mean']:.2f} s ± {sd:.2f} | {r['min']:.2f} s | {cpu(r):.2f} s | "
          f"{packets / r['mean'] / 1e6:.2f} M | {mem} | {vs} |")
EOF
