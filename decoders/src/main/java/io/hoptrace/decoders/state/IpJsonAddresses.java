package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ip -j addr} says: each interface (with its MTU and state, as {@code ip -j link} would) and the
 * addresses on it.
 */
public record IpJsonAddresses(List<IpJsonLink> interfaces, List<IpJsonAddress> addresses,
                              List<LineProblem> problems) {
    public IpJsonAddresses {
        interfaces = List.copyOf(interfaces);
        addresses = List.copyOf(addresses);
        problems = List.copyOf(problems);
    }

    public List<IpJsonAddress> of(String interfaceName) {
        return addresses.stream().filter(a -> a.interfaceName().equals(interfaceName)).toList();
    }

    /** The interface that owns an address (is this packet's destination this node?). */
    public Optional<IpJsonAddress> owner(InetAddress address) {
        return addresses.stream().filter(a -> a.local().equals(address)).findFirst();
    }
}
