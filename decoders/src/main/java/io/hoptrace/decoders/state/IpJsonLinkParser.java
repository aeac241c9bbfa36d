package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code ip -j link} and {@code ip -j -d link} (details: linkinfo with vxlan and bridge-port data). */
public final class IpJsonLinkParser {
    private IpJsonLinkParser() {
    }

    public static IpJsonLinks parse(String text) {
        IpJsonInput in = IpJsonInput.read(text, "ip -j link");
        List<IpJsonLink> links = new ArrayList<>();
        for (Map<String, Object> m : in.elements) {
            IpJsonLink l = link(in, m);
            if (l != null) {
                links.add(l);
            }
        }
        return new IpJsonLinks(links, in.sortedProblems());
    }

    /** One interface object, also the link part of an ip -j addr element; null (reported) without name or index. */
    static IpJsonLink link(IpJsonInput in, Map<String, Object> m) {
        long ifindex = in.number(m, "ifindex");
        String name = in.string(m, "ifname");
        if (ifindex < 0 || name == null) {
            in.problem(m, "interface without \"ifindex\" and \"ifname\"");
            return null;
        }
        String kind = null;
        String slaveKind = null;
        IpJsonVxlan vxlan = null;
        IpJsonBridgePort port = null;
        Map<String, Object> info = in.object(m, "linkinfo");
        if (info != null) {
            kind = in.string(info, "info_kind");
            slaveKind = in.string(info, "info_slave_kind");
            Map<String, Object> data = in.object(info, "info_data");
            if ("vxlan".equals(kind) && data != null) {
                vxlan = vxlan(in, data);
            }
            Map<String, Object> slave = in.object(info, "info_slave_data");
            if ("bridge".equals(slaveKind) && slave != null) {
                port = new IpJsonBridgePort(in.string(slave, "state"), in.bool(slave, "hairpin"),
                        in.bool(slave, "learning"), in.bool(slave, "isolated"));
            }
        }
        return new IpJsonLink(in.line(m), ifindex, name, in.number(m, "mtu"), in.strings(m, "flags"),
                in.string(m, "link_type"), kind, slaveKind, in.string(m, "master"), in.string(m, "operstate"),
                in.string(m, "address"), in.string(m, "link"), in.number(m, "link_index"),
                in.number(m, "link_netnsid"), vxlan, port);
    }

    private static IpJsonVxlan vxlan(IpJsonInput in, Map<String, Object> data) {
        long id = in.number(data, "id");
        if (id < 0) {
            in.problem(data, "vxlan device without an \"id\"");
        }
        var remote = data.containsKey("remote") ? in.address(data, "remote") : in.address(data, "group");
        String device = data.containsKey("link") ? in.string(data, "link") : in.string(data, "dev");
        return new IpJsonVxlan(id, in.number(data, "port"), in.address(data, "local"), remote, device,
                in.bool(data, "learning"));
    }
}
