package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;
import java.nio.charset.StandardCharsets;

/**
 * NOTIFICATION (RFC 4271 4.5): error code, subcode, data; the session closes right after it. Cease subcodes
 * follow RFC 4486 and 8538 (hard reset, whose data is the notification that caused it); an administrative
 * shutdown or reset may carry a length-prefixed UTF-8 shutdown communication (RFC 9003) an operator typed.
 * Static accessors take the message offset {@code m}.
 */
public final class BgpNotification {
    public static final int MIN_LENGTH = 21;
    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_ERROR = 7;
    public static final int CEASE_ADMIN_SHUTDOWN = 2;
    public static final int CEASE_ADMIN_RESET = 4;
    public static final int CEASE_HARD_RESET = 9;

    public static final Anomaly TOO_SHORT = Anomaly.register("bgp.notification-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "NOTIFICATION shorter than 21 bytes");
    public static final Anomaly SHUTDOWN_LENGTH = Anomaly.register("bgp.shutdown-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "shutdown communication length runs past the message");
    public static final Anomaly HARD_RESET_DATA = Anomaly.register("bgp.hard-reset.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "hard reset without the code and subcode of the notification it wraps");

    private BgpNotification() {
    }

    public static int code(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u8(b, m + 19) : -1;
    }

    public static int subcode(byte[] b, int m) {
        return BgpMessage.atLeast(b, m, MIN_LENGTH) ? Bytes.u8(b, m + 20) : -1;
    }

    public static int dataOffset(int m) {
        return m + MIN_LENGTH;
    }

    /** True for a Cease administrative shutdown or reset, which may carry a shutdown communication. */
    public static boolean mayCarryCommunication(int code, int subcode) {
        return code == CEASE && (subcode == CEASE_ADMIN_SHUTDOWN || subcode == CEASE_ADMIN_RESET);
    }

    /** Length of the shutdown communication, or -1 when there is none or its length byte overruns. */
    public static int communicationLength(byte[] b, int m) {
        int end = BgpUpdate.end(b, m);
        int data = dataOffset(m);
        if (end - m < MIN_LENGTH || !mayCarryCommunication(code(b, m), subcode(b, m)) || data >= end) {
            return -1;
        }
        int len = Bytes.u8(b, data);
        return data + 1 + len <= end ? len : -1;
    }

    /** The shutdown communication text, or null (allocates: for findings). */
    public static String communication(byte[] b, int m) {
        int len = communicationLength(b, m);
        return len < 0 ? null : new String(b, dataOffset(m) + 1, len, StandardCharsets.UTF_8);
    }

    static boolean validate(Dissection d, int layer, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            d.anomaly(layer, TOO_SHORT, m + BgpMessage.MARKER_LENGTH, 2);
            return false;
        }
        int data = dataOffset(m);
        if (mayCarryCommunication(code(b, m), subcode(b, m)) && data < end
                && data + 1 + Bytes.u8(b, data) > end) {
            d.anomaly(layer, SHUTDOWN_LENGTH, data, 1);
            return false;
        }
        if (code(b, m) == CEASE && subcode(b, m) == CEASE_HARD_RESET && end - data < 2) {
            d.anomaly(layer, HARD_RESET_DATA, data, end - data);
            return false;
        }
        return true;
    }

    /** Appends {@code cease/administrative shutdown "maintenance"} (after {@code BGP NOTIFICATION }). */
    static void appendError(TextLine out, int code, int subcode) {
        out.append(BgpNames.errorCode(code));
        String sub = BgpNames.errorSubcode(code, subcode);
        if (sub != null) {
            out.append('/').append(sub);
        } else if (subcode != 0) {
            out.append("/subcode ").append(subcode);
        }
    }

    static void summarize(TextLine out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        int code = code(b, m);
        int subcode = subcode(b, m);
        out.append(' ');
        appendError(out, code, subcode);
        int data = dataOffset(m);
        if (mayCarryCommunication(code, subcode) && data < end) {
            int len = Bytes.u8(b, data);
            if (data + 1 + len <= end && len > 0) {
                out.append(" \"").appendPrintable(b, data + 1, len).append('"');
            } else if (data + 1 + len > end) {
                out.append(" (bad shutdown communication length)");
            }
        } else if (code == CEASE && subcode == CEASE_HARD_RESET && end - data >= 2) {
            out.append(": ");
            appendError(out, Bytes.u8(b, data), Bytes.u8(b, data + 1));
        }
    }

    static void describe(FieldSink out, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            return;
        }
        int code = code(b, m);
        int subcode = subcode(b, m);
        out.field("code", code, m + 19, 1);
        out.field("code.name", BgpNames.errorCode(code), m + 19, 1);
        out.field("subcode", subcode, m + 20, 1);
        String sub = BgpNames.errorSubcode(code, subcode);
        if (sub != null) {
            out.field("subcode.name", sub, m + 20, 1);
        }
        int data = dataOffset(m);
        if (mayCarryCommunication(code, subcode) && data < end) {
            int len = Bytes.u8(b, data);
            out.field("communication.length", len, data, 1);
            if (data + 1 + len <= end) {
                out.field("communication", new String(b, data + 1, len, StandardCharsets.UTF_8), data + 1, len);
                data += 1 + len;
            }
        } else if (code == CEASE && subcode == CEASE_HARD_RESET && end - data >= 2) {
            out.beginObject("hard-reset", data, end - data);
            out.field("code", Bytes.u8(b, data), data, 1);
            out.field("code.name", BgpNames.errorCode(Bytes.u8(b, data)), data, 1);
            out.field("subcode", Bytes.u8(b, data + 1), data + 1, 1);
            String inner = BgpNames.errorSubcode(Bytes.u8(b, data), Bytes.u8(b, data + 1));
            if (inner != null) {
                out.field("subcode.name", inner, data + 1, 1);
            }
            out.endObject();
            data = end;
        }
        if (data < end) {
            out.field("data.length", end - data, data, end - data);
        }
    }
}
