package io.hoptrace.decoders.state;

import io.hoptrace.decoders.Bytes;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address with a prefix length ({@code 10.0.0.0/8}, {@code 172.30.0.41} = /32, {@code fd00::/64}).
 * Parsing is literal-only (never a name lookup, unlike {@code InetAddress.getByName}); a text that is not an
 * address gives {@code null}, never an exception.
 */
public final class IpPrefix {
    private final byte[] address;
    private final int length;

    private IpPrefix(byte[] address, int length) {
        this.address = address;
        this.length = length;
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 literal or {@code v6/n}; a dotted mask ({@code /255.255.0.0}) too. */
    public static IpPrefix parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = parseAddress(addr);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int len = max;
        if (slash >= 0) {
            String l = text.substring(slash + 1);
            byte[] mask = l.indexOf('.') >= 0 || l.indexOf(':') >= 0 ? parseAddress(l) : null;
            if (mask != null) {
                len = maskLength(mask);
                if (len < 0 || mask.length != bytes.length) {
                    return null;
                }
            } else {
                len = parseDecimal(l, max);
                if (len < 0) {
                    return null;
                }
            }
        }
        return new IpPrefix(bytes, len);
    }

    /** A host address (/32 or /128), or null. */
    public static IpPrefix host(String address) {
        byte[] b = parseAddress(address);
        return b == null ? null : new IpPrefix(b, b.length * 8);
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    public int length() {
        return length;
    }

    /** The address bytes as written (host bits are not cleared: {@code 10.0.0.5/8} keeps its 5). */
    public byte[] address() {
        return address.clone();
    }

    public boolean contains(IpPrefix host) {
        return host != null && contains(host.address);
    }

    /** True when {@code other} (4 or 16 bytes) falls inside this prefix; an address of the other family never does. */
    public boolean contains(byte[] other) {
        if (other == null || other.length != address.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != other[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (other[full] & mask);
    }

    public boolean isHost() {
        return length == address.length * 8;
    }

    /** The address alone, canonical ({@code 10.0.0.1}, {@code fd00::1}). */
    public String addressText() {
        return format(address);
    }

    @Override
    public String toString() {
        return isHost() ? format(address) : format(address) + "/" + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }

    /** 4 bytes for an IPv4 literal, 16 for IPv6 (with {@code ::} and a trailing dotted quad), else null. */
    public static byte[] parseAddress(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            int pct = s.indexOf('%');
            return parseIpv6(pct >= 0 ? s.substring(0, pct) : s);
        }
        return parseIpv4(s);
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (value < 0 || part == 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (value < 0 || part != 3) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    private static byte[] parseIpv6(String s) {
        byte[] out = new byte[16];
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        byte[] h = groups(head, gap < 0);
        byte[] t = gap >= 0 ? groups(tail, true) : new byte[0];
        if (h == null || t == null) {
            return null;
        }
        if (gap < 0 ? h.length != 16 : h.length + t.length > 14) {
            return null;
        }
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(t, 0, out, 16 - t.length, t.length);
        return out;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted quad when {@code quadAllowed}. */
    private static byte[] groups(String s, boolean quadAllowed) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && quadAllowed && p.indexOf('.') >= 0) {
                byte[] q = parseIpv4(p);
                if (q == null) {
                    return null;
                }
                System.arraycopy(q, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
        }
        return Arrays.copyOf(out, n);
    }

    private static int maskLength(byte[] mask) {
        int len = 0;
        boolean ended = false;
        for (byte b : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (b >> bit & 1) == 1;
                if (one && ended) {
                    return -1;
                }
                if (one) {
                    len++;
                } else {
                    ended = true;
                }
            }
        }
        return len;
    }

    private static int parseDecimal(String s, int max) {
        if (s.isEmpty() || s.length() > 3) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as {@code ::}). */
    public static String format(byte[] a) {
        return a.length == 4 ? Bytes.ipv4(a, 0) : Bytes.ipv6(a, 0);
    }

    /** The canonical text of an address literal, or null when it is not one. */
    public static String canonical(String address) {
        byte[] b = parseAddress(address);
        return b == null ? null : format(b);
    }
}
