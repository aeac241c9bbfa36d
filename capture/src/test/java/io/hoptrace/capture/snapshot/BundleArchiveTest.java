package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiveTest {
    @TempDir
    Path dir;

    private static Path sample() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("samples/mtu-blackhole"))) {
            p = p.getParent();
        }
        return p.resolve("samples/mtu-blackhole");
    }

    private static List<Path> bundleDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("hoptrace-bundle-")).toList();
        }
    }

    @Test
    void aTarGzWithOneTopDirectoryUnpacksToThatDirectoryAndCloseDeletesIt() throws Exception {
        Map<String, byte[]> entries = TestArchives.entries(sample(), "mtu-blackhole/");
        Path tgz = TestArchives.tarGz(dir.resolve("b.tgz"), entries);
        Path root;
        try (BundleArchive.Unpacked u = BundleArchive.unpack(tgz)) {
            root = u.root();
            assertEquals("mtu-blackhole", root.getFileName().toString());
            assertArrayEquals(Files.readAllBytes(sample().resolve("nodes/node-a/any.pcap")),
                    Files.readAllBytes(root.resolve("nodes/node-a/any.pcap")));
            assertTrue(Files.isRegularFile(root.resolve("k8s.json")));
        }
        assertFalse(Files.exists(root.getParent()), "closing deletes the temporary directory");
    }

    @Test
    void aZipWithTheBundleAtItsTopUnpacksThere() throws Exception {
        Path zip = TestArchives.zip(dir.resolve("b.zip"), TestArchives.entries(sample(), ""));
        try (BundleArchive.Unpacked u = BundleArchive.unpack(zip)) {
            assertTrue(u.root().getFileName().toString().startsWith("hoptrace-bundle-"));
            assertTrue(Files.isDirectory(u.root().resolve("nodes/node-b")));
        }
    }

    @Test
    void aPlainTarUnpacks() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TestArchives.tar(Map.of("k8s.json", "{}".getBytes()), tar);
        Path file = Files.write(dir.resolve("b.tar"), tar.toByteArray());
        try (BundleArchive.Unpacked u = BundleArchive.unpack(file)) {
            assertEquals("{}", Files.readString(u.root().resolve("k8s.json")));
        }
    }

    @Test
    void entriesEscapingTheDirectoryAreRefusedByNameAndNothingStays() throws Exception {
        List<Path> before = bundleDirs();
        for (String name : List.of("../escaped.txt", "nodes/../../escaped.txt", "/tmp/escaped.txt")) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("k8s.json", "{}".getBytes());
            entries.put(name, new byte[] {1});
            Path zip = TestArchives.zip(dir.resolve("evil.zip"), entries);
            IOException e = assertThrows(IOException.class, () -> BundleArchive.unpack(zip));
            assertEquals(zip + ": entry " + name + " would be written outside the bundle directory; the archive is"
                    + " refused", e.getMessage());
            Path tgz = TestArchives.tarGz(dir.resolve("evil.tar.gz"), entries);
            e = assertThrows(IOException.class, () -> BundleArchive.unpack(tgz));
            assertTrue(e.getMessage().startsWith(tgz + ": entry " + name + " would be written outside"), e.getMessage());
        }
        assertFalse(Files.exists(dir.getParent().resolve("escaped.txt")));
        assertFalse(Files.exists(Path.of("/tmp/escaped.txt")));
        assertEquals(before, bundleDirs(), "a refused archive leaves no directory behind");
    }

    @Test
    void aCutArchiveNamesTheArchiveAndTheEntry() throws Exception {
        Path tgz = TestArchives.tarGz(dir.resolve("whole.tar.gz"), TestArchives.entries(sample(), "b/"));
        byte[] bytes = Files.readAllBytes(tgz);
        Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> BundleArchive.unpack(cut));
        assertTrue(e.getMessage().startsWith(cut + ", entry b/"), e.getMessage());
    }

    @Test
    void archiveNamesAreKnownBySuffix() {
        for (String n : List.of("b.tar.gz", "B.TGZ", "b.tar", "b.zip")) {
            assertTrue(BundleArchive.isArchive(Path.of(n)), n);
        }
        for (String n : List.of("b.pcap", "b.gz", "tar")) {
            assertFalse(BundleArchive.isArchive(Path.of(n)), n);
        }
    }

    /** A file name of 135 characters: past ustar's 100-byte name field, and no prefix split can hold it. */
    private static final String LONG = "b/nodes/node-a/" + "n".repeat(130) + ".pcap";

    private static void run(Path in, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private Path longNamedTree() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve(LONG).getParent());
        Files.write(tree.resolve(LONG), new byte[] {1, 2, 3});
        Files.writeString(tree.resolve("b/k8s.json"), "{}");
        return tree;
    }

    private static void assertLongNameUnpacks(Path archive) throws IOException {
        try (BundleArchive.Unpacked u = BundleArchive.unpack(archive)) {
            assertEquals("b", u.root().getFileName().toString(), archive.toString());
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(u.root().resolve(LONG.substring(2))));
        }
    }

    @Test
    void gnuTarLongNamesUnpack() throws Exception {
        Path tree = longNamedTree();
        run(tree, "tar", "--format=gnu", "-cf", dir.resolve("gnu.tar").toString(), "b");
        assertTrue(new String(Files.readAllBytes(dir.resolve("gnu.tar")), StandardCharsets.ISO_8859_1)
                .contains("././@LongLink"), "GNU tar wrote a long-name entry");
        run(tree, "gzip", dir.resolve("gnu.tar").toString());
        Files.move(dir.resolve("gnu.tar.gz"), dir.resolve("gnu.tgz"));
        assertLongNameUnpacks(dir.resolve("gnu.tgz"));
    }

    @Test
    void paxHeadersFromPythonsTarfileUnpack() throws Exception {
        Path tree = longNamedTree();
        run(tree, "python3", "-c", "import sys, tarfile\n"
                + "with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t: t.add('b')",
                dir.resolve("pax.tar").toString());
        assertTrue(new String(Files.readAllBytes(dir.resolve("pax.tar")), StandardCharsets.ISO_8859_1)
                .contains(" path=" + LONG), "tarfile wrote a pax header");
        assertLongNameUnpacks(dir.resolve("pax.tar"));
    }

    @Test
    void anArchiveUnpackingPastTheByteLimitIsRefusedAndNothingStays() throws Exception {
        List<Path> before = bundleDirs();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("k8s.json", "{}".getBytes());
        entries.put("nodes/a/any.pcap", new byte[8 << 20]);
        BundleArchive.Limits limits = new BundleArchive.Limits(1 << 20, 100);
        for (Path archive : List.of(TestArchives.tarGz(dir.resolve("bomb.tgz"), entries),
                TestArchives.zip(dir.resolve("bomb.zip"), entries))) {
            assertTrue(Files.size(archive) < 100_000, "the zeros compress: " + Files.size(archive));
            IOException e = assertThrows(IOException.class, () -> BundleArchive.unpack(archive, limits));
            assertEquals(archive + ": unpacks to more than 1 MiB, the limit for a bundle; the archive is refused",
                    e.getMessage());
        }
        assertEquals(before, bundleDirs(), "a refused archive leaves no directory behind");
    }

    @Test
    void anArchiveWithMoreEntriesThanTheLimitIsRefusedAndNothingStays() throws Exception {
        List<Path> before = bundleDirs();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            entries.put("nodes/n" + i + "/any.pcap", new byte[0]);
        }
        BundleArchive.Limits limits = new BundleArchive.Limits(1 << 20, 10);
        for (Path archive : List.of(TestArchives.tarGz(dir.resolve("many.tgz"), entries),
                TestArchives.zip(dir.resolve("many.zip"), entries))) {
            IOException e = assertThrows(IOException.class, () -> BundleArchive.unpack(archive, limits));
            assertEquals(archive + ": holds more than 10 entries, the limit for a bundle; the archive is refused",
                    e.getMessage());
            entries.remove("nodes/n10/any.pcap");
        }
        Path atTheLimit = TestArchives.tarGz(dir.resolve("ten.tgz"), entries);
        try (BundleArchive.Unpacked u = BundleArchive.unpack(atTheLimit, limits)) {
            assertTrue(Files.isRegularFile(u.root().resolve("nodes/n9/any.pcap")));
        }
        assertEquals(before, bundleDirs(), "a refused archive leaves no directory behind");
    }

    @Test
    void tarLinksAreSkippedAndTheRestUnpacks() throws Exception {
        Path tar = dir.resolve("links.tar");
        run(dir, "python3", "-c", "import io, sys, tarfile\n"
                + "with tarfile.open(sys.argv[1], 'w') as t:\n"
                + "    for name, kind, target in [('b/nodes/evil', tarfile.SYMTYPE, '/etc'),\n"
                + "                               ('b/hard', tarfile.LNKTYPE, '../../etc/passwd')]:\n"
                + "        i = tarfile.TarInfo(name); i.type = kind; i.linkname = target; t.addfile(i)\n"
                + "    i = tarfile.TarInfo('b/k8s.json'); i.size = 2; t.addfile(i, io.BytesIO(b'{}'))",
                tar.toString());
        try (BundleArchive.Unpacked u = BundleArchive.unpack(tar)) {
            assertEquals("{}", Files.readString(u.root().resolve("k8s.json")));
            assertFalse(Files.exists(u.root().resolve("nodes/evil"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(u.root().resolve("hard"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void zipSymlinksAreSkippedAndTheRestUnpacks() throws Exception {
        Path zip = dir.resolve("links.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry link = new ZipArchiveEntry("nodes/evil");
            link.setUnixMode(0120777);
            z.putArchiveEntry(link);
            z.write("/etc".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("k8s.json"));
            z.write("{}".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }
        try (BundleArchive.Unpacked u = BundleArchive.unpack(zip)) {
            assertEquals("{}", Files.readString(u.root().resolve("k8s.json")));
            assertFalse(Files.exists(u.root().resolve("nodes/evil"), LinkOption.NOFOLLOW_LINKS));
        }
    }
}
