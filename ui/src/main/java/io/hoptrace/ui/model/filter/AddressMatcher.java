package io.hoptrace.ui.model.filter;

import io.hoptrace.ui.model.Addresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Which addresses a test accepts: one address, a CIDR block, or a set (a pod's or a Service's addresses). */
final class AddressMatcher {
    private final List<byte[]> prefixes;
    private final int[] bits;

    private AddressMatcher(List<byte[]> prefixes, int[] bits) {
        this.prefixes = prefixes;
        this.bits = bits;
    }

    /** {@code 10.244.0.11}, {@code 10.244.0.0/16}, {@code fd00::/8}; null when {@code s} is none of these. */
    static AddressMatcher literal(String s) {
        int slash = s.indexOf('/');
        byte[] a = Addresses.parse(slash < 0 ? s : s.substring(0, slash));
        if (a == null) {
            return null;
        }
        int len = a.length * 8;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (len < 0 || len > a.length * 8) {
                return null;
            }
        }
        return new AddressMatcher(List.of(a), new int[] {len});
    }

    static AddressMatcher set(List<String> addresses) {
        List<byte[]> list = new ArrayList<>();
        for (String s : addresses) {
            byte[] a = Addresses.parse(s);
            if (a != null) {
                list.add(a);
            }
        }
        int[] bits = new int[list.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = list.get(i).length * 8;
        }
        return new AddressMatcher(list, bits);
    }

    boolean matches(byte[] address) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (inPrefix(address, prefixes.get(i), bits[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean inPrefix(byte[] a, byte[] prefix, int bits) {
        if (a.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (prefix[full] & mask);
    }

    /** The matcher bound to an address table: answers by id, remembering each id's answer. */
    Bound bind(Addresses table) {
        return new Bound(table);
    }

    final class Bound {
        private final Addresses table;
        /** 0 not yet known, 1 no, 2 yes. */
        private byte[] known = new byte[64];

        Bound(Addresses table) {
            this.table = table;
        }

        boolean test(int id) {
            if (id < 0) {
                return false;
            }
            if (id >= known.length) {
                known = Arrays.copyOf(known, Math.max(id + 1, known.length * 2));
            }
            byte k = known[id];
            if (k == 0) {
                k = matches(table.bytes(id)) ? (byte) 2 : (byte) 1;
                known[id] = k;
            }
            return k == 2;
        }
    }
}
