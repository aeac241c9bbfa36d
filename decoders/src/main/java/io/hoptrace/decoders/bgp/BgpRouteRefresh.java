package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * ROUTE-REFRESH (RFC 2918): AFI, a subtype byte (RFC 7313 enhanced route refresh: 1 begins, 2 ends a refresh),
 * SAFI; outbound route filter entries (RFC 5291) may follow and are kept as a length.
 */
public final class BgpRouteRefresh {
    public static final int MIN_LENGTH = 23;
    public static final int SUBTYPE_BEGIN = 1;
    public static final int SUBTYPE_END = 2;

    public static final Anomaly TOO_SHORT = Anomaly.register("bgp.route-refresh-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "ROUTE-REFRESH shorter than 23 bytes");

    private BgpRouteRefresh() {
    }

    public static int afi(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u16(b, m + 19) : -1;
    }

    public static int subtype(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u8(b, m + 21) : -1;
    }

    public static int safi(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u8(b, m + 22) : -1;
    }

    static boolean validate(Dissection d, int layer, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            d.anomaly(layer, TOO_SHORT, m + BgpMessage.MARKER_LENGTH, 2);
            return false;
        }
        return true;
    }

    static void summarize(TextLine out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        BgpNames.appendAfiSafi(out.append(' '), afi(b, m), safi(b, m));
        switch (subtype(b, m)) {
            case 0 -> {
            }
            case SUBTYPE_BEGIN -> out.append(" begin");
            case SUBTYPE_END -> out.append(" end");
            default -> out.append(" subtype ").append(subtype(b, m));
        }
        if (end - m > MIN_LENGTH) {
            out.append(", orf ").append(end - m - MIN_LENGTH).append(" bytes");
        }
    }

    static void describe(FieldSink out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        out.field("afi", afi(b, m), m + 19, 2);
        out.field("subtype", subtype(b, m), m + 21, 1);
        out.field("safi", safi(b, m), m + 22, 1);
        out.field("family", BgpNames.afiSafi(afi(b, m), safi(b, m)), m + 19, 4);
        if (end - m > MIN_LENGTH) {
            out.field("orf.length", end - m - MIN_LENGTH, m + MIN_LENGTH, end - m - MIN_LENGTH);
        }
    }
}
