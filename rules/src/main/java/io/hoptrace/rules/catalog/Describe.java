package io.hoptrace.rules.catalog;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;

import java.util.Optional;

/** Words for findings: addresses named by their owners, sizes, counts. Shared by the rules of every family. */
public final class Describe {
    private Describe() {
    }

    /** The pod, Service or node owning the address, else the node whose interface has it, or empty. */
    public static Optional<ObjectRef> owner(AnalysisView v, String address) {
        Optional<ObjectRef> o = v.cluster().ownerOf(address);
        if (o.isPresent()) {
            return o;
        }
        return v.nodeOfAddress(address).map(ObjectRef::node);
    }

    /** {@code pod demo/api (10.244.0.20)}, {@code node-a (192.168.50.11)} or {@code 10.1.2.3}. */
    public static String address(AnalysisView v, String address) {
        return owner(v, address).map(o -> (o.kind() == ObjectRef.Kind.NODE ? o.name() : o.toString()) + " ("
                + address + ")").orElse(address);
    }

    /** {@code 3 times} / {@code once}. */
    public static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    public static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** {@code node-a cni0 (in)}. */
    public static String where(Hop h) {
        return h.node() + " " + h.iface() + " (" + h.direction().key() + ")";
    }

    /** The node that runs the pod with this address, or has the address. */
    public static Optional<String> nodeOf(AnalysisView v, String address) {
        return v.nodeOf(address);
    }

    /** Index of the last hop of a journey. */
    public static int lastHop(Journey j) {
        return j.hops().size() - 1;
    }

    /** {@code node-a ip-link: flannel.1 mtu 1450}, when the node lists the interface. */
    public static Optional<String> mtuEvidence(AnalysisView v, String node, String iface) {
        return v.node(node).flatMap(n -> n.link(iface)).filter(l -> l.mtu() > 0)
                .map(l -> node + " ip-link: " + iface + " mtu " + l.mtu());
    }
}
