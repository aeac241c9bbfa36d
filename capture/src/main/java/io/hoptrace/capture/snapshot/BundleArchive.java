package io.hoptrace.capture.snapshot;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A bundle shipped as one .tar.gz/.tgz/.tar or .zip, unpacked into a temporary directory that is deleted when the
 * {@link Unpacked} is closed, or at exit at the latest. Entries that would land outside that directory (absolute
 * names, {@code ..}) are refused, and so is the whole archive with them. Symbolic and hard links in a tar are skipped.
 */
public final class BundleArchive {
    private static final int BLOCK = 512;
    /** Directories not yet closed, deleted by a shutdown hook when the JVM exits first. */
    private static final Set<Path> LEFT = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LEFT.forEach(BundleArchive::deleteQuietly), "hoptrace-bundle-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private BundleArchive() {
    }

    /** An unpacked bundle: {@link #root()} is where its k8s.json and nodes/ are. Closing deletes the files. */
    public static final class Unpacked implements Closeable {
        private final Path dir;
        private final Path root;

        private Unpacked(Path dir, Path root) {
            this.dir = dir;
            this.root = root;
        }

        public Path root() {
            return root;
        }

        @Override
        public void close() {
            if (LEFT.remove(dir)) {
                deleteQuietly(dir);
            }
        }
    }

    /** True for the names of the archive formats a bundle comes in. */
    public static boolean isArchive(Path p) {
        Path name = p.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
    }

    /**
     * Unpacks {@code archive} into a new temporary directory. An archive holding one top directory
     * ({@code bundle/...}) has its bundle there. The message of a failure names the archive, and the entry when one is
     * to blame; nothing stays on disk after one.
     */
    public static Unpacked unpack(Path archive) throws IOException {
        Path dir = Files.createTempDirectory("hoptrace-bundle-");
        LEFT.add(dir);
        Unpacked unpacked = new Unpacked(dir, dir);
        try {
            extract(archive, dir);
            return new Unpacked(dir, bundleRoot(dir));
        } catch (IOException | RuntimeException e) {
            unpacked.close();
            throw e;
        }
    }

    /** Unpacks {@code archive} into the directory {@code into}; see {@link #unpack} for failures. */
    public static void extract(Path archive, Path into) throws IOException {
        String n = String.valueOf(archive.getFileName()).toLowerCase(Locale.ROOT);
        Path root = into.toAbsolutePath().normalize();
        Entries entries = new Entries(archive);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            if (n.endsWith(".zip")) {
                unzip(raw, root, entries);
            } else if (n.endsWith(".tar")) {
                untar(raw, root, entries);
            } else {
                untar(new GZIPInputStream(raw, 1 << 16), root, entries);
            }
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveException(entries.where() + ": " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        }
    }

    /** A failure already worded with the archive's name (and the entry's). */
    private static final class ArchiveException extends IOException {
        ArchiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The entry being unpacked, for messages. */
    private static final class Entries {
        final Path archive;
        String current;

        Entries(Path archive) {
            this.archive = archive;
        }

        String where() {
            return current == null ? archive.toString() : archive + ", entry " + current;
        }
    }

    private static Path target(Path into, String name, Entries entries) throws IOException {
        entries.current = name;
        Path t = into.resolve(name).normalize();
        if (!t.startsWith(into)) {
            throw new ArchiveException(entries.archive + ": entry " + name + " would be written outside the bundle"
                    + " directory; the archive is refused", null);
        }
        return t;
    }

    private static void unzip(InputStream in, Path into, Entries entries) throws IOException {
        try (ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path t = target(into, e.getName(), entries);
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(z, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            entries.current = null;
        }
    }

    private static void untar(InputStream in, Path into, Entries entries) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] buf = new byte[1 << 16];
        while (true) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK || header[0] == 0) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12, name, entries);
            char type = (char) header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == '0' || type == 0) {
                Path t = target(into, name, entries);
                Files.createDirectories(t.getParent());
                try (var out = Files.newOutputStream(t)) {
                    long left = size;
                    while (left > 0) {
                        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (r < 0) {
                            throw new IOException("the archive ends inside this entry");
                        }
                        out.write(buf, 0, r);
                        left -= r;
                    }
                }
                in.skipNBytes(padded - size);
            } else {
                if (type == '5') {
                    Files.createDirectories(target(into, name, entries));
                }
                in.skipNBytes(padded);
            }
            entries.current = null;
        }
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(byte[] b, int off, int len, String name, Entries entries) throws IOException {
        String s = text(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new ArchiveException(entries.archive + ": not a tar archive (entry " + name + " has the size field '"
                    + s + "')", e);
        }
    }

    private static boolean isBundle(Path dir) {
        return Files.isDirectory(dir.resolve("nodes")) || Files.isRegularFile(dir.resolve("k8s.json"))
                || Files.isRegularFile(dir.resolve("manifest.json"));
    }

    private static Path bundleRoot(Path dir) throws IOException {
        if (isBundle(dir)) {
            return dir;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> subs = s.filter(Files::isDirectory).toList();
            return subs.size() == 1 ? subs.get(0) : dir;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a file still open elsewhere (Windows keeps mapped files): the system's temp cleaning takes it later
        }
    }
}
