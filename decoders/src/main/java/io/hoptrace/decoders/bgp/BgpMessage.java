package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Bytes;

/**
 * The BGP message header (RFC 4271 4.1): a 16-byte marker of all ones, a 2-byte length that counts the whole
 * message (19 to 4096, or 65535 once both peers announced extended messages, RFC 8654) and a type. Static
 * accessors over {@code (byte[], offset of the message)}, for decoders and for rules reading a decoded layer
 * ({@code Dissection.bytes(layer)}, {@code Dissection.offset(layer)}).
 */
public final class BgpMessage {
    public static final int MARKER_LENGTH = 16;
    public static final int HEADER_LENGTH = 19;
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_EXTENDED_LENGTH = 65535;

    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int ROUTE_REFRESH = 5;

    private BgpMessage() {
    }

    public static int length(byte[] b, int off) {
        return Bytes.u16(b, off + MARKER_LENGTH);
    }

    public static int type(byte[] b, int off) {
        return Bytes.u8(b, off + MARKER_LENGTH + 2);
    }

    /**
     * True when the message at {@code m} is at least {@code min} bytes long, by its length field and by the array:
     * the type-specific accessors return -1 (or null) for messages too short for their fields.
     */
    public static boolean atLeast(byte[] b, int m, int min) {
        return m >= 0 && m + HEADER_LENGTH <= b.length && length(b, m) >= min && m + min <= b.length;
    }

    /** True when the 16 bytes at {@code off} (all inside {@code limit}) are the all-ones marker. */
    public static boolean isMarker(byte[] b, int off, int limit) {
        if (limit - off < MARKER_LENGTH) {
            return false;
        }
        for (int i = 0; i < MARKER_LENGTH; i++) {
            if (b[off + i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** True when every byte of {@code [off, limit)} is 0xFF and there are fewer than 16: a marker cut short. */
    public static boolean isMarkerStart(byte[] b, int off, int limit) {
        if (limit - off >= MARKER_LENGTH || off >= limit) {
            return false;
        }
        for (int i = off; i < limit; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset of the next marker at or after {@code from}, or of a run of 0xFF that reaches {@code limit} (a
     * marker the segment cuts), or -1. In a run of more than 16 ones the marker is taken as the last 16 before
     * a byte that is not 0xFF: the ones before it are more likely the end of the previous message than the first
     * byte of a length above 65279.
     */
    public static int findMarker(byte[] b, int from, int limit) {
        int run = 0;
        for (int i = from; i < limit; i++) {
            if (b[i] == (byte) 0xFF) {
                run++;
            } else {
                if (run >= MARKER_LENGTH) {
                    return i - MARKER_LENGTH;
                }
                run = 0;
            }
        }
        if (run >= MARKER_LENGTH) {
            return limit - MARKER_LENGTH;
        }
        return run > 0 ? limit - run : -1;
    }
}
