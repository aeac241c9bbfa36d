package io.hoptrace.decoders;

/** Hex strings to bytes for byte-literal tests; spaces and newlines are ignored. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        String s = hex.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    /** The bytes of {@code hex} with {@code n} bytes cut off the end. */
    public static byte[] cut(String hex, int n) {
        byte[] b = bytes(hex);
        return java.util.Arrays.copyOf(b, b.length - n);
    }
}
