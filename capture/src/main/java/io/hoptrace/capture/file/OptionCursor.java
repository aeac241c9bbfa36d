package io.hoptrace.capture.file;

import java.nio.charset.StandardCharsets;

/**
 * Walks the options of one pcapng block (code, length, value padded to 4 bytes) without allocating. A malformed
 * option ends the walk quietly: options are extras, a bad one must not cost the packet.
 */
final class OptionCursor {
    static final int END_OF_OPTIONS = 0;
    static final int COMMENT = 1;

    private byte[] b;
    private int pos;
    private int limit;
    private boolean swapped;
    int code;
    int valueOffset;
    int valueLength;

    OptionCursor reset(byte[] bytes, int from, int to, boolean swappedOrder) {
        this.b = bytes;
        this.pos = from;
        this.limit = to;
        this.swapped = swappedOrder;
        return this;
    }

    boolean next() {
        if (pos + 4 > limit) {
            return false;
        }
        code = FileWindow.uint16(b, pos, swapped);
        valueLength = FileWindow.uint16(b, pos + 2, swapped);
        valueOffset = pos + 4;
        if (code == END_OF_OPTIONS || valueOffset + valueLength > limit) {
            return false;
        }
        pos = valueOffset + ((valueLength + 3) & ~3);
        return true;
    }

    /** UTF-8 text; some writers add a terminating NUL, which is not part of the text. */
    String string() {
        int n = valueLength;
        while (n > 0 && b[valueOffset + n - 1] == 0) {
            n--;
        }
        return new String(b, valueOffset, n, StandardCharsets.UTF_8);
    }

    int u8() {
        return valueLength >= 1 ? b[valueOffset] & 0xFF : 0;
    }

    /** A 64-bit integer option (counters, if_tsoffset). */
    long int64() {
        return FileWindow.int64(b, valueOffset, swapped);
    }

    /** A 64-bit timestamp option (isb_starttime): high word first, like packet blocks. */
    long timestamp() {
        return FileWindow.highLow64(b, valueOffset, swapped);
    }
}
