package io.hoptrace.ui.model;

/**
 * The bytes pane's text: one line per 16 bytes, {@code offset  hex (8 + 8)  ascii}, as Wireshark and
 * {@code tcpdump -X} lay it out, and where a byte range falls in that text so the view can highlight a field's bytes
 * in both the hex and the ascii columns.
 * <pre>
 * 0000  45 00 05 dc 12 34 40 00  40 01 00 00 0a f4 00 0b  E....4@.@.......
 * </pre>
 */
public final class HexDump {
    public static final int BYTES_PER_LINE = 16;

    private final String text;
    private final int length;
    /** Offset digits + 2 spaces (4 digits up to 64 KiB, more for the rare larger frame). */
    private final int hexStart;
    /** Where the ascii column starts: 16 * 3 hex + 1 (the gap after 8 bytes) + 1 space. */
    private final int asciiStart;
    /** Line length including the newline. */
    private final int lineLength;

    private HexDump(String text, int length, int digits) {
        this.text = text;
        this.length = length;
        this.hexStart = digits + 2;
        this.asciiStart = hexStart + BYTES_PER_LINE * 3 + 2;
        this.lineLength = asciiStart + BYTES_PER_LINE + 1;
    }

    public static HexDump of(byte[] b, int off, int len) {
        int digits = Math.max(4, (32 - Integer.numberOfLeadingZeros(Math.max(1, len - 1)) + 3) / 4);
        StringBuilder sb = new StringBuilder((len / BYTES_PER_LINE + 1) * (digits + 70));
        for (int line = 0; line * BYTES_PER_LINE < len; line++) {
            int base = line * BYTES_PER_LINE;
            String o = Integer.toHexString(base);
            for (int i = o.length(); i < digits; i++) {
                sb.append('0');
            }
            sb.append(o).append("  ");
            for (int i = 0; i < BYTES_PER_LINE; i++) {
                if (i == 8) {
                    sb.append(' ');
                }
                if (base + i < len) {
                    int v = b[off + base + i] & 0xFF;
                    sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xF, 16)).append(' ');
                } else {
                    sb.append("   ");
                }
            }
            sb.append(' ');
            for (int i = 0; i < BYTES_PER_LINE; i++) {
                if (base + i < len) {
                    int v = b[off + base + i] & 0xFF;
                    sb.append(v >= 0x20 && v < 0x7F ? (char) v : '.');
                } else {
                    sb.append(' ');
                }
            }
            sb.append('\n');
        }
        return new HexDump(sb.toString(), len, digits);
    }

    public String text() {
        return text;
    }

    public int byteCount() {
        return length;
    }

    /**
     * Character ranges {@code [start, end)} of the text that show bytes {@code [offset, offset+count)}, hex and
     * ascii parts of each line separately, in text order: {start0, end0, start1, end1, ...}. Empty when the range is
     * empty or outside the bytes.
     */
    public int[] spans(int offset, int count) {
        int from = Math.max(0, offset);
        int to = Math.min(length, offset + count);
        if (from >= to) {
            return new int[0];
        }
        int firstLine = from / BYTES_PER_LINE;
        int lastLine = (to - 1) / BYTES_PER_LINE;
        int[] out = new int[(lastLine - firstLine + 1) * 4];
        int k = 0;
        for (int line = firstLine; line <= lastLine; line++) {
            int a = Math.max(from, line * BYTES_PER_LINE) - line * BYTES_PER_LINE;
            int z = Math.min(to, (line + 1) * BYTES_PER_LINE) - line * BYTES_PER_LINE;
            int lineStart = line * lineLength;
            out[k++] = lineStart + hexColumn(a);
            out[k++] = lineStart + hexColumn(z - 1) + 2;
            out[k++] = lineStart + asciiStart + a;
            out[k++] = lineStart + asciiStart + z;
        }
        return out;
    }

    private int hexColumn(int i) {
        return hexStart + i * 3 + (i >= 8 ? 1 : 0);
    }

    /** The byte shown at character {@code index} of the text, or -1 (offset column, spaces, newline). */
    public int byteAt(int index) {
        int line = index / lineLength;
        int col = index % lineLength;
        int i;
        if (col >= asciiStart && col < asciiStart + BYTES_PER_LINE) {
            i = col - asciiStart;
        } else if (col >= hexStart && col < asciiStart - 1) {
            int c = col - hexStart;
            if (c >= 8 * 3) {
                c -= 1;
                if (c < 8 * 3) {
                    return -1;
                }
            }
            if (c % 3 == 2) {
                return -1;
            }
            i = c / 3;
        } else {
            return -1;
        }
        int b = line * BYTES_PER_LINE + i;
        return b < length ? b : -1;
    }
}
