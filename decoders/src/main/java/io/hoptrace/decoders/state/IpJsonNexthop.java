package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;

/** One path of a multipath route ({@code "nexthops"}: ECMP towards several nodes or uplinks). */
public record IpJsonNexthop(InetAddress gateway, String device, long weight, List<String> flags) {
    public IpJsonNexthop {
        flags = List.copyOf(flags);
    }
}
