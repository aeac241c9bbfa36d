package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
}
