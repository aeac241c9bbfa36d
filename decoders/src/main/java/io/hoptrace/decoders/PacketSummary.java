package io.hoptrace.decoders;

import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.EthernetDecoder;
import io.hoptrace.decoders.link.PppDecoder;
import io.hoptrace.decoders.link.Sll2Decoder;
import io.hoptrace.decoders.link.SllDecoder;
import io.hoptrace.decoders.link.VlanDecoder;

/**
 * The one-line summary of a dissection, in the spirit of {@code tcpdump -n}:
 * <pre>
 * IP 10.0.0.1.40000 &gt; 10.0.0.2.8472: VXLAN vni 1 | 10.244.1.5 &gt; 10.244.2.7: ICMP echo request, id 7, seq 1, length 64
 * </pre>
 * An IP layer and the TCP or UDP layer on it merge into {@code src.sport > dst.dport: }; the family tag
 * ({@code IP }, {@code IP6 }) goes on the first network layer only; {@code " | "} opens each tunnel's inner packet;
 * link layers are silent unless they carry something other than IP; the line ends with what went wrong
 * ({@code [malformed: ipv4.total-length.bad]}, {@code [truncated]}, warnings by id). Layers this class does not
 * know (VXLAN, BGP, ...) print through their decoder's {@link LayerDecoder#summarize}.
 *
 * <p>Appends straight into a {@link TextLine} with no allocation, so printing keeps up with decoding.
 */
public final class PacketSummary {
    private PacketSummary() {
    }

    /** Appends the summary of {@code d} to {@code out} (which it does not clear) and returns {@code out}. */
    public static TextLine append(Dissection d, TextLine out) {
        int n = d.layerCount();
        boolean tagged = false;
        int previousDepth = -1;
        int i = 0;
        while (i < n) {
            if (d.quoted(i)) {
                i++;
                continue;
            }
            int depth = d.depth(i);
            if (previousDepth >= 0 && depth > previousDepth) {
                out.append(" | ");
            }
            previousDepth = depth;
            switch (d.protocol(i)) {
                case ETHERNET -> i = ethernet(d, i, out);
                case VLAN -> i = vlan(d, i, out);
                case SLL -> i = cooked(d, i, SllDecoder.hasHeader(d, i), SllDecoder.protocolType(d, i), out);
                case SLL2 -> {
                    if (Sll2Decoder.hasHeader(d, i)) {
                        Sll2Decoder.appendInterface(d, i, out).append(' ');
                    }
                    i = cooked(d, i, Sll2Decoder.hasHeader(d, i), Sll2Decoder.protocolType(d, i), out);
                }
                case PPP -> i = ppp(d, i, out);
                case MPLS -> i = mpls(d, i, out);
                case IPV4, IPV6 -> {
                    i = ip(d, i, !tagged, out);
                    tagged = true;
                }
                case DATA -> {
                    if (i == 0) {
                        out.append(LinkType.name(d.linkType())).append(", ");
                    } else {
                        out.append("data, ");
                    }
                    out.append("length ").append(d.end(i) - d.offset(i));
                    i++;
                }
                default -> i = group(d, i, out);
            }
        }
        return annotate(d, out);
    }

    /** Convenience for tests and the odd caller: the summary as a String (allocates). */
    public static String text(Dissection d) {
        return append(d, new TextLine()).toString();
    }

    // ---- link ------------------------------------------------------------------------------------------------

    private static boolean endsHere(Dissection d, int next) {
        return next >= d.layerCount() || d.protocol(next) == Protocol.DATA || d.quoted(next);
    }

    /** Silent before IP; inside a tunnel, names the MACs before ARP; names the type before anything unknown. */
    private static int ethernet(Dissection d, int i, TextLine out) {
        int next = i + 1;
        if (!EthernetDecoder.hasHeader(d, i)) {
            out.append("[|ether]");
            return next;
        }
        if (endsHere(d, next)) {
            return unknownPayload(d, i, EthernetDecoder.etherType(d, i), out);
        }
        if (d.depth(i) > 0 && d.protocol(next) == Protocol.ARP) {
            byte[] b = d.bytes(i);
            out.appendMac(b, d.offset(i) + 6).append(" > ").appendMac(b, d.offset(i)).append(", ");
        }
        return next;
    }

