package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * OPEN (RFC 4271 4.2): version, my AS, hold time, BGP identifier, optional parameters. Parameters have a 1-byte
 * type and length, or, when the first length and type bytes are both 255 (RFC 9072 extended optional parameters
 * length), a 2-byte total and 2-byte parameter lengths. Capabilities sit in parameters of type 2.
 * Static accessors take the message offset {@code m}.
 */
public final class BgpOpen {
    public static final int MIN_LENGTH = 29;
    public static final int PARAM_CAPABILITIES = 2;
    private static final int EXTENDED_PARAMS = 255;

    public static final Anomaly TOO_SHORT = Anomaly.register("bgp.open-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "OPEN shorter than 29 bytes");
    public static final Anomaly VERSION = Anomaly.register("bgp.version.unsupported", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "BGP version other than 4");
    public static final Anomaly HOLD_TIME = Anomaly.register("bgp.hold-time.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "hold time of 1 or 2 seconds (RFC 4271 allows 0 or at least 3)");
    public static final Anomaly PARAMETERS_LENGTH = Anomaly.register("bgp.parameters-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "optional parameters length does not match the message length");
    public static final Anomaly PARAMETER_LENGTH = Anomaly.register("bgp.parameter-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "optional parameter runs past the parameters");

    private BgpOpen() {
    }

    public static int version(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u8(b, m + 19) : -1;
    }

    /** The 2-byte My Autonomous System field (AS_TRANS 23456 when the real AS needs 4 bytes). */
    public static int myAs(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u16(b, m + 20) : -1;
    }

    public static int holdTime(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u16(b, m + 22) : -1;
    }

    public static long bgpId(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u32(b, m + 24) : -1;
    }

    public static boolean extendedParameters(byte[] b, int m) {
        return BgpUpdate.end(b, m) - m >= 32 && Bytes.u8(b, m + 28) == EXTENDED_PARAMS
                && Bytes.u8(b, m + 29) == EXTENDED_PARAMS;
    }

    public static int parametersOffset(byte[] b, int m) {
        return extendedParameters(b, m) ? m + 32 : m + 29;
    }

    public static int parametersLength(byte[] b, int m) {
        return extendedParameters(b, m) ? Bytes.u16(b, m + 30) : Bytes.u8(b, m + 28);
    }

    /** Offset after the parameter at {@code p}, or -1 when it runs past {@code end}. */
    public static int nextParameter(byte[] b, int p, int end, boolean extended) {
        int header = extended ? 3 : 2;
        if (p + header > end) {
            return -1;
        }
        int after = p + header + (extended ? Bytes.u16(b, p + 1) : Bytes.u8(b, p + 1));
        return after <= end ? after : -1;
    }

    /** Sees one capability: {@code c} is its offset (code, length, value), {@code end} its parameter's end. */
    @FunctionalInterface
    public interface CapabilityVisitor {
        /** Returns false to stop the walk. */
        boolean capability(byte[] b, int c, int end);
    }

    /**
     * Calls {@code v} for every capability in every capabilities parameter, in wire order; stops at the first
     * parameter or capability that runs past its container. Returns how many were visited.
     */
    public static int forEachCapability(byte[] b, int m, CapabilityVisitor v) {
        int end = BgpUpdate.end(b, m);
        if (end - m < MIN_LENGTH) {
            return 0;
        }
        boolean ext = extendedParameters(b, m);
        int params = parametersOffset(b, m);
        int paramsEnd = Math.min(params + parametersLength(b, m), end);
        int count = 0;
        for (int p = params; p < paramsEnd; ) {
            int n = nextParameter(b, p, paramsEnd, ext);
            if (n < 0) {
                return count;
            }
            if (Bytes.u8(b, p) == PARAM_CAPABILITIES) {
                for (int c = p + (ext ? 3 : 2); c < n; ) {
                    int cn = BgpCapabilities.next(b, c, n);
                    if (cn < 0) {
                        break;
                    }
                    count++;
                    if (!v.capability(b, c, n)) {
                        return count;
                    }
                    c = cn;
                }
            }
            p = n;
        }
        return count;
    }

    /** Offset of the first capability with {@code code}, or -1 (no allocation: used on the decode path). */
    public static int capability(byte[] b, int m, int code) {
        int end = BgpUpdate.end(b, m);
        if (end - m < MIN_LENGTH) {
            return -1;
        }
        boolean ext = extendedParameters(b, m);
        int params = parametersOffset(b, m);
        int paramsEnd = Math.min(params + parametersLength(b, m), end);
        for (int p = params; p < paramsEnd; ) {
            int n = nextParameter(b, p, paramsEnd, ext);
            if (n < 0) {
                return -1;
            }
            for (int c = p + (ext ? 3 : 2); Bytes.u8(b, p) == PARAM_CAPABILITIES && c < n; ) {
                int cn = BgpCapabilities.next(b, c, n);
                if (cn < 0) {
                    break;
                }
                if (BgpCapabilities.code(b, c) == code) {
                    return c;
                }
                c = cn;
            }
            p = n;
        }
        return -1;
    }

    /** The speaker's real AS: the 4-byte AS capability when present and well formed, else My AS. */
    public static long as(byte[] b, int m) {
        int c = capability(b, m, BgpCapabilities.FOUR_BYTE_AS);
        return c >= 0 && BgpCapabilities.valueLength(b, c) == 4 ? BgpCapabilities.fourByteAs(b, c) : myAs(b, m);
    }

    /** Checks the OPEN at {@code [m, end)} on the decode path; records problems, false when malformed. */
    static boolean validate(Dissection d, int layer, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            d.anomaly(layer, TOO_SHORT, m + BgpMessage.MARKER_LENGTH, 2);
            return false;
        }
        if (version(b, m) != 4) {
            d.anomaly(layer, VERSION, m + 19, 1);
        }
        int hold = holdTime(b, m);
        if (hold == 1 || hold == 2) {
            d.anomaly(layer, HOLD_TIME, m + 22, 2);
        }
        boolean ext = Bytes.u8(b, m + 28) == EXTENDED_PARAMS && end - m >= 30
                && Bytes.u8(b, m + 29) == EXTENDED_PARAMS;
        if (ext && end - m < 32) {
            d.anomaly(layer, PARAMETERS_LENGTH, m + 28, end - m - 28);
            return false;
        }
        int params = ext ? m + 32 : m + 29;
        int paramsEnd = params + (ext ? Bytes.u16(b, m + 30) : Bytes.u8(b, m + 28));
        if (paramsEnd != end) {
            d.anomaly(layer, PARAMETERS_LENGTH, m + 28, ext ? 4 : 1);
            return false;
        }
        boolean ok = true;
        for (int p = params; p < paramsEnd; ) {
            int n = nextParameter(b, p, paramsEnd, ext);
            if (n < 0) {
                d.anomaly(layer, PARAMETER_LENGTH, p, paramsEnd - p);
                return false;
            }
            if (Bytes.u8(b, p) == PARAM_CAPABILITIES) {
                ok &= BgpCapabilities.validate(d, layer, b, p + (ext ? 3 : 2), n);
            }
            p = n;
        }
        return ok;
    }

    /** Appends {@code  as 65001, hold 90, id 1.1.1.1, caps [...]} after {@code BGP OPEN}. */
    static void summarize(TextLine out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        out.append(" as ").append(as(b, m));
        if (version(b, m) != 4) {
            out.append(", version ").append(version(b, m));
        }
        out.append(", hold ").append(holdTime(b, m)).append(", id ").appendIpv4(b, m + 24);
        // explicit loops rather than forEachCapability: a capturing visitor would allocate on every summary
        boolean ext = extendedParameters(b, m);
        int params = parametersOffset(b, m);
        int paramsEnd = Math.min(params + parametersLength(b, m), end);
        int mark = out.length();
        out.append(", caps [");
        int count = 0;
        for (int p = params; p < paramsEnd; ) {
            int n = nextParameter(b, p, paramsEnd, ext);
            if (n < 0) {
                break;
            }
            for (int c = p + (ext ? 3 : 2); Bytes.u8(b, p) == PARAM_CAPABILITIES && c < n; ) {
                int cn = BgpCapabilities.next(b, c, n);
                if (cn < 0) {
                    break;
                }
                if (count++ > 0) {
                    out.append(", ");
                }
                BgpCapabilities.append(out, b, c);
                c = cn;
            }
            p = n;
        }
        if (count == 0) {
            out.setLength(mark);
        } else {
            out.append(']');
        }
    }

    static void describe(FieldSink out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        out.field("version", version(b, m), m + 19, 1);
        out.field("my-as", myAs(b, m), m + 20, 2);
        out.field("as", as(b, m), m + 20, 2);
        out.field("hold-time", holdTime(b, m), m + 22, 2);
        out.field("bgp-id", Bytes.ipv4(b, m + 24), m + 24, 4);
        boolean ext = extendedParameters(b, m);
        out.field("parameters.extended", ext, m + 28, ext ? 2 : 0);
        out.field("parameters.length", parametersLength(b, m), ext ? m + 30 : m + 28, ext ? 2 : 1);
        int params = parametersOffset(b, m);
        int paramsEnd = Math.min(params + parametersLength(b, m), end);
        out.beginArray("parameters");
        for (int p = params; p < paramsEnd; ) {
            int n = nextParameter(b, p, paramsEnd, ext);
            if (n < 0) {
                out.beginObject(null, p, paramsEnd - p);
                out.field("malformed", true, p, paramsEnd - p);
                out.endObject();
                break;
            }
            int header = ext ? 3 : 2;
            out.beginObject(null, p, n - p);
            out.field("type", Bytes.u8(b, p), p, 1);
            out.field("length", n - p - header, p + 1, header - 1);
            if (Bytes.u8(b, p) == PARAM_CAPABILITIES) {
                BgpCapabilities.describe(out, b, p + header, n);
            }
            out.endObject();
            p = n;
        }
        out.endArray();
    }
}
