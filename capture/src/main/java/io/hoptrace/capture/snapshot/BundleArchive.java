package io.hoptrace.capture.snapshot;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A bundle shipped as one .tar.gz/.tgz/.tar or .zip, unpacked into a temporary directory that is deleted when the
 * {@link Unpacked} is closed, or at exit at the latest. Entries that would land outside that directory (absolute
 * names, {@code ..}) are refused, and so is the whole archive with them; so is one that unpacks to more than
 * {@link Limits} allow (an archive bomb). Symbolic and hard links (and devices, fifos) are skipped: a bundle holds
 * none, and a skipped link cannot point a later entry outside the directory.
 */
public final class BundleArchive {
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
        return unpack(archive, Limits.DEFAULT);
    }

    static Unpacked unpack(Path archive, Limits limits) throws IOException {
        Path dir = Files.createTempDirectory("hoptrace-bundle-");
        LEFT.add(dir);
        Unpacked unpacked = new Unpacked(dir, dir);
        try {
            extract(archive, dir, limits);
            return new Unpacked(dir, bundleRoot(dir));
        } catch (IOException | RuntimeException e) {
            unpacked.close();
            throw e;
        }
    }

    /** Unpacks {@code archive} into the directory {@code into}; see {@link #unpack} for failures. */
    public static void extract(Path archive, Path into) throws IOException {
        extract(archive, into, Limits.DEFAULT);
    }

    static void extract(Path archive, Path into, Limits limits) throws IOException {
        String n = String.valueOf(archive.getFileName()).toLowerCase(Locale.ROOT);
        Unpacking unpacking = new Unpacking(archive, into.toAbsolutePath().normalize(), limits);
        try {
            if (n.endsWith(".zip")) {
                unzip(archive, unpacking);
            } else {
                try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
                    untar(n.endsWith(".tar") ? raw : new GzipCompressorInputStream(raw, true), unpacking);
                }
            }
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveException(unpacking.where() + ": " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        }
    }

    /**
     * How much an archive may unpack to, against archive bombs. 16 GiB is several times the captures of a real
     * bundle (a few nodes' rings of a few GiB at most) and stops a bomb well before it fills a disk; 100,000 entries
     * is a thousand times the files of a bundle and keeps a bomb of empty files from exhausting inodes.
     */
    record Limits(long bytes, long entries) {
        static final Limits DEFAULT = new Limits(16L << 30, 100_000);
    }

    /** A failure already worded with the archive's name (and the entry's). */
    private static final class ArchiveException extends IOException {
        ArchiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One archive being unpacked: where to, what it has written so far, and the entry at hand (for messages). */
    private static final class Unpacking {
        final Path archive;
        final Path into;
        final Limits limits;
        final byte[] buf = new byte[1 << 16];
        String current;
        long entries;
        long bytes;

        Unpacking(Path archive, Path into, Limits limits) {
            this.archive = archive;
            this.into = into;
            this.limits = limits;
        }

        String where() {
            return current == null ? archive.toString() : archive + ", entry " + current;
        }

        /** Writes one entry; {@code data} is null for a link or a device, which is skipped. */
        void entry(ArchiveEntry e, InputStream data) throws IOException {
            if (++entries > limits.entries()) {
                throw new ArchiveException(archive + ": holds more than " + limits.entries() + " entries, the limit"
                        + " for a bundle; the archive is refused", null);
            }
            current = e.getName();
            if (data == null) {
                current = null;
                return;
            }
            Path t = into.resolve(current).normalize();
            if (!t.startsWith(into)) {
                throw new ArchiveException(archive + ": entry " + current + " would be written outside the bundle"
                        + " directory; the archive is refused", null);
            }
            if (e.isDirectory()) {
                Files.createDirectories(t);
            } else {
                Files.createDirectories(t.getParent());
                copy(data, t, e.getSize());
            }
            current = null;
        }

        private void copy(InputStream data, Path t, long size) throws IOException {
            if (size > 0 && bytes + size > limits.bytes()) {
                throw tooLarge();
            }
            long written = 0;
            try (OutputStream out = Files.newOutputStream(t)) {
                int r;
                while ((r = data.read(buf)) >= 0) {
                    written += r;
                    if ((bytes += r) > limits.bytes()) {
                        throw tooLarge();
                    }
                    out.write(buf, 0, r);
                }
            }
            if (size >= 0 && written < size) {
                throw new IOException("the archive ends inside this entry");
            }
        }

        private ArchiveException tooLarge() {
            long b = limits.bytes();
            String limit = b % (1L << 30) == 0 ? (b >> 30) + " GiB"
                    : b % (1L << 20) == 0 ? (b >> 20) + " MiB" : b + " bytes";
            return new ArchiveException(archive + ": unpacks to more than " + limit + ", the limit for a bundle;"
                    + " the archive is refused", null);
        }
    }

    private static void untar(InputStream in, Unpacking unpacking) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                boolean special = e.isSymbolicLink() || e.isLink() || e.isCharacterDevice() || e.isBlockDevice()
                        || e.isFIFO();
                unpacking.entry(e, special ? null : tar);
            }
        }
    }

    private static void unzip(Path archive, Unpacking unpacking) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
            while (all.hasMoreElements()) {
                ZipArchiveEntry e = all.nextElement();
                if (e.isUnixSymlink()) {
                    unpacking.entry(e, null);
                } else {
                    try (InputStream data = zip.getInputStream(e)) {
                        unpacking.entry(e, data);
                    }
                }
            }
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