    private static int vlan(Dissection d, int i, TextLine out) {
        if (!VlanDecoder.hasHeader(d, i)) {
            out.append("[|vlan]");
            return i + 1;
        }
        out.append("vlan ").append(VlanDecoder.vlanId(d, i)).append(", ");
        return endsHere(d, i + 1) ? unknownPayload(d, i, VlanDecoder.etherType(d, i), out) : i + 1;
    }

    private static int cooked(Dissection d, int i, boolean hasHeader, int protocol, TextLine out) {
        if (!hasHeader) {
            out.append("[|sll]");
            return i + 1;
        }
        return endsHere(d, i + 1) ? unknownPayload(d, i, protocol, out) : i + 1;
    }

    /** {@code ethertype LLDP (0x88cc), length 46} for a link payload nothing decoded; skips its data layer. */
    private static int unknownPayload(Dissection d, int link, int type, TextLine out) {
        EthernetDecoder.appendType(type, out).append(", length ").append(d.end(link) - d.payloadOffset(link));
        int next = link + 1;
        return next < d.layerCount() && d.protocol(next) == Protocol.DATA ? next + 1 : next;
    }

    /** Silent before what it carries, as tcpdump without -e; names the protocol when nothing decoded it. */
    private static int ppp(Dissection d, int i, TextLine out) {
        if (!PppDecoder.hasHeader(d, i)) {
            out.append("[|ppp]");
            return i + 1;
        }
        if (!endsHere(d, i + 1)) {
            return i + 1;
        }
        PppDecoder.appendProtocol(PppDecoder.protocolNumber(d, i), out).append(", length ")
                .append(d.end(i) - d.payloadOffset(i));
        return skipData(d, i + 1);
    }

    /** {@code MPLS (label 16, tc 0, [S], ttl 64) } in front of the labelled packet when it is at the same depth. */
    private static int mpls(Dissection d, int i, TextLine out) {
        d.decoder(i).summarize(d, i, out);
        int next = i + 1;
        if (next < d.layerCount() && !d.quoted(next) && d.depth(next) == d.depth(i)) {
            out.append(d.protocol(next) == Protocol.DATA ? ", " : " ");
        }
        return next;
    }

    // ---- network and transport -------------------------------------------------------------------------------

    private static int ip(Dissection d, int i, boolean tag, TextLine out) {
        boolean v4 = d.protocol(i) == Protocol.IPV4;
        if (tag) {
            out.append(v4 ? "IP " : "IP6 ");
        }
        int next = i + 1;
        if (!IpLayers.hasAddresses(d, i)) {
            out.append(v4 ? "[|ip]" : "[|ip6]");
            return next;
        }
        int n = d.layerCount();
        boolean hasNext = next < n && !d.quoted(next);
        if (hasNext && d.depth(next) > d.depth(i) && IpLayers.isIp(d.protocol(next))) {
            IpLayers.appendFlow(d, i, -1, out).append(": ");
            out.append(d.protocol(next) == Protocol.IPV4 ? "IP" : "IPv6").append(v4 ? "-in-IP" : "-in-IPv6");
            return next;
        }
        boolean sameLevel = hasNext && d.depth(next) == d.depth(i);
        Protocol upper = sameLevel ? d.protocol(next) : null;
        boolean ports = upper != null && IpLayers.hasPorts(d, next);
        IpLayers.appendFlow(d, i, ports ? next : -1, out).append(": ");

        boolean fragment = v4 ? Ipv4Decoder.isFragment(d, i) : Ipv6Decoder.isFragment(d, i);
        int fragmentOffset = v4 ? Ipv4Decoder.fragmentOffset(d, i) : Ipv6Decoder.fragmentOffset(d, i);
        if (fragment) {
            if (v4) {
                Ipv4Decoder.appendFragment(d, i, out);
            } else {
                Ipv6Decoder.appendFragment(d, i, out);
            }
            if (fragmentOffset != 0 || upper == null) {
                out.append(", proto ");
                IpLayers.appendProtocol(v4 ? Ipv4Decoder.protocol(d, i) : Ipv6Decoder.fragmentedProtocol(d, i), out);
                out.append(", length ").append(IpLayers.claimedEnd(d, i) - d.payloadOffset(i));
                return next;
            }
            out.append(", ");
        }
        if (upper == Protocol.TCP) {
            d.decoder(next).summarize(d, next, out);
            int payload = next + 1;
            if (payload < n && d.depth(payload) == d.depth(i) && !d.quoted(payload)
                    && d.protocol(payload) != Protocol.DATA) {
                out.append(": ");
                return group(d, payload, out);
            }
            return skipData(d, payload);
        }
        if (upper == Protocol.UDP) {
            int payload = next + 1;
            if (payload < n && d.depth(payload) == d.depth(i) && !d.quoted(payload)
                    && d.protocol(payload) != Protocol.DATA) {
                return group(d, payload, out);
            }
            d.decoder(next).summarize(d, next, out);
            return skipData(d, payload);
        }
        if (upper == null || upper == Protocol.DATA) {
            int protocol = v4 ? Ipv4Decoder.protocol(d, i) : Ipv6Decoder.upperProtocol(d, i);
            out.append("ip-proto-").append(protocol).append(", length ")
                    .append(Math.max(0, IpLayers.claimedEnd(d, i) - d.payloadOffset(i)));
            return upper == null ? next : next + 1;
        }
        // ICMP, ICMPv6 (which print their own quote) and whatever else sits on IP
        return group(d, next, out);
    }

