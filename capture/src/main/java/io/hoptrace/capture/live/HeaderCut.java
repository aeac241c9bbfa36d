package io.hoptrace.capture.live;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;

/**
 * {@code --headers-only}: how much of a frame to keep so that every header hoptrace decodes stays and no payload
 * does. A fixed snaplen cannot do both: 96 bytes lose the inner TCP header of a VXLAN packet and keep 40 bytes of
 * an HTTP request on a plain one. So the writer thread decodes each frame (the capture threads never do) and
 * cuts it where the headers end, before the first opaque payload; protocols hoptrace decodes as layers (BGP)
 * are kept as headers. One instance per thread.
 */
final class HeaderCut {
    private final PacketDecoder decoder = new PacketDecoder();

    /** Bytes of {@code data[offset, offset+length)} to keep: up to the end of the last decoded header. */
    int keep(byte[] data, int offset, int length, int wireLength, int linkType) {
        try {
            Dissection d = decoder.decode(data, offset, length, wireLength, linkType);
            int end = offset;
            for (int i = 0; i < d.layerCount(); i++) {
                if (d.protocol(i) != Protocol.DATA && d.bytes(i) == data) {
                    end = Math.max(end, d.payloadOffset(i));
                }
            }
            return Math.min(length, end - offset);
        } catch (RuntimeException e) {
            return 0; // a decoder bug must not leak payload
        }
    }
}
