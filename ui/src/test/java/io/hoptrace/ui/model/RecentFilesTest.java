package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesTest {
    @Test
    void newestFirstNoDuplicatesAtMostTen(@TempDir Path dir) {
        RecentFiles r = new RecentFiles(dir.resolve("config/hoptrace/recent"));
        assertEquals(List.of(), r.list());
        for (int i = 0; i < 12; i++) {
            r.add(List.of(dir.resolve("f" + i + ".pcap")));
        }
        r.add(List.of(dir.resolve("f5.pcap")));
        List<Path> l = r.list();
        assertEquals(10, l.size());
        assertEquals(dir.resolve("f5.pcap"), l.get(0));
        assertEquals(dir.resolve("f11.pcap"), l.get(1));
        assertEquals(1, l.stream().filter(p -> p.endsWith("f5.pcap")).count());
    }

    @Test
    void anUnwritablePlaceIsNotAnError(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        RecentFiles r = new RecentFiles(blocker.resolve("hoptrace/recent"));
        r.add(List.of(dir.resolve("a.pcap")));
        assertEquals(List.of(), r.list());
    }
}
