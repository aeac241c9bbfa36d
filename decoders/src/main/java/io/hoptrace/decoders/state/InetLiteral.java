package io.hoptrace.decoders.state;

import io.hoptrace.decoders.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Numeric IP address text to {@link InetAddress} and back, without name lookups. {@code InetAddress.getByName}
 * resolves anything that is not a literal through DNS: a parser of saved node state must never do that (slow,
 * answers for the wrong host, and a hostname in {@code ipvsadm -L} output is a reason to report the line, not to
 * resolve it).
 *
 * <p>Addresses from every source (conntrack's compressed IPv6, {@code /proc}'s fully written IPv6 and hex IPv4,
 * {@code ip -j}) end up as equal {@code InetAddress} values, so they can be compared and used as hash keys.
 */
public final class InetLiteral {
    private InetLiteral() {
    }

    /** A dotted-quad IPv4 or an RFC 4291 IPv6 literal (no brackets, no zone), or null if {@code s} is neither. */
    public static InetAddress parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        byte[] b = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s, 0, s.length());
        return b == null ? null : address(b);
    }

    /** IPv4 as the kernel prints it in /proc/net/ip_vs: 8 hex digits, most significant byte first. */
    public static InetAddress parseKernelHex(String s) {
        if (s == null || s.length() != 8) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return address(b);
    }

    /** An IPv4 mask such as 255.255.255.0 as a prefix length, or -1 if the mask is not contiguous. */
    public static int prefixLength(InetAddress mask) {
        byte[] b = mask.getAddress();
        int bits = 0;
        boolean ended = false;
        for (byte x : b) {
            for (int i = 7; i >= 0; i--) {
                boolean one = (x >> i & 1) == 1;
                if (one && ended) {
                    return -1;
                }
                if (one) {
                    bits++;
                } else {
                    ended = true;
                }
            }
        }
        return bits;
    }

    /** Dotted quad for IPv4, RFC 5952 text for IPv6 (lower case, longest zero run as "::"). */
    public static String format(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? Bytes.ipv4(b, 0) : Bytes.ipv6(b, 0);
    }

    private static InetAddress address(byte[] b) {
        try {
            // Inet6Address.getByAddress keeps ::ffff:a.b.c.d as IPv6; InetAddress.getByAddress would make it IPv4
            return b.length == 4 ? Inet4Address.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + b.length + " bytes", e);
        }
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] b = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            b[part++] = (byte) v;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? b : null;
    }

    private static byte[] ipv6(String s) {
        int n = s.length();
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        byte[] b = new byte[16];
        int[] groups = new int[8];
        int count = 0;
        int afterGap = -1; // index in groups where the "::" gap is
        int i = 0;
        if (doubleColon == 0) {
            afterGap = 0;
            i = 2;
        }
        byte[] tailV4 = null;
        while (i < n) {
            int start = i;
            while (i < n && s.charAt(i) != ':') {
                i++;
            }
            String group = s.substring(start, i);
            if (group.indexOf('.') >= 0) {
                // embedded IPv4 must be last
                if (i != n || count > 6) {
                    return null;
                }
                tailV4 = ipv4(group, 0, group.length());
                if (tailV4 == null) {
                    return null;
                }
                break;
            }
            if (group.isEmpty() || group.length() > 4 || count == 8) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < group.length(); k++) {
                int d = Character.digit(group.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            groups[count++] = v;
            if (i < n) {
                i++; // ':'
                if (i < n && s.charAt(i) == ':') {
                    if (afterGap >= 0) {
                        return null;
                    }
                    afterGap = count;
                    i++;
                } else if (i == n) {
                    return null; // ends in a single ':'
                }
            }
        }
        int total = count * 2 + (tailV4 == null ? 0 : 4);
        if (afterGap < 0 ? total != 16 : total > 14) {
            return null;
        }
        int head = afterGap < 0 ? count : afterGap;
        for (int k = 0; k < head; k++) {
            b[2 * k] = (byte) (groups[k] >> 8);
            b[2 * k + 1] = (byte) groups[k];
        }
        int tailBytes = (count - head) * 2 + (tailV4 == null ? 0 : 4);
        int at = 16 - tailBytes;
        for (int k = head; k < count; k++) {
            b[at++] = (byte) (groups[k] >> 8);
            b[at++] = (byte) groups[k];
        }
        if (tailV4 != null) {
            System.arraycopy(tailV4, 0, b, 12, 4);
        }
        return b;
    }
}
