package io.hoptrace.decoders.state;

/**
 * The words every kube-proxy rule repeats ({@code -A}, {@code -m}, {@code comment}, {@code --dport}...), found in a
 * line without allocating a string for them: a node with 70,000 rules would otherwise copy each one every time.
 */
final class KnownTokens {
    private static final String[] WORDS = {
        "-A", "-I", "-N", "-X", "-m", "-j", "-g", "-p", "-s", "-d", "-i", "-o", "!", "tcp", "udp", "sctp",
        "comment", "--comment", "--dport", "--sport", "--dports", "multiport", "statistic", "--mode", "random",
        "--probability", "mark", "--mark", "MARK", "--set-xmark", "--or-mark", "--xor-mark", "addrtype",
        "--dst-type", "--src-type", "LOCAL", "conntrack", "--ctstate", "NEW", "INVALID", "RELATED,ESTABLISHED",
        "recent", "--name", "--set", "--rcheck", "--seconds", "--reap", "--mask", "255.255.255.255", "--rsource",
        "DNAT", "--to-destination", "SNAT", "MASQUERADE", "--random-fully", "RETURN", "ACCEPT", "DROP", "REJECT",
        "KUBE-MARK-MASQ", "KUBE-MARK-DROP", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-FORWARD",
        "KUBE-SVC", "nfacct", "--nfacct-name", "0x4000/0x4000", "0x4000", "10.0.0.0/8", "state", "--state",
    };
    private static final int SLOTS = 256;
    private static final String[] TABLE = new String[SLOTS];

    static {
        for (String w : WORDS) {
            int h = hash(w, 0, w.length());
            while (TABLE[h] != null) {
                h = (h + 1) & (SLOTS - 1);
            }
            TABLE[h] = w;
        }
    }

    private KnownTokens() {
    }

    private static int hash(CharSequence s, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = h * 31 + s.charAt(i);
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    /** The shared instance of {@code s[from, to)} if it is a known word, else null. */
    static String find(String s, int from, int to) {
        int len = to - from;
        if (len > 20) {
            return null;
        }
        int h = hash(s, from, to);
        for (String w = TABLE[h]; w != null; w = TABLE[h = (h + 1) & (SLOTS - 1)]) {
            if (w.length() == len && s.regionMatches(from, w, 0, len)) {
                return w;
            }
        }
        return null;
    }
}
