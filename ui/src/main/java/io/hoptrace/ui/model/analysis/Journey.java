package io.hoptrace.ui.model.analysis;

import java.util.List;

/**
 * A packet's observations in time order (the hop diagram of the selected packet).
 *
 * @param title   what the packet is ({@code ICMP echo request 10.244.0.11 → 10.244.1.10})
 * @param objects the Kubernetes objects it involves ({@code pod demo/mtu-client-…}, {@code svc demo/web})
 * @param outcome how it ended ({@code dropped on node-a after cni0}), or ""
 */
public record Journey(String title, List<Hop> hops, List<String> objects, String outcome) {
    public Journey {
        hops = List.copyOf(hops);
        objects = List.copyOf(objects);
    }

    /** The distinct nodes in order of first appearance: the diagram's lanes. */
    public List<String> nodes() {
        return hops.stream().map(Hop::node).distinct().toList();
    }
}
