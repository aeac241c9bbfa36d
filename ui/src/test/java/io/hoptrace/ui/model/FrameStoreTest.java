package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.model.port.FrameReader;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameStoreTest {
    /** A "file" of 256 bytes whose byte i is i; counts its reads and can be closed. */
    private static final class FileOfBytes implements FrameReader {
        final byte[] bytes = new byte[256];
        int reads;
        boolean closed;

        FileOfBytes() {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
        }

        @Override
        public void read(long fileOffset, byte[] dst, int dstOffset, int length) throws IOException {
            if (closed) {
                throw new IOException("file.pcap: closed");
            }
            reads++;
            System.arraycopy(bytes, (int) fileOffset, dst, dstOffset, length);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aSourceReadBackKeepsOffsetsAndOneWithoutKeepsCopies() {
        FrameStore store = new FrameStore();
        FileOfBytes file = new FileOfBytes();
        store.readBack(1, file);
        byte[] buffer = {9, 9, 10, 11, 12, 9};
        // source 1 gives offsets: nothing is copied, whatever the reader's buffer holds later
        long a = store.append(1, 100, buffer, 2, 3);
        // source 0 cannot be read back: its bytes are copied
        long b = store.append(0, -1, buffer, 2, 3);
        // an offset the source does not know (-1) falls back to a copy too
        long c = store.append(1, -1, buffer, 1, 2);
        assertEquals(100, a);
        assertTrue(b < 0 && c < 0);
        assertEquals(5, store.size());
        Arrays.fill(buffer, (byte) 0);

        byte[] dst = new byte[3];
        assertTrue(store.read(1, a, dst, 3));
        assertArrayEquals(new byte[] {100, 101, 102}, dst);
        assertTrue(store.read(0, b, dst, 3));
        assertArrayEquals(new byte[] {10, 11, 12}, dst);
        assertTrue(store.read(1, c, dst, 2));
        assertArrayEquals(new byte[] {9, 10, 12}, dst);
        assertEquals(1, file.reads);
        assertNull(store.problem());
    }

    @Test
    void afterCloseReadsGiveZerosAndSayWhy() {
        FrameStore store = new FrameStore();
        FileOfBytes file = new FileOfBytes();
        store.readBack(0, file);
        long a = store.append(0, 7, new byte[0], 0, 4);
        store.close();
        assertTrue(file.closed);
        byte[] dst = {1, 2, 3, 4, 5};
        assertFalse(store.read(0, a, dst, 4));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 5}, dst);
        assertEquals("file.pcap: closed", store.problem());
    }
}
