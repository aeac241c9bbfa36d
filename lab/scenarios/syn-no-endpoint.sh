# shellcheck shell=bash
# Two ways a Service leaves a client without an answer:
# - demo/orders has a Ready endpoint whose application hangs: its accept queue is full, so the kernel drops new
#   SYNs. kube-proxy DNATs the client's SYN to the pod on node-c, and the SYN is retransmitted, unanswered.
# - demo/legacy has no endpoint at all: kube-proxy's filter rule "has no endpoints" REJECTs the SYN on node-a.
DESCRIPTION="SYNs to a Service whose endpoint never answers (retransmitted, no SYN-ACK), and to one with no endpoint"

listen_overflows() {   # TcpExtListenOverflows of the orders pod's network namespace
  px orders awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) k[i] = $i; n = 1 } else for (i = 1; i <= NF; i++) if (k[i] == "ListenOverflows") print $i }' /proc/net/netstat
}

scenario_traffic() {
  local before after
  expect "the client's SYN to demo/orders ${SVC_IP[orders]}:80 is DNATed on node-a to ${POD_IP[orders]}:8080 and carried to node-c"
  expect "the SYN reaches the orders pod's veth on node-c and is retransmitted, never answered by a SYN-ACK"
  expect "node-a's conntrack holds the connection as SYN_SENT [UNREPLIED], DNATed to the pod"
  expect "the SYN to demo/legacy ${SVC_IP[legacy]}:80 (no endpoints) is rejected on node-a with ICMP port unreachable and goes no further"
  before=$(listen_overflows)
  probe client http "${SVC_IP[orders]}:80" --bind 40021 --timeout 3.5 || true
  after=$(listen_overflows)
  note "orders pod: TcpExtListenOverflows $before -> $after (SYNs dropped because its accept queue is full)"
  probe client http "${SVC_IP[legacy]}:80" --bind 40022 --timeout 2 || true
}
