# Writes a bundle (../shared/ARCHITECTURE.md layout) from the running lab. Sourced by lab/run after common.sh.
#
#   bundle/manifest.json  k8s.json
#   bundle/nodes/<node>/any.pcap          tcpdump -i any (Linux cooked v2: interface index and direction per packet)
#   bundle/nodes/<node>/iptables-save.txt iptables-save -c (with counters)
#   bundle/nodes/<node>/conntrack.txt     conntrack -L
#   bundle/nodes/<node>/conntrack-stats.txt  conntrack -S, one sample per "# <time> <label>" line
#   bundle/nodes/<node>/sysctl.txt        the sysctls the analysis reads
#   bundle/nodes/<node>/ip-link.json ip-addr.json ip-route.json   ip -d -j link, ip -j addr, ip -j route
#   extras a person may want: ip-neigh.json, bridge-fdb.json (flannel.1's static entries), bird-*.txt

SNAPLEN="${SNAPLEN:-256}"
SYSCTL_KEYS='^(net\.ipv4\.ip_forward|net\.ipv4\.conf\.(all|default|eth0|cni0|flannel/1)\.(forwarding|rp_filter|route_localnet|accept_local|send_redirects)|net\.bridge\.bridge-nf-call-(iptables|ip6tables|arptables)|net\.netfilter\.nf_conntrack_(max|count|buckets|tcp_loose|tcp_be_liberal|tcp_timeout_established|udp_timeout|udp_timeout_stream|checksum)|net\.nf_conntrack_max|net\.core\.somaxconn|net\.ipv4\.tcp_(mtu_probing|syn_retries|max_syn_backlog|abort_on_overflow|syncookies)|net\.ipv4\.ip_no_pmtu_disc|net\.ipv4\.icmp_ratelimit|net\.ipv4\.ip_local_port_range) '

# Start tcpdump on every interface of every node; returns once all of them are capturing.
# --immediate-mode: without it libpcap's TPACKET_V3 ring hands tcpdump a block only when it is full or its 1 s
# timeout expires, and SIGINT drops the block still open, so the last second of a scenario went missing (seen in CI).
start_captures() {
  local dir="$1" n
  for n in "${NODES[@]}"; do
    mkdir -p "$dir/nodes/$n"
    spawn "tcpdump-$n" "$(ns "$n")" tcpdump -i any -y LINUX_SLL2 -s "$SNAPLEN" -n -U --immediate-mode -Z root -w "$dir/nodes/$n/any.pcap"
  done
  for n in "${NODES[@]}"; do
    wait_until 10 "tcpdump on $n" grep -q "listening on" "$RUN/logs/tcpdump-$n.log"
  done
}

stop_captures() {
  local n
  for n in "${NODES[@]}"; do stop_pid "$RUN/pids/tcpdump-$n.pid" INT; done
}

# One `conntrack -S` sample per node, appended under a time line.
stats_sample() {
  local dir="$1" label="$2" n
  for n in "${NODES[@]}"; do
    { printf '# %s %s\n' "$(now_iso)" "$label"; nx "$n" conntrack -S; } >>"$dir/nodes/$n/conntrack-stats.txt"
  done
}

snapshot_node() {
  local dir="$1/nodes/$2" n="$2" ctl="$RUN/bird-$2.ctl"
  mkdir -p "$dir"
  nx "$n" iptables-save -c >"$dir/iptables-save.txt"
  nx "$n" conntrack -L >"$dir/conntrack.txt" 2>/dev/null || true
  nx "$n" sysctl -a 2>/dev/null | grep -E "$SYSCTL_KEYS" >"$dir/sysctl.txt" || true
  ip -n "$(ns "$n")" -d -j link show >"$dir/ip-link.json"
  ip -n "$(ns "$n")" -j addr show >"$dir/ip-addr.json"
  ip -n "$(ns "$n")" -j route show >"$dir/ip-route.json"
  ip -n "$(ns "$n")" -j neigh show >"$dir/ip-neigh.json"
  bridge -n "$(ns "$n")" -j fdb show dev flannel.1 >"$dir/bridge-fdb.json"
  if [ -S "$ctl" ]; then   # a BIRD that hangs does not answer: say so rather than wait
    timeout 2 birdc -s "$ctl" show protocols >"$dir/bird-protocols.txt" 2>&1 || echo "birdc: no answer from BIRD" >>"$dir/bird-protocols.txt"
    timeout 2 birdc -s "$ctl" show route all >"$dir/bird-routes.txt" 2>&1 || echo "birdc: no answer from BIRD" >>"$dir/bird-routes.txt"
  fi
}

# Clean slate between scenarios: empty conntrack tables, zero iptables counters, forget learned path MTUs.
reset_state() {
  local n p t
  for n in "${NODES[@]}"; do
    nx "$n" conntrack -F >/dev/null 2>&1 || true
    for t in filter nat mangle; do nx "$n" iptables -t "$t" -Z; done
    ip -n "$(ns "$n")" route flush cache
  done
  for p in "${PODS[@]}"; do ip -n "$(pod_ns "$p")" route flush cache; done
}

write_k8s() {   # write_k8s DIR [flannel|calico [KERNEL]]
  local dir="$1"; shift
  $GEN k8s "$@" >"$dir/k8s.json"
}

write_manifest() {   # write_manifest DIR SCENARIO CRAFTED START END CAPTURE_JSON
  local dir="$1"
  $GEN manifest scenario="$2" description="$DESCRIPTION" crafted="$3" start="$4" end="$5" \
    kernel="$(if [ "$3" = true ]; then echo "none: crafted"; else uname -r; fi)" capture="$6" notes="$dir/.notes" expect="$dir/.expect" \
    nodes="$(ls "$dir/nodes" | paste -sd, -)" >"$dir/manifest.json"
  rm -f "$dir/.notes" "$dir/.expect"
}
