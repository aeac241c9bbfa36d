package io.hoptrace.decoders.transport;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * TCP options (RFC 9293, 7323, 2018): walked in place over {@code b[start, end)}. A length that cannot be right
 * stops the walk with an anomaly; the segment itself still decodes.
 */
public final class TcpOptions {
    public static final int EOL = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int SACK = 5;
    public static final int TIMESTAMPS = 8;
    public static final int MD5 = 19;
    public static final int USER_TIMEOUT = 28;
    public static final int AUTHENTICATION = 29;
    public static final int MPTCP = 30;
    public static final int FAST_OPEN = 34;

    public static final Anomaly LENGTH_BAD = Anomaly.register("tcp.option-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.WARNING, "a TCP option's length is wrong for its kind or runs past the header");

    private TcpOptions() {
    }

    /** The length a kind must have, 0 when any length of 2 or more will do. */
    private static int fixedLength(int kind) {
        return switch (kind) {
            case MSS, USER_TIMEOUT -> 4;
            case WINDOW_SCALE -> 3;
            case SACK_PERMITTED -> 2;
            case TIMESTAMPS -> 10;
            case MD5 -> 18;
            default -> 0;
        };
    }

    /** Length of the option at {@code p}, or -1 when its length field is missing or wrong. */
    static int length(byte[] b, int p, int end) {
        int kind = b[p] & 0xFF;
        if (kind == EOL || kind == NOP) {
            return 1;
        }
        if (p + 1 >= end) {
            return -1;
        }
        int len = b[p + 1] & 0xFF;
        if (len < 2 || p + len > end) {
            return -1;
        }
        int fixed = fixedLength(kind);
        if (fixed != 0 && len != fixed) {
            return -1;
        }
        if (kind == SACK && (len < 10 || (len - 2) % 8 != 0)) {
            return -1;
        }
        return len;
    }

    /** Checks every option up to EOL; the first bad length is recorded and ends the walk. */
    static void check(Dissection d, int layer, byte[] b, int start, int end) {
        for (int p = start; p < end; ) {
            int len = length(b, p, end);
            if (len < 0) {
                d.anomaly(layer, LENGTH_BAD, p, end - p);
                return;
            }
            if (b[p] == EOL) {
                return;
            }
            p += len;
        }
    }

    /** Offset of the first well-formed option of {@code kind}, or -1. */
    static int find(byte[] b, int start, int end, int kind) {
        for (int p = start; p < end; ) {
            int k = b[p] & 0xFF;
            int len = length(b, p, end);
            if (len < 0 || k == EOL) {
                return -1;
            }
            if (k == kind) {
                return p;
            }
            p += len;
        }
        return -1;
    }

    /** Appends {@code mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7} as tcpdump writes it. */
    static void appendText(byte[] b, int start, int end, TextLine out) {
        for (int p = start; p < end; ) {
            if (p > start) {
                out.append(',');
            }
            int kind = b[p] & 0xFF;
            int len = length(b, p, end);
            if (len < 0) {
                out.append("bad opt");
                return;
            }
            switch (kind) {
                case EOL -> out.append("eol");
                case NOP -> out.append("nop");
                case MSS -> out.append("mss ").append(Bytes.u16(b, p + 2));
                case WINDOW_SCALE -> out.append("wscale ").append(Bytes.u8(b, p + 2));
                case SACK_PERMITTED -> out.append("sackOK");
                case TIMESTAMPS -> out.append("TS val ").append(Bytes.u32(b, p + 2)).append(" ecr ")
                        .append(Bytes.u32(b, p + 6));
                case SACK -> {
                    out.append("sack ").append((len - 2) / 8).append(' ');
                    for (int s = p + 2; s < p + len; s += 8) {
                        out.append('{').append(Bytes.u32(b, s)).append(':').append(Bytes.u32(b, s + 4)).append('}');
                    }
                }
                case MD5 -> out.append("md5");
                case USER_TIMEOUT -> out.append("uto ").append(Bytes.u16(b, p + 2) & 0x7FFF);
                case AUTHENTICATION -> out.append("tcp-ao");
                case MPTCP -> out.append("mptcp");
                case FAST_OPEN -> out.append("tfo");
                default -> out.append("opt-").append(kind);
            }
            if (kind == EOL) {
                return;
            }
            p += len;
        }
    }

    static void describe(byte[] b, int start, int end, FieldSink out) {
        out.beginArray("options");
        for (int p = start; p < end; ) {
            int kind = b[p] & 0xFF;
            int len = length(b, p, end);
            int shown = len < 0 ? end - p : len;
            out.beginObject(null, p, shown);
            out.field("kind", kind, p, 1);
            if (len < 0) {
                out.field("bad-length", true, p, shown);
                out.endObject();
                break;
            }
            switch (kind) {
                case MSS -> out.field("mss", Bytes.u16(b, p + 2), p + 2, 2);
                case WINDOW_SCALE -> out.field("wscale", Bytes.u8(b, p + 2), p + 2, 1);
                case SACK_PERMITTED -> out.field("sack-permitted", true, p, 2);
                case TIMESTAMPS -> {
                    out.field("tsval", Bytes.u32(b, p + 2), p + 2, 4);
                    out.field("tsecr", Bytes.u32(b, p + 6), p + 6, 4);
                }
                case SACK -> {
                    out.beginArray("blocks");
                    for (int s = p + 2; s < p + len; s += 8) {
                        out.beginObject(null, s, 8);
                        out.field("left", Bytes.u32(b, s), s, 4);
                        out.field("right", Bytes.u32(b, s + 4), s + 4, 4);
                        out.endObject();
                    }
                    out.endArray();
                }
                default -> {
                    if (len > 1) {
                        out.field("length", len, p + 1, 1);
                    }
                }
            }
            out.endObject();
            if (kind == EOL) {
                break;
            }
            p += len;
        }
        out.endArray();
    }
}
