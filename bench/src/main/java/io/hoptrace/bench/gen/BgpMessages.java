package io.hoptrace.bench.gen;

/**
 * BGP-4 messages (RFC 4271) as BIRD sends them for Calico: OPEN with capabilities (multiprotocol IPv4 unicast,
 * route refresh, graceful restart, 4-octet AS), UPDATE with withdrawn routes, ORIGIN/AS_PATH/NEXT_HOP/LOCAL_PREF
 * and NLRI, KEEPALIVE and NOTIFICATION. Each method appends one whole message to {@code out} at {@code pos} and
 * returns the new position.
 */
public final class BgpMessages {
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int HEADER = 19;

    private BgpMessages() {
    }

    private static int header(byte[] out, int pos, int type) {
        for (int i = 0; i < 16; i++) {
            out[pos + i] = (byte) 0xFF;
        }
        out[pos + 18] = (byte) type;
        return pos + HEADER;
    }

    private static int finish(byte[] out, int start, int end) {
        put16(out, start + 16, end - start);
        return end;
    }

    public static int keepalive(byte[] out, int pos) {
        return finish(out, pos, header(out, pos, KEEPALIVE));
    }

    public static int open(byte[] out, int pos, int as, int holdTime, int routerId) {
        int p = header(out, pos, OPEN);
        out[p++] = 4;
        p = put16(out, p, as > 0xFFFF ? 23456 : as);
        p = put16(out, p, holdTime);
        p = put32(out, p, routerId);
        int optLenAt = p++;
        int capStart = p;
        out[p++] = 2; // one optional parameter holding every capability, as BIRD sends them
        int capLenAt = p++;
        int caps = p;
        p = capability(out, p, 1, 4);
        p = put16(out, p, 1); // AFI IPv4
        out[p++] = 0;
        out[p++] = 1; // SAFI unicast
        p = capability(out, p, 2, 0); // route refresh
        p = capability(out, p, 70, 0); // enhanced route refresh
        p = capability(out, p, 64, 6); // graceful restart: time 120 s, IPv4 unicast with forwarding preserved
        p = put16(out, p, 120);
        p = put16(out, p, 1);
        out[p++] = 1;
        out[p++] = (byte) 0x80;
        p = capability(out, p, 65, 4);
        p = put32(out, p, as);
        out[capLenAt] = (byte) (p - caps);
        out[optLenAt] = (byte) (p - capStart);
        return finish(out, pos, p);
    }

    private static int capability(byte[] out, int p, int code, int length) {
        out[p] = (byte) code;
        out[p + 1] = (byte) length;
        return p + 2;
    }

    /**
     * An UPDATE: {@code withdrawn} then, when {@code nlri} is non-empty, the path attributes and the announced
     * prefixes; prefixes are {@code (address, length)} pairs. Inside the AS (iBGP) the AS_PATH is empty and
     * LOCAL_PREF is sent; towards another AS the AS_PATH holds our AS (4 octets, as negotiated).
     */
    public static int update(byte[] out, int pos, int[] withdrawn, int withdrawnCount, int[] nlri, int nlriCount,
                             int nextHop, int localAs, boolean ibgp) {
        int p = header(out, pos, UPDATE);
        int wLenAt = p;
        p += 2;
        for (int i = 0; i < withdrawnCount; i++) {
            p = prefix(out, p, withdrawn[2 * i], withdrawn[2 * i + 1]);
        }
        put16(out, wLenAt, p - wLenAt - 2);
        int aLenAt = p;
        p += 2;
        if (nlriCount > 0) {
            p = attribute(out, p, 0x40, 1, 1);
            out[p++] = 0; // ORIGIN IGP
            if (ibgp) {
                p = attribute(out, p, 0x40, 2, 0);
            } else {
                p = attribute(out, p, 0x40, 2, 6);
                out[p++] = 2; // AS_SEQUENCE
                out[p++] = 1;
                p = put32(out, p, localAs);
            }
            p = attribute(out, p, 0x40, 3, 4);
            p = put32(out, p, nextHop);
            if (ibgp) {
                p = attribute(out, p, 0x40, 5, 4);
                p = put32(out, p, 100);
            }
        }
        put16(out, aLenAt, p - aLenAt - 2);
        for (int i = 0; i < nlriCount; i++) {
            p = prefix(out, p, nlri[2 * i], nlri[2 * i + 1]);
        }
        return finish(out, pos, p);
    }

    /** The End-of-RIB marker of graceful restart: an UPDATE with nothing in it. */
    public static int endOfRib(byte[] out, int pos) {
        return update(out, pos, null, 0, null, 0, 0, 0, true);
    }

    /** NOTIFICATION; Cease/administrative shutdown (6/2) may carry a reason (RFC 9003). */
    public static int notification(byte[] out, int pos, int code, int subcode, String reason) {
        int p = header(out, pos, NOTIFICATION);
        out[p++] = (byte) code;
        out[p++] = (byte) subcode;
        if (reason != null) {
            out[p++] = (byte) reason.length();
            for (int i = 0; i < reason.length(); i++) {
                out[p++] = (byte) reason.charAt(i);
            }
        }
        return finish(out, pos, p);
    }

    private static int attribute(byte[] out, int p, int flags, int type, int length) {
        out[p] = (byte) flags;
        out[p + 1] = (byte) type;
        out[p + 2] = (byte) length;
        return p + 3;
    }

    private static int prefix(byte[] out, int p, int address, int length) {
        out[p++] = (byte) length;
        for (int i = 0; i < (length + 7) / 8; i++) {
            out[p++] = (byte) (address >>> (24 - 8 * i));
        }
        return p;
    }

    private static int put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
        return p + 2;
    }

    private static int put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        return p + 4;
    }
}
