package io.hoptrace.ui.model.port;

import java.nio.file.Path;
import java.util.List;

/**
 * What to capture.
 *
 * @param interfaces interface names, or {@code any}
 * @param filter     a BPF expression (pcap-filter(7)), "" for every packet
 * @param snapLength bytes kept of each frame
 * @param file       the pcapng file to write, or null for a new temporary file
 */
public record LiveRequest(List<String> interfaces, String filter, int snapLength, Path file) {
    /** tcpdump's default snaplen: whole frames. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    public LiveRequest {
        interfaces = List.copyOf(interfaces);
        filter = filter == null ? "" : filter.strip();
    }
}
