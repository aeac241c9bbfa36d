package io.hoptrace.ui.model.port;

/** What a capture says about its interfaces, by the interface id its frames carry. */
public interface InterfaceNaming {
    /** The interface's name ({@code eth0}), or null when the capture names none (pcap files, ids out of range). */
    String interfaceName(int interfaceId);

    /** The interface's description; hoptrace writes {@code node=worker-1 iface=eth0} there. Null when none. */
    String interfaceDescription(int interfaceId);
}
