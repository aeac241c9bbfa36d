package io.hoptrace.decoders.state;

import java.util.List;
import java.util.Optional;

/** The interfaces of {@code ip -j link}, and what could not be read. */
public record IpJsonLinks(List<IpJsonLink> links, List<LineProblem> problems) {
    public IpJsonLinks {
        links = List.copyOf(links);
        problems = List.copyOf(problems);
    }

    public Optional<IpJsonLink> byName(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** What a pcap's interface index (Linux cooked v2) refers to. */
    public Optional<IpJsonLink> byIndex(long ifindex) {
        return links.stream().filter(l -> l.ifindex() == ifindex).findFirst();
    }

    /** The ports of a bridge (cni0, docker0): the devices whose master it is. */
    public List<IpJsonLink> portsOf(String bridge) {
        return links.stream().filter(l -> bridge.equals(l.master())).toList();
    }
}
