package io.hoptrace.decoders.state;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code ip -j addr}: an array of interfaces, each with an addr_info array. */
public final class IpJsonAddrParser {
    private IpJsonAddrParser() {
    }

    public static IpJsonAddresses parse(String text) {
        IpJsonInput in = IpJsonInput.read(text, "ip -j addr");
        List<IpJsonLink> interfaces = new ArrayList<>();
        List<IpJsonAddress> addresses = new ArrayList<>();
        for (Map<String, Object> m : in.elements) {
            IpJsonLink link = IpJsonLinkParser.link(in, m);
            if (link == null) {
                continue;
            }
            interfaces.add(link);
            for (Map<String, Object> a : in.objects(m, "addr_info")) {
                IpJsonAddress address = address(in, link, a);
                if (address != null) {
                    addresses.add(address);
                }
            }
        }
        return new IpJsonAddresses(interfaces, addresses, in.sortedProblems());
    }

    private static IpJsonAddress address(IpJsonInput in, IpJsonLink link, Map<String, Object> a) {
        String family = in.string(a, "family");
        InetAddress local = in.address(a, "local");
        long prefix = in.number(a, "prefixlen");
        if (family == null || local == null || prefix < 0) {
            in.problem(a, "address of " + link.name() + " without \"family\", \"local\" and \"prefixlen\"");
            return null;
        }
        boolean six = local instanceof Inet6Address;
        if (!family.equals(six ? "inet6" : "inet") || prefix > (six ? 128 : 32)) {
            in.problem(a, "address of " + link.name() + ": " + family + " " + InetLiteral.format(local) + "/"
                    + prefix + " does not add up");
            return null;
        }
        Boolean dynamic = in.bool(a, "dynamic");
        return new IpJsonAddress(link.ifindex(), link.name(), family, local, (int) prefix, in.string(a, "scope"),
                in.string(a, "label"), in.address(a, "broadcast"), in.address(a, "address"),
                Boolean.TRUE.equals(dynamic));
    }
}
