package io.hoptrace.ui.model;

import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.state.InetLiteral;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every distinct IP address seen, each with a small id the packet index stores in its address columns. One writer
 * (the loader); readers resolve ids read from published rows (see {@link Labels} for the visibility argument).
 * IPv4 lookups allocate nothing (an open-addressing table keyed by the address itself), which matters at a million
 * packets times four address columns.
 */
public final class Addresses {
    public static final int NONE = -1;

    private long[] v4Keys = new long[1024];
    private int[] v4Ids = new int[1024];
    private int v4Count;
    private final Map<V6, Integer> v6 = new HashMap<>();
    private volatile byte[][] raw = new byte[64][];
    private volatile String[] text = new String[64];
    private volatile int count;

    private record V6(long hi, long lo) {
    }

    /** The id of the IPv4 address {@code address} (big-endian int), adding it if new. */
    public int ipv4(int address) {
        long key = (address & 0xFFFFFFFFL) | (1L << 32);
        int mask = v4Keys.length - 1;
        int slot = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (v4Keys[slot] != 0) {
            if (v4Keys[slot] == key) {
                return v4Ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        int id = add(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address});
        v4Keys[slot] = key;
        v4Ids[slot] = id;
        if (++v4Count * 2 > v4Keys.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        long[] keys = v4Keys;
        int[] ids = v4Ids;
        v4Keys = new long[keys.length * 2];
        v4Ids = new int[keys.length * 2];
        int mask = v4Keys.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int slot = Long.hashCode(keys[i] * 0x9E3779B97F4A7C15L) & mask;
                while (v4Keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                v4Keys[slot] = keys[i];
                v4Ids[slot] = ids[i];
            }
        }
    }

    /** The id of the IPv6 address at {@code b[off, off+16)}, adding it if new. */
    public int ipv6(byte[] b, int off) {
        V6 key = new V6(longAt(b, off), longAt(b, off + 8));
        Integer id = v6.get(key);
        if (id == null) {
            id = add(Arrays.copyOfRange(b, off, off + 16));
            v6.put(key, id);
        }
        return id;
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private int add(byte[] address) {
        int id = count;
        byte[][] r = raw;
        String[] t = text;
        if (id == r.length) {
            r = Arrays.copyOf(r, id * 2);
            t = Arrays.copyOf(t, id * 2);
        }
        r[id] = address;
        t[id] = format(address);
        raw = r;
        text = t;
        count = id + 1;
        return id;
    }

    public int count() {
        return count;
    }

    /** The address as text ({@code 10.244.0.11}, RFC 5952 for IPv6), or "" for {@link #NONE}. */
    public String text(int id) {
        return id < 0 ? "" : text[id];
    }

    /** The address bytes (4 or 16); do not modify. */
    public byte[] bytes(int id) {
        return raw[id];
    }

    /** The id of an address given as text, or {@link #NONE} when it was never seen (or is not an address). */
    public int find(String address) {
        byte[] b = parse(address);
        if (b == null) {
            return NONE;
        }
        int n = count;
        byte[][] r = raw;
        for (int i = 0; i < n; i++) {
            if (Arrays.equals(r[i], b)) {
                return i;
            }
        }
        return NONE;
    }

    /**
     * Ranks of the ids in address order (IPv4 before IPv6, then numerically), so sorting a column of ids compares
     * two ints.
     */
    public int[] ranks() {
        int n = count;
        byte[][] r = raw;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(r[a], r[b]));
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }

    /** Address order: IPv4 before IPv6, then numerically. */
    public static int compare(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** Parses a literal IPv4 or IPv6 address (no host names); null when it is not one. */
    public static byte[] parse(String s) {
        InetAddress a = InetLiteral.parse(s.trim());
        return a == null ? null : a.getAddress();
    }

    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        return new TextLine(40).appendIpv6(a, 0).toString();
    }
}
