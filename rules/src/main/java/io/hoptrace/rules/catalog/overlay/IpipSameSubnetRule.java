package io.hoptrace.rules.catalog.overlay;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpJsonAddress;
import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code overlay.ipip-same-subnet}: IP-in-IP between two nodes on one subnet. Calico's {@code ipipMode: Always}
 * encapsulates all pod traffic between nodes; {@code CrossSubnet} only where the nodes are on different subnets,
 * and routes the rest directly (20 bytes less per packet, the full MTU). The subnet is the outer source's
 * address and prefix length on its node (ip-addr.json); without it, a /24 is assumed. Info: Always can be deliberate
 * (a network that drops packets with pod addresses, such as a cloud VPC with source/destination checks on).
 */
public final class IpipSameSubnetRule implements Rule {
    public static final String ID = "overlay.ipip-same-subnet";

    static final int ASSUMED_PREFIX = 24;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "IP-in-IP between nodes on the same subnet (Calico ipipMode Always where CrossSubnet would do)";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        List<Finding> out = new ArrayList<>();
        for (Tunnels.NodePair p : Tunnels.pairs(v, Encap.IPIP)) {
            Optional<IpJsonAddress> a = subnetOf(v, p.a);
            Optional<IpJsonAddress> b = subnetOf(v, p.b);
            String subnet;
            String evidence = null;
            if (a.isPresent() || b.isPresent()) {
                IpJsonAddress s = a.orElseGet(b::get);
                String other = a.isPresent() ? p.b : p.a;
                IpPrefix net = IpPrefix.parse(s.cidr());
                if (net == null || !net.contains(IpPrefix.host(other))) {
                    continue;
                }
                subnet = network(s.cidr());
                evidence = v.nodeOfAddress(InetLiteral.format(s.local())).orElse("?") + " ip-addr: "
                        + s.interfaceName() + " " + s.cidr();
            } else {
                subnet = network(p.a + "/" + ASSUMED_PREFIX);
                IpPrefix net = IpPrefix.parse(subnet);
                if (net == null || !net.contains(IpPrefix.host(p.b))) {
                    continue;
                }
            }
            out.add(finding(v, p, subnet, evidence));
        }
        return out;
    }

    /** The ip-addr.json address (with its prefix length) of the node that has this address. */
    private static Optional<IpJsonAddress> subnetOf(AnalysisView v, String address) {
        Optional<NodeState> n = v.nodeOfAddress(address).flatMap(v::node);
        if (n.isEmpty() || n.get().addresses() == null) {
            return Optional.empty();
        }
        try {
            return n.get().addresses().owner(InetLiteral.parse(address));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code 192.168.50.0/24} from {@code 192.168.50.11/24}. */
    static String network(String cidr) {
        IpPrefix p = IpPrefix.parse(cidr);
        if (p == null) {
            return cidr;
        }
        byte[] b = p.address();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, p.length() - 8 * i));
            b[i] = (byte) (b[i] & (0xFF << (8 - keep)));
        }
        return IpPrefix.format(b) + "/" + p.length();
    }

    private static Finding finding(AnalysisView v, Tunnels.NodePair p, String subnet, String evidence) {
        String a = Tunnels.endpoint(v, p.a);
        String b = Tunnels.endpoint(v, p.b);
        String summary = a + " and " + b + " share " + subnet + (evidence == null ? " (assumed: no ip-addr.json)" : "")
                + ", yet " + Describe.plural(p.packets, "packet", "packets") + " between their pods went in IP-in-IP "
                + "(" + p.tunnelBytes + " bytes of outer headers): Calico's CrossSubnet mode would route them directly";
        String fix = "set the Calico IP pool's ipipMode to CrossSubnet (calicoctl patch ippool <pool> -p "
                + "'{\"spec\":{\"ipipMode\":\"CrossSubnet\"}}'; at install, CALICO_IPV4POOL_IPIP=CrossSubnet), "
                + "provided the network between the nodes forwards pod addresses (in a cloud VPC, turn the "
                + "source/destination check off); then the pods can use MTU 1500 instead of 1480";
        Finding.Builder f = Finding.of(ID, Severity.INFO, summary).fix(fix).dedupKey(p.a + " " + p.b)
                .node(p.tunnels.get(0).node());
        p.tunnels.forEach(t -> f.packet(t.first()));
        v.nodeOfAddress(p.a).ifPresent(n -> f.object(ObjectRef.node(n)));
        v.nodeOfAddress(p.b).ifPresent(n -> f.object(ObjectRef.node(n)));
        if (evidence != null) {
            f.evidence(evidence);
        }
        for (String addr : List.of(p.a, p.b)) {
            v.nodeOfAddress(addr).flatMap(n -> Describe.mtuEvidence(v, n, "tunl0")).ifPresent(f::evidence);
        }
        int[] j = Tunnels.journeyIn(v, p);
        if (j != null) {
            f.journey(j[0], j[1]);
        }
        return f.build();
    }
}
