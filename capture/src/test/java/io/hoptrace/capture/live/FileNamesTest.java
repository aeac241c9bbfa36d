package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    private static final ZonedDateTime T = ZonedDateTime.of(2026, 3, 7, 9, 5, 2, 0, ZoneId.of("UTC"));

    private static List<String> first(FileNames names, int n) {
        List<String> out = new ArrayList<>();
        String last = null;
        long same = 0;
        for (int i = 0; i < n; i++) {
            String stem = names.stem(T);
            same = stem.equals(last) ? same + 1 : 0;
            last = stem;
            out.add(names.path(i, stem, same).toString());
        }
        return out;
    }

    @Test
    void noRotationIsTheNameAsGiven() {
        assertEquals(List.of("/d/cap.pcapng"), first(new FileNames(Path.of("/d/cap.pcapng"), false, false, 0), 1));
    }

    @Test
    void sizeRotationNumbersAfterTheFirstLikeTcpdumpButBeforeTheExtension() {
        assertEquals(List.of("cap.pcapng", "cap1.pcapng", "cap2.pcapng"),
                first(new FileNames(Path.of("cap.pcapng"), false, true, 0), 3));
        assertEquals(List.of("dump", "dump1", "dump2"), first(new FileNames(Path.of("dump"), false, true, 0), 3));
        assertEquals(List.of("x.PCAP", "x1.PCAP"), first(new FileNames(Path.of("x.PCAP"), false, true, 0), 2));
    }

    @Test
    void aFileLimitIsARingOfPaddedSlots() {
        assertEquals(List.of("c0.pcap", "c1.pcap", "c2.pcap", "c0.pcap", "c1.pcap"),
                first(new FileNames(Path.of("c.pcap"), false, true, 3), 5));
        List<String> eleven = first(new FileNames(Path.of("c"), false, true, 11), 12);
        assertEquals("c00", eleven.get(0));
        assertEquals("c10", eleven.get(10));
        assertEquals("c00", eleven.get(11));
        assertEquals("c9", first(new FileNames(Path.of("c"), false, true, 10), 10).get(9), "tcpdump: width of W-1");
    }

    @Test
    void timeRotationExpandsStrftimeAndNumbersRepeats() {
        FileNames names = new FileNames(Path.of("/c/n-%Y%m%d-%H%M%S.pcapng"), true, true, 0);
        assertTrue(names.timed());
        assertEquals(List.of("/c/n-20260307-090502.pcapng", "/c/n-20260307-0905021.pcapng"),
                first(names, 2));
    }

    @Test
    void timeRotationWithoutConversionsNumbersFiles() {
        FileNames names = new FileNames(Path.of("cap.pcapng"), true, false, 0);
        assertEquals(List.of("cap.pcapng", "cap1.pcapng"), first(names, 2));
        assertEquals(List.of("cap0.pcapng", "cap1.pcapng", "cap0.pcapng"),
                first(new FileNames(Path.of("cap.pcapng"), true, false, 2), 3));
    }

    @Test
    void strftimeConversions() {
        assertEquals("2026-03-07T09:05:02 066 26 1772874302 +0000 UTC %",
                FileNames.strftime("%FT%T %j %y %s %z %Z %%", T));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileNames(Path.of("cap-%Q.pcapng"), true, false, 0));
        assertTrue(e.getMessage().startsWith("unknown time conversion %Q in the -w name"), e.getMessage());
    }
}
