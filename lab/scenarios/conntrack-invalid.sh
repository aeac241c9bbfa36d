# shellcheck shell=bash
# A web pod's node sees a segment of an established connection that acknowledges data the client never sent:
# conntrack marks it INVALID and kube-proxy's first KUBE-FORWARD rule drops it before it can reach the overlay
# (without that rule it would leave un-NATed and the client would answer with a RST: kubernetes#74839).
# The segments are crafted with scapy inside the pod, on a real connection; the drop is the kernel's.
DESCRIPTION="conntrack INVALID: segments acknowledging unseen data are dropped by KUBE-FORWARD's ctstate INVALID rule"

scenario_traffic() {
  local client="${POD_IP[client]}" w
  expect "the client ${client}:40031 holds a connection to demo/web ${SVC_IP[web]}:80, DNATed to a web pod on node-b"
  expect "the web pod sends 3 segments (IP ID 0xbad0-0xbad2) whose ACK is 100000 bytes beyond what the client sent"
  expect "node-b sees them on the pod's veth and cni0, counts them in the KUBE-FORWARD INVALID DROP rule and in conntrack -S invalid"
  expect "they never leave node-b (not on flannel.1 or eth0) and never reach node-a; the connection carries on: the second request is answered"
  for w in web-1 web-2; do
    # Whichever web pod kube-proxy picks will see the connection; the other injector gives up.
    probe_bg "inject-$w" "$w" "$PY" "$LAB_DIR/lib/inject_invalid.py" --src "${POD_IP[$w]}" --sport 8080 \
      --dst "$client" --dport 40031 --wait 4
  done
  for w in web-1 web-2; do wait_until 15 "the injector in $w" grep -q ready "$RUN/logs/inject-$w.log"; done
  probe_bg http-client client "$PY" "$NETPROBE" http "${SVC_IP[web]}:80" --bind 40031 --requests 2 --pause 1.5
  sleep 0.8
  stats_sample "$BUNDLE" "after the invalid segments"
  probe_wait http-client
  for w in web-1 web-2; do probe_wait "inject-$w" || true; done
}
