package io.hoptrace.decoders;

import java.io.ByteArrayOutputStream;

/** Byte literals for tests: hex digits, with spaces, newlines and {@code |} allowed as separators. */
public final class TestHex {
    private TestHex() {
    }

    public static byte[] bytes(String hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int hi = -1;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            int v = Character.digit(c, 16);
            if (v < 0) {
                if (Character.isWhitespace(c) || c == '|' || c == ':' || c == '_') {
                    continue;
                }
                throw new IllegalArgumentException("not hex: '" + c + "' at " + i);
            }
            if (hi < 0) {
                hi = v;
            } else {
                out.write(hi << 4 | v);
                hi = -1;
            }
        }
        if (hi >= 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return out.toByteArray();
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(String.format("%02x", b[off + i] & 0xFF));
        }
        return sb.toString();
    }
}
