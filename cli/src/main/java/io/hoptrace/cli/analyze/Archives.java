package io.hoptrace.cli.analyze;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacks a bundle shipped as one .tar.gz/.tgz/.tar or .zip into a directory. Entries outside it are refused. */
final class Archives {
    private static final int BLOCK = 512;

    private Archives() {
    }

    static boolean isArchive(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
    }

    static void extract(Path archive, Path into) throws IOException {
        String n = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            if (n.endsWith(".zip")) {
                unzip(raw, into);
            } else if (n.endsWith(".tar")) {
                untar(raw, into);
            } else {
                untar(new GZIPInputStream(raw, 1 << 16), into);
            }
        }
    }

    private static Path target(Path into, String name) throws IOException {
        Path t = into.resolve(name).normalize();
        if (!t.startsWith(into)) {
            throw new IOException("archive entry outside the bundle: " + name);
        }
        return t;
    }

    private static void unzip(InputStream in, Path into) throws IOException {
        try (ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path t = target(into, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(z, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void untar(InputStream in, Path into) throws IOException {
        byte[] header = new byte[BLOCK];
        while (true) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                return;
            }
            if (header[0] == 0) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == '0' || type == 0) {
                Path t = target(into, name);
                Files.createDirectories(t.getParent());
                try (var out = Files.newOutputStream(t)) {
                    long left = size;
                    byte[] buf = new byte[1 << 16];
                    while (left > 0) {
                        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (r < 0) {
                            throw new IOException("archive ends inside " + name);
                        }
                        out.write(buf, 0, r);
                        left -= r;
                    }
                }
                in.skipNBytes(padded - size);
            } else {
                if (type == '5') {
                    Files.createDirectories(target(into, name));
                }
                in.skipNBytes(padded);
            }
        }
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = text(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad size field '" + s + "')");
        }
    }
}
