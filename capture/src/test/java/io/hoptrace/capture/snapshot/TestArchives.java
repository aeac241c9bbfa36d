package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Bundle archives made in tests: a directory's files as .tar.gz or .zip, or entries named at will (escapes). */
public final class TestArchives {
    private TestArchives() {
    }

    /** The regular files below {@code dir} by their path relative to it, with {@code prefix} in front. */
    public static Map<String, byte[]> entries(Path dir, String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path f : files(dir)) {
            entries.put(prefix + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
        return entries;
    }

    public static Path tarGz(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            tar(entries, out);
        }
        return file;
    }

    public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** A minimal ustar writer: regular files only, names up to 100 bytes. */
    public static void tar(Map<String, byte[]> entries, OutputStream out) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] data = e.getValue();
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", data.length));
            put(h, 136, String.format("%011o", 0));
            h[156] = '0';
            put(h, 257, "ustar");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.write(h);
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }
        out.write(new byte[1024]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
