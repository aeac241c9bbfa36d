# shellcheck shell=bash
# BIRD on every node announces the node's pod CIDR to the others over iBGP (Calico's node-to-node mesh). Three
# ways a route goes away, each on the wire:
# 1. node-a shuts its session with node-b down (birdc disable): NOTIFICATION Cease / Administrative Shutdown,
#    and node-b drops the route to node-a's pod CIDR;
# 2. node-c stops announcing its pod CIDR (its IPAM block goes away): an UPDATE withdrawing 10.244.2.0/24 to both
#    peers, and both drop the route;
# 3. node-b's BIRD hangs (SIGSTOP, as when calico-node is starved or stuck): node-b's kernel still ACKs, but no
#    KEEPALIVE comes; node-c's hold timer (9 s) expires, it sends NOTIFICATION Hold Timer Expired and drops the
#    route to node-b's pod CIDR. node-b's BIRD stays stopped until the snapshot is taken (its birdc files say so).
# Flannel's routes through flannel.1 stay: in this lab BIRD's routes (metric 32) never carry the pod traffic.
# The snapshot is taken with all three in effect; the scenario restores the mesh afterwards.
DESCRIPTION="BGP: a session torn down (Cease), a pod CIDR withdrawn (UPDATE), a hold timer expiring; the routes go"

bird_route_gone() {   # bird_route_gone NODE CIDR
  ! ip -n "$(ns "$1")" route show proto bird | grep -q "^$2 "
}

session_down() {      # session_down NODE PEER
  ! birdc_node "$1" show protocols "${BIRD_MESH[$1/$2]}" | grep -q Established
}

scenario_traffic() {
  expect "node-a sends node-b a BGP NOTIFICATION Cease (6) / Administrative Shutdown (2); node-b's route to ${NODE_CIDR[node-a]} (proto bird) disappears"
  expect "node-c sends node-a and node-b a BGP UPDATE withdrawing ${NODE_CIDR[node-c]}; their routes to it (proto bird) disappear"
  expect "node-b's BIRD hangs; node-c sends node-b NOTIFICATION Hold Timer Expired (4) and its route to ${NODE_CIDR[node-b]} (proto bird) disappears"
  expect "Flannel's routes through flannel.1 stay on every node; node-a and node-c keep their session (node-c still has ${NODE_CIDR[node-a]} from node-a)"
  note "1. node-a: birdc disable ${BIRD_MESH[node-a/node-b]}"
  birdc_node node-a disable "${BIRD_MESH[node-a/node-b]}" >/dev/null
  wait_until 10 "node-b to drop its route to ${NODE_CIDR[node-a]}" bird_route_gone node-b "${NODE_CIDR[node-a]}"
  note "2. node-c: birdc disable static1 (the announcement of ${NODE_CIDR[node-c]})"
  birdc_node node-c disable static1 >/dev/null
  wait_until 10 "node-a and node-b to drop ${NODE_CIDR[node-c]}" \
    bash -c "! ip -n $(ns node-a) route show proto bird | grep -q '^${NODE_CIDR[node-c]} ' && ! ip -n $(ns node-b) route show proto bird | grep -q '^${NODE_CIDR[node-c]} '"
  note "3. node-b: BIRD stopped (SIGSTOP); waiting for node-c's 9 s hold timer"
  kill -STOP "$(cat "$RUN/pids/bird-node-b.pid")"
  wait_until 20 "node-c's hold timer for node-b to expire" session_down node-c node-b
  wait_until 5 "node-c to drop ${NODE_CIDR[node-b]}" bird_route_gone node-c "${NODE_CIDR[node-b]}"
  note "node-c: $(birdc_node node-c show protocols "${BIRD_MESH[node-c/node-b]}" | tail -1 | tr -s ' ')"
}

scenario_restore() {
  kill -CONT "$(cat "$RUN/pids/bird-node-b.pid")"
  birdc_node node-c enable static1 >/dev/null
  birdc_node node-a enable "${BIRD_MESH[node-a/node-b]}" >/dev/null
  wait_until 30 "the BGP mesh to come back" bgp_converged
}
