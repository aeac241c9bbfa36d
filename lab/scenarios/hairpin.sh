# shellcheck shell=bash
# The api pod calls its own Service, demo/api, whose only endpoint is itself. kube-proxy DNATs the VIP back to
# the pod and, because the source is the endpoint (KUBE-SEP's "-s <endpoint> -j KUBE-MARK-MASQ"), masquerades it
# to cni0's address, so the pod talks to "10.244.0.1" and answers go back through the node. With br_netfilter the
# DNATed packet is bridged straight back out of the port it came in on, which the bridge only does when the port
# has hairpin mode on (flannel's CNI config sets hairpinMode: true).
# Phase 1 (source port 40041): hairpin on, the call works. Phase 2 (source port 40042): hairpin off on the api
# pod's veth, the SYN dies in the bridge and is retransmitted. The snapshot is taken in phase 2's state (off);
# the scenario turns hairpin back on afterwards.
DESCRIPTION="hairpin: a pod calls its own Service and is sent back to itself, SNATed (works with hairpin on, not off)"

scenario_traffic() {
  local api="${POD_IP[api]}" vip="${SVC_IP[api]}" v="${POD_VETH[api]}" gw="${NODE_CNI0_IP[node-a]}"
  expect "phase 1: api ${api}:40041 -> demo/api ${vip}:80 comes back out the same veth ($v) as a SYN from $gw to ${api}:8080 (DNAT + SNAT), and the call succeeds"
  expect "node-a conntrack shows both NATs for port 40041; KUBE-SEP's '-s $api -j KUBE-MARK-MASQ' rule counted it"
  expect "phase 2: with hairpin off on $v, the SYN from port 40042 enters the bridge and never comes back out; it is retransmitted and unanswered"
  expect "ip-link.json (taken in phase 2) shows hairpin off on $v"
  note "phase 1: bridge port $v: $(bridge -n "$(ns node-a)" -d link show dev "$v" | grep -o 'hairpin [a-z]*')"
  probe api http "$vip:80" --bind 40041 --requests 2 --pause 0.2
  bridge -n "$(ns node-a)" link set dev "$v" hairpin off
  note "phase 2: bridge port $v: $(bridge -n "$(ns node-a)" -d link show dev "$v" | grep -o 'hairpin [a-z]*')"
  probe api http "$vip:80" --bind 40042 --timeout 2.5 || true
  note "in both phases cni0 shows the SYN after DNAT and before SNAT (${api} -> ${api}:8080): br_netfilter bridges a packet DNATed to a port of the same bridge"
  note "phase 2's SYNs die in the bridge before conntrack confirms them: no conntrack entry, and each retransmission walks the nat table again"
}

scenario_restore() {
  bridge -n "$(ns node-a)" link set dev "${POD_VETH[api]}" hairpin on
}
