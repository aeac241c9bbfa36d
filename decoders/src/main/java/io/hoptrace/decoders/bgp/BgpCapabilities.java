package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * Capabilities (RFC 5492) inside an OPEN capabilities parameter: code, length, value. Known ones are decoded
 * (multiprotocol, route refresh, 4-byte AS, graceful restart, add-path, enhanced route refresh, extended message,
 * FQDN, role, extended next hop, long-lived graceful restart); unknown ones keep their code and length. Walks
 * take a capability offset {@code c} and the end of the parameter that holds it.
 */
public final class BgpCapabilities {
    public static final int MULTIPROTOCOL = 1;
    public static final int ROUTE_REFRESH = 2;
    public static final int EXTENDED_NEXT_HOP = 5;
    public static final int EXTENDED_MESSAGE = 6;
    public static final int ROLE = 9;
    public static final int GRACEFUL_RESTART = 64;
    public static final int FOUR_BYTE_AS = 65;
    public static final int ADD_PATH = 69;
    public static final int ENHANCED_ROUTE_REFRESH = 70;
    public static final int LLGR = 71;
    public static final int FQDN = 73;

    public static final int OVERRUN = -1;

    public static final Anomaly LENGTH = Anomaly.register("bgp.capability-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "capability runs past the end of its optional parameter");
    public static final Anomaly SIZE = Anomaly.register("bgp.capability-size.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "capability length does not fit its code");

    private BgpCapabilities() {
    }

    public static int code(byte[] b, int c) {
        return Bytes.u8(b, c);
    }

    public static int valueLength(byte[] b, int c) {
        return Bytes.u8(b, c + 1);
    }

    public static int valueOffset(int c) {
        return c + 2;
    }

    /** Offset after the capability at {@code c}, or {@link #OVERRUN}. */
    public static int next(byte[] b, int c, int end) {
        if (c + 2 > end) {
            return OVERRUN;
        }
        int after = c + 2 + valueLength(b, c);
        return after <= end ? after : OVERRUN;
    }

    /** Whether a value of {@code len} bytes is well formed for {@code code} (unknown codes: always). */
    static boolean sizeFits(byte[] b, int code, int v, int len) {
        return switch (code) {
            case MULTIPROTOCOL, FOUR_BYTE_AS -> len == 4;
            case ROUTE_REFRESH, EXTENDED_MESSAGE, ENHANCED_ROUTE_REFRESH, 128 -> len == 0;
            case ROLE -> len == 1;
            case GRACEFUL_RESTART -> len >= 2 && (len - 2) % 4 == 0;
            case ADD_PATH -> len % 4 == 0;
            case EXTENDED_NEXT_HOP -> len % 6 == 0;
            case LLGR -> len % 7 == 0;
            case FQDN -> len >= 1 && 1 + Bytes.u8(b, v) < len && 2 + Bytes.u8(b, v) + Bytes.u8(b, v + 1 + Bytes.u8(b, v)) <= len;
            default -> true;
        };
    }

    /** Checks the capabilities of one parameter value {@code [off, end)}; records problems, false if any. */
    static boolean validate(Dissection d, int layer, byte[] b, int off, int end) {
        boolean ok = true;
        for (int c = off; c < end; ) {
            int n = next(b, c, end);
            if (n < 0) {
                d.anomaly(layer, LENGTH, c, end - c);
                return false;
            }
            if (!sizeFits(b, code(b, c), valueOffset(c), valueLength(b, c))) {
                d.anomaly(layer, SIZE, c, n - c);
                ok = false;
            }
            c = n;
        }
        return ok;
    }

    /** The value of the 4-byte AS capability at {@code c}. */
    public static long fourByteAs(byte[] b, int c) {
        return Bytes.u32(b, valueOffset(c));
    }

    /** Appends the short form for a summary: {@code mp ipv4-unicast}, {@code 4-byte-as 65001}, ... */
    static void append(TextLine out, byte[] b, int c) {
        int code = code(b, c);
        int v = valueOffset(c);
        int len = valueLength(b, c);
        BgpNames.appendCapability(out, code);
        if (!sizeFits(b, code, v, len)) {
            out.append(" (malformed)");
            return;
        }
        switch (code) {
            case MULTIPROTOCOL -> BgpNames.appendAfiSafi(out.append(' '), Bytes.u16(b, v), Bytes.u8(b, v + 3));
            case FOUR_BYTE_AS -> out.append(' ').append(Bytes.u32(b, v));
            case GRACEFUL_RESTART -> out.append(' ').append(Bytes.u16(b, v) & 0x0FFF).append('s');
            case ROLE -> BgpNames.appendRole(out.append(' '), Bytes.u8(b, v));
            case ADD_PATH -> {
                for (int p = v; p + 4 <= v + len; p += 4) {
                    BgpNames.appendAfiSafi(out.append(' '), Bytes.u16(b, p), Bytes.u8(b, p + 2)).append('/');
                    appendAddPathMode(out, Bytes.u8(b, p + 3));
                }
            }
            case FQDN -> {
                int host = Bytes.u8(b, v);
                int domain = Bytes.u8(b, v + 1 + host);
                out.append(' ').appendPrintable(b, v + 1, host);
                if (domain > 0) {
                    out.append('.').appendPrintable(b, v + 2 + host, domain);
                }
            }
            default -> {
            }
        }
    }

    private static void appendAddPathMode(TextLine out, int mode) {
        if (mode >= 1 && mode <= 3) {
            out.append(addPathMode(mode));
        } else {
            out.append("mode-").append(mode);
        }
    }

    static String addPathMode(int mode) {
        return switch (mode) {
            case 1 -> "receive";
            case 2 -> "send";
            case 3 -> "send-receive";
            default -> "mode-" + mode;
        };
    }

    /** Emits the capabilities of one parameter value as an array of objects. */
    static void describe(FieldSink out, byte[] b, int off, int end) {
        out.beginArray("capabilities");
        for (int c = off; c < end; ) {
            int n = next(b, c, end);
            if (n < 0) {
                out.beginObject(null, c, end - c);
                out.field("malformed", true, c, end - c);
                out.endObject();
                break;
            }
            int code = code(b, c);
            int v = valueOffset(c);
            int len = valueLength(b, c);
            out.beginObject(null, c, n - c);
            out.field("code", code, c, 1);
            out.field("name", BgpNames.capability(code), c, 1);
            out.field("length", len, c + 1, 1);
            if (sizeFits(b, code, v, len)) {
                describeValue(out, b, code, v, len);
            } else {
                out.field("malformed", true, v, len);
            }
            out.endObject();
            c = n;
        }
        out.endArray();
    }

    private static void describeValue(FieldSink out, byte[] b, int code, int v, int len) {
        switch (code) {
            case MULTIPROTOCOL -> family(out, b, v, Bytes.u16(b, v), Bytes.u8(b, v + 3));
            case FOUR_BYTE_AS -> out.field("as", Bytes.u32(b, v), v, 4);
            case ROLE -> out.field("role", BgpNames.role(Bytes.u8(b, v)), v, 1);
            case GRACEFUL_RESTART -> {
                int flags = Bytes.u8(b, v) >> 4;
                out.field("flags.restart", (flags & 0x8) != 0, v, 1);
                out.field("flags.notification", (flags & 0x4) != 0, v, 1);
                out.field("restart-time", Bytes.u16(b, v) & 0x0FFF, v, 2);
                out.beginArray("families");
                for (int p = v + 2; p + 4 <= v + len; p += 4) {
                    out.beginObject(null, p, 4);
                    family(out, b, p, Bytes.u16(b, p), Bytes.u8(b, p + 2));
                    out.field("forwarding-preserved", (Bytes.u8(b, p + 3) & 0x80) != 0, p + 3, 1);
                    out.endObject();
                }
                out.endArray();
            }
            case ADD_PATH -> {
                out.beginArray("families");
                for (int p = v; p + 4 <= v + len; p += 4) {
                    out.beginObject(null, p, 4);
                    family(out, b, p, Bytes.u16(b, p), Bytes.u8(b, p + 2));
                    out.field("mode", addPathMode(Bytes.u8(b, p + 3)), p + 3, 1);
                    out.endObject();
                }
                out.endArray();
            }
            case EXTENDED_NEXT_HOP -> {
                out.beginArray("families");
                for (int p = v; p + 6 <= v + len; p += 6) {
                    out.beginObject(null, p, 6);
                    family(out, b, p, Bytes.u16(b, p), Bytes.u16(b, p + 2));
                    out.field("next-hop-afi", BgpNames.afi(Bytes.u16(b, p + 4)), p + 4, 2);
                    out.endObject();
                }
                out.endArray();
            }
            case LLGR -> {
                out.beginArray("families");
                for (int p = v; p + 7 <= v + len; p += 7) {
                    out.beginObject(null, p, 7);
                    family(out, b, p, Bytes.u16(b, p), Bytes.u8(b, p + 2));
                    out.field("forwarding-preserved", (Bytes.u8(b, p + 3) & 0x80) != 0, p + 3, 1);
                    out.field("stale-time", Bytes.u24(b, p + 4), p + 4, 3);
                    out.endObject();
                }
                out.endArray();
            }
            case FQDN -> {
                int host = Bytes.u8(b, v);
                int domain = Bytes.u8(b, v + 1 + host);
                out.field("hostname", text(b, v + 1, host), v + 1, host);
                out.field("domain", text(b, v + 2 + host, domain), v + 2 + host, domain);
            }
            default -> {
            }
        }
    }

    private static void family(FieldSink out, byte[] b, int p, int afi, int safi) {
        out.field("afi", afi, p, 2);
        out.field("safi", safi, p + 2, 1);
        out.field("family", BgpNames.afiSafi(afi, safi), p, 3);
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8);
    }
}
