package io.hoptrace.capture.file;

/**
 * A capture interface: from a pcapng Interface Description Block, or the single implied interface of a pcap file.
 * hoptrace writes the node name in the description ({@code node=worker-1}) so Wireshark users see it too.
 */
public record InterfaceInfo(int id, int linkType, int snapLength, String name, String description,
                            int section, long timestampUnitsPerSecond) {
}
