package io.hoptrace.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/** Opens capture files, telling pcap from pcapng by their first bytes rather than by the file name. */
public final class CaptureFiles {
    private static final int PREVIEW_BYTES = 4;

    private CaptureFiles() {
    }

    /**
     * Opens a pcap or pcapng file for streaming. Throws {@link CaptureFormatException} when the file is neither (or
     * ends before its first header does), and an IOException naming the file when it is missing or unreadable.
     */
    public static PacketSource open(Path file) throws IOException {
        return open(file, FileWindow.DEFAULT_CAPACITY);
    }

    /** {@link #open(Path)} with a chosen initial read-buffer size (tests use tiny ones to exercise compaction). */
    static PacketSource open(Path file, int bufferBytes) throws IOException {
        FileWindow window = FileWindow.open(file, bufferBytes);
        try {
            window.fill(PREVIEW_BYTES);
            int present = window.available();
            if (present == 0) {
                throw new CaptureFormatException(file, "empty file");
            }
            if (present < PREVIEW_BYTES) {
                throw new CaptureFormatException(file, "not a pcap or pcapng capture (only " + present + " bytes: "
                        + hex(window, present) + ")");
            }
            int magicLe = FileWindow.intLe(window.buf, window.start);
            if (PcapReader.isMagic(magicLe)) {
                return PcapReader.open(window);
            }
            if (magicLe == PcapngReader.SECTION_HEADER) {
                return PcapngReader.open(window);
            }
            throw new CaptureFormatException(file, "not a pcap or pcapng capture (starts with "
                    + hex(window, PREVIEW_BYTES) + hint(window) + ")");
        } catch (IOException | RuntimeException e) {
            window.close();
            throw e;
        }
    }

    private static String hex(FileWindow window, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format("0x%02x", window.buf[window.start + i] & 0xFF));
        }
        return s.toString();
    }

    /** Names the formats people most often mistake for a capture. */
    private static String hint(FileWindow window) {
        byte[] b = window.buf;
        int p = window.start;
        if ((b[p] & 0xFF) == 0x1F && (b[p + 1] & 0xFF) == 0x8B) {
            return ": a gzip file; decompress it first";
        }
        if (b[p] == 'P' && b[p + 1] == 'K') {
            return ": a zip archive; extract it first";
        }
        return "";
    }
}
