package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What open() says about files that are not captures, or not there. */
class CaptureFilesTest {
    @TempDir
    Path dir;

    private CaptureFormatException rejected(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void emptyFile() throws Exception {
        Path file = dir.resolve("empty.pcap");
        assertEquals(file + ": empty file", rejected("empty.pcap", new byte[0]).getMessage());
    }

    @Test
    void textFile() throws Exception {
        byte[] text = "Hello, this is not a capture\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(dir.resolve("x.txt") + ": not a pcap or pcapng capture (starts with 0x48 0x65 0x6c 0x6c)",
                rejected("x.txt", text).getMessage());
    }

    @Test
    void fileShorterThanAnyMagic() throws Exception {
        assertEquals(dir.resolve("short.pcap") + ": not a pcap or pcapng capture (only 3 bytes: 0xd4 0xc3 0xb2)",
                rejected("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2}).getMessage());
    }

    @Test
    void pcapEndingInsideItsFileHeader() throws Exception {
        byte[] header = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 65535, 1).bytes();
        assertEquals(dir.resolve("cut.pcap") + ": file ends inside the pcap file header (14 of 24 bytes)",
                rejected("cut.pcap", Arrays.copyOf(header, 14)).getMessage());
    }

    @Test
    void pcapWithAnUnknownVersion() throws Exception {
        byte[] header = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 65535, 1).bytes();
        header[4] = 3;
        assertEquals(dir.resolve("v3.pcap") + ": pcap version 3.4 is not supported (only 2.x exists)",
                rejected("v3.pcap", header).getMessage());
    }

    @Test
    void pcapngEndingInsideItsFirstSectionHeader() throws Exception {
        byte[] shb = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
        assertEquals(dir.resolve("cut.pcapng") + ": file ends inside a section header block: block header says 28"
                + " bytes, 20 present", rejected("cut.pcapng", Arrays.copyOf(shb, 20)).getMessage());
        assertEquals(dir.resolve("cut2.pcapng") + ": file ends inside a section header block: 12 bytes needed, 10"
                + " present", rejected("cut2.pcapng", Arrays.copyOf(shb, 10)).getMessage());
        assertEquals(dir.resolve("cut3.pcapng") + ": file ends inside a block header: 8 bytes needed, 6 present",
                rejected("cut3.pcapng", Arrays.copyOf(shb, 6)).getMessage());
    }

    @Test
    void pcapngWithABadFirstSectionHeader() throws Exception {
        byte[] shb = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
        shb[8] = 0x55;
        assertEquals(dir.resolve("bom.pcapng") + ": section header block has byte-order magic 0x553c2b1a, neither"
                + " 0x1a2b3c4d nor 0x4d3c2b1a", rejected("bom.pcapng", shb).getMessage());
    }

    @Test
    void gzippedCaptureGetsAHint() throws Exception {
        assertEquals(dir.resolve("f.pcap.gz") + ": not a pcap or pcapng capture (starts with 0x1f 0x8b 0x08 0x00: a"
                + " gzip file; decompress it first)", rejected("f.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0})
                .getMessage());
    }

    @Test
    void formatComesFromTheContentNotTheName() throws Exception {
        Path misnamed = CaptureBytes.pcapng().section(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 100)
                .enhancedPacket(0, 5, frame(20, 1), 20).writeTo(dir.resolve("really-pcapng.pcap"));
        try (PacketSource source = CaptureFiles.open(misnamed)) {
            assertEquals("pcapng", source.format());
        }
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.pcap");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> CaptureFiles.open(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void directory() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> CaptureFiles.open(dir));
        assertEquals(dir + ": is a directory, not a capture file", e.getMessage());
    }

    @Test
    void unreadableFile() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files without read permission");
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 65535, 1).writeTo(dir.resolve("secret.pcap"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> CaptureFiles.open(file));
        assertEquals(file + ": permission denied (cannot read the file)", e.getMessage());
    }
}
