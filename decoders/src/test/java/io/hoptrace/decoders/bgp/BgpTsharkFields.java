package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BGP values of one decoded frame under tshark's field names, so a test can compare them with
 * {@code tshark -T fields} for the same packet. Only whole messages count, as tshark reports a message in the
 * frame that completes it.
 */
final class BgpTsharkFields {
    static final String[] FIELDS = {
        "bgp.type", "bgp.open.myas", "bgp.open.holdtime", "bgp.open.identifier", "bgp.cap.type",
        "bgp.notify.major_error", "bgp.notify.minor_error_cease", "bgp.notify.minor_error_update",
        "bgp.withdrawn_prefix", "bgp.nlri_prefix", "bgp.update.path_attribute.next_hop",
        "bgp.update.path_attribute.as_path_segment.as2", "bgp.update.path_attribute.as_path_segment.as4",
        "bgp.update.path_attribute.local_pref", "bgp.update.path_attribute.multi_exit_disc",
        "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv4_prefix",
        "bgp.mp_reach_nlri_ipv6_prefix", "bgp.mp_unreach_nlri_ipv6_prefix",
        "bgp.route_refresh.afi", "bgp.route_refresh.safi",
    };

    private BgpTsharkFields() {
    }

    static Map<String, List<String>> of(Dissection d) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String name : FIELDS) {
            f.put(name, new ArrayList<>());
        }
        for (int i = 0; i < d.layerCount(); i++) {
            if (BgpDecoder.isWholeMessage(d, i)) {
                message(f, d.bytes(i), d.offset(i));
            }
        }
        return f;
    }

    private static void message(Map<String, List<String>> f, byte[] b, int m) {
        int type = BgpMessage.type(b, m);
        f.get("bgp.type").add(String.valueOf(type));
        switch (type) {
            case BgpMessage.OPEN -> {
                if (!BgpMessage.atLeast(b, m, BgpOpen.MIN_LENGTH)) {
                    return;
                }
                f.get("bgp.open.myas").add(String.valueOf(BgpOpen.myAs(b, m)));
                f.get("bgp.open.holdtime").add(String.valueOf(BgpOpen.holdTime(b, m)));
                f.get("bgp.open.identifier").add(Bytes.ipv4(b, m + 24));
                BgpOpen.forEachCapability(b, m, (bb, c, end) -> {
                    f.get("bgp.cap.type").add(String.valueOf(BgpCapabilities.code(bb, c)));
                    return true;
                });
            }
            case BgpMessage.NOTIFICATION -> {
                if (!BgpMessage.atLeast(b, m, BgpNotification.MIN_LENGTH)) {
                    return;
                }
                int code = BgpNotification.code(b, m);
                f.get("bgp.notify.major_error").add(String.valueOf(code));
                if (code == BgpNotification.CEASE) {
                    f.get("bgp.notify.minor_error_cease").add(String.valueOf(BgpNotification.subcode(b, m)));
                } else if (code == BgpNotification.UPDATE_MESSAGE_ERROR) {
                    f.get("bgp.notify.minor_error_update").add(String.valueOf(BgpNotification.subcode(b, m)));
                }
            }
            case BgpMessage.ROUTE_REFRESH -> {
                if (BgpMessage.atLeast(b, m, BgpRouteRefresh.MIN_LENGTH)) {
                    f.get("bgp.route_refresh.afi").add(String.valueOf(BgpRouteRefresh.afi(b, m)));
                    f.get("bgp.route_refresh.safi").add(String.valueOf(BgpRouteRefresh.safi(b, m)));
                }
            }
            case BgpMessage.UPDATE -> update(f, b, m);
            default -> {
            }
        }
    }

    private static void update(Map<String, List<String>> f, byte[] b, int m) {
        if (!BgpUpdate.wellFramed(b, m)) {
            return;
        }
        prefixes(f.get("bgp.withdrawn_prefix"), b, BgpUpdate.withdrawnOffset(m), BgpUpdate.attributesLengthOffset(b, m),
                BgpPrefixes.IPV4_BITS);
        int attrs = BgpUpdate.attributesOffset(b, m);
        int attrsEnd = BgpUpdate.nlriOffset(b, m);
        for (int a = attrs; a < attrsEnd; ) {
            int n = BgpPathAttributes.next(b, a, attrsEnd);
            if (n < 0) {
                break;
            }
            int v = BgpPathAttributes.valueOffset(b, a);
            attribute(f, b, BgpPathAttributes.type(b, a), v, n);
            a = n;
        }
        prefixes(f.get("bgp.nlri_prefix"), b, attrsEnd, BgpUpdate.end(b, m), BgpPrefixes.IPV4_BITS);
    }

    private static void attribute(Map<String, List<String>> f, byte[] b, int type, int v, int end) {
        int len = end - v;
        switch (type) {
            case BgpPathAttributes.NEXT_HOP -> {
                if (len == 4) {
                    f.get("bgp.update.path_attribute.next_hop").add(Bytes.ipv4(b, v));
                }
            }
            case BgpPathAttributes.LOCAL_PREF, BgpPathAttributes.MED -> {
                if (len == 4) {
                    f.get(type == BgpPathAttributes.MED ? "bgp.update.path_attribute.multi_exit_disc"
                            : "bgp.update.path_attribute.local_pref").add(String.valueOf(Bytes.u32(b, v)));
                }
            }
            case BgpPathAttributes.AS_PATH, BgpPathAttributes.AS4_PATH -> {
                int size = type == BgpPathAttributes.AS4_PATH ? 4 : BgpAsPath.asSize(b, v, end);
                if (size == 0 || (type == BgpPathAttributes.AS4_PATH && !BgpAsPath.fits(b, v, end, 4))) {
                    return;
                }
                List<String> out = f.get(size == 2 ? "bgp.update.path_attribute.as_path_segment.as2"
                        : "bgp.update.path_attribute.as_path_segment.as4");
                for (int p = v; p + 2 <= end; ) {
                    int count = Bytes.u8(b, p + 1);
                    for (int i = 0; i < count; i++) {
                        out.add(String.valueOf(BgpAsPath.as(b, p + 2 + i * size, size)));
                    }
                    p += 2 + count * size;
                }
            }
            case BgpPathAttributes.MP_REACH_NLRI, BgpPathAttributes.MP_UNREACH_NLRI -> {
                boolean reach = type == BgpPathAttributes.MP_REACH_NLRI;
                if (len < (reach ? 5 : 3)) {
                    return;
                }
                int afi = BgpMpNlri.afi(b, v);
                int bits = BgpMpNlri.prefixBits(afi, BgpMpNlri.safi(b, v));
                int nlri = reach ? BgpMpNlri.reachNlriOffset(b, v) : BgpMpNlri.unreachNlriOffset(v);
                if (bits == 0 || nlri > end) {
                    return;
                }
                String name = "bgp." + (reach ? "mp_reach" : "mp_unreach") + "_nlri_ipv" + (afi == 1 ? 4 : 6) + "_prefix";
                prefixes(f.get(name), b, nlri, end, bits);
            }
            default -> {
            }
        }
    }

    /** Prefix addresses without the length, as tshark shows them. */
    private static void prefixes(List<String> out, byte[] b, int off, int end, int bits) {
        for (String p : BgpPrefixes.texts(b, off, end, bits, BgpPrefixes.looksAddPath(b, off, end, bits))) {
            out.add(p.substring(0, p.indexOf('/')));
        }
    }
}