    private static int skipData(Dissection d, int i) {
        return i < d.layerCount() && d.protocol(i) == Protocol.DATA && !d.quoted(i) ? i + 1 : i;
    }

    /** Prints layer {@code i} and the layers of the same protocol right after it, joined with "; ". */
    private static int group(Dissection d, int i, TextLine out) {
        Protocol p = d.protocol(i);
        int depth = d.depth(i);
        d.decoder(i).summarize(d, i, out);
        int j = i + 1;
        while (j < d.layerCount() && d.protocol(j) == p && d.depth(j) == depth && !d.quoted(j)) {
            out.append("; ");
            d.decoder(j).summarize(d, j, out);
            j++;
        }
        return j;
    }

    // ---- what went wrong -------------------------------------------------------------------------------------

    /**
     * Ends the line with {@code [malformed: ids]}, {@code [truncated]}, {@code [unsupported]}, then the ids of
     * other anomalies of warning severity or worse. A quote cut short by its ICMP error is normal, not news.
     */
    private static TextLine annotate(Dissection d, TextLine out) {
        boolean malformed = false;
        boolean truncated = false;
        boolean unsupported = false;
        for (int i = 0; i < d.layerCount(); i++) {
            switch (d.status(i)) {
                case MALFORMED -> malformed = true;
                case TRUNCATED -> truncated |= !d.quoted(i);
                case UNSUPPORTED -> unsupported = true;
                default -> {
                }
            }
        }
        int count = d.anomalyCount();
        boolean named = false;
        for (int k = 0; k < count; k++) {
            if (d.anomaly(k).group() == Anomaly.Group.MALFORMED && !seenBefore(d, k)) {
                out.append(named ? ", " : " [malformed: ").append(d.anomaly(k).id());
                named = true;
            }
        }
        if (named) {
            out.append(']');
        } else if (malformed) {
            out.append(" [malformed]");
        }
        if (truncated) {
            out.append(" [truncated]");
        }
        if (unsupported) {
            out.append(" [unsupported]");
        }
        for (int k = 0; k < count; k++) {
            Anomaly a = d.anomaly(k);
            if (a.group() != Anomaly.Group.MALFORMED && a.severity() != Anomaly.Severity.NOTE && !seenBefore(d, k)) {
                out.append(" [").append(a.id()).append(']');
            }
        }
        return out;
    }

    /** True when anomaly {@code k} repeats an earlier one (an ICMP quote can carry the same fault again). */
    private static boolean seenBefore(Dissection d, int k) {
        for (int j = 0; j < k; j++) {
            if (d.anomaly(j) == d.anomaly(k)) {
                return true;
            }
        }
        return false;
    }
}
