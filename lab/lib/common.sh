# Shared by lab/up, lab/down, lab/run, lab/test and lab/save-samples. Source it; do not run it.
#
# LAB_TAG  prefix of every network namespace the lab makes (default "hl"): hl-node-a, hl-p-web-1, ...
#          `lab/down` removes exactly the namespaces with this prefix, and the processes in them.
# LAB_OUT  where bundles go (default lab/out). Runtime files (pidfiles, BIRD sockets, logs) live in
#          lab/out/.run/<tag> whatever LAB_OUT says, so that `lab/down` always finds them.

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$LAB_DIR/.." && pwd)"
TAG="${LAB_TAG:-hl}"
OUT="${LAB_OUT:-$LAB_DIR/out}"
RUN="$LAB_DIR/out/.run/$TAG"
PY=/usr/bin/python3          # the system Python: the one with scapy
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in lab/lib
GEN="$PY $LAB_DIR/lib/gen.py"
NETPROBE="$LAB_DIR/lib/netprobe.py"

if ! [[ "$TAG" =~ ^[a-z][a-z0-9]{0,7}$ ]]; then
  echo "lab: LAB_TAG must be 1-8 lower-case letters or digits, starting with a letter (got '$TAG')" >&2
  exit 2
fi

say() { printf '%s\n' "$*"; }
warn() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, iptables, tcpdump)"
}

require_tools() {
  local missing=() t
  for t in ip bridge iptables-restore iptables-save conntrack tcpdump bird birdc sysctl ss "$PY"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (./setup installs them)"
}

load_topology() {
  eval "$($GEN env)"
}

# Namespace of a lab object: ns node-a -> hl-node-a, ns p-web-1 -> hl-p-web-1.
ns() { printf '%s-%s' "$TAG" "$1"; }
pod_ns() { ns "p-$1"; }
# Run a command in a node's (or any lab) namespace: nx node-a conntrack -L
nx() { local n="$1"; shift; ip netns exec "$(ns "$n")" "$@"; }
# Run a command in a pod's namespace: px web-1 ss -tn
px() { local p="$1"; shift; ip netns exec "$(pod_ns "$p")" "$@"; }

lab_namespaces() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${TAG}-" || true
}

is_up() { [ -f "$RUN/up" ] && ip netns list 2>/dev/null | grep -q "^$(ns node-a)\b"; }

now_iso() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
now_ms() { date +%s%3N; }

# Start a long-running process in a namespace, detached, its pid in $RUN/pids/NAME.pid and its output in
# $RUN/logs/NAME.log. `ip netns exec` and `setsid` both exec, so $! is the process itself.
spawn() {
  local name="$1" netns="$2"; shift 2
  mkdir -p "$RUN/pids" "$RUN/logs"
  ip netns exec "$netns" setsid "$@" </dev/null >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name.pid"
}

# Stop what spawn started: SIGTERM (SIGINT for tcpdump, which then flushes), then SIGKILL after 3 s.
stop_pid() {
  local pidfile="$1" sig="${2:-TERM}" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && owned "$pid"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true   # a stopped process (bgp-down stops BIRD) only dies once it runs
    for i in $(seq 30); do owned "$pid" || break; sleep 0.1; done
    owned "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# True if the process exists and was started by this lab (its command line names the lab's files or runs in
# one of its namespaces), so a recycled pid is never killed.
owned() {
  local pid="$1" ns_of
  [ -d "/proc/$pid" ] || return 1
  grep -qaF -e "$LAB_DIR" -e "$RUN" "/proc/$pid/cmdline" 2>/dev/null && return 0
  ns_of="$(ip netns identify "$pid" 2>/dev/null)"
  [[ "$ns_of" == "$TAG-"* ]]
}

wait_until() {   # wait_until SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2" deadline; shift 2
  deadline=$(( $(now_ms) + limit * 1000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || { warn "timed out after ${limit}s waiting for $what"; return 1; }
    sleep 0.1
  done
}

birdc_node() {   # birdc_node NODE command...: talk to a node's BIRD
  local n="$1"; shift
  birdc -s "$RUN/bird-$n.ctl" "$@"
}

# Every node has an Established session with every other node and a BIRD route to every other node's pod CIDR.
bgp_converged() {
  local n
  for n in "${NODES[@]}"; do
    [ "$(birdc_node "$n" show protocols 2>/dev/null | grep -c ' Established')" -eq $(( ${#NODES[@]} - 1 )) ] || return 1
    [ "$(ip -n "$(ns "$n")" route show proto bird | wc -l)" -eq $(( ${#NODES[@]} - 1 )) ] || return 1
  done
}
