package io.hoptrace.decoders;

/**
 * The entry point: decodes one frame into a {@link Dissection}. Holds one reusable dissection, so an instance
 * belongs to one thread; the registry behind it is shared.
 */
public final class PacketDecoder {
    public static final Anomaly UNKNOWN_LINK_TYPE = Anomaly.register("frame.link-type.unknown",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE, "link type hoptrace does not decode");

    private final DecoderRegistry registry;
    private final Dissection dissection;

    public PacketDecoder(DecoderRegistry registry) {
        this.registry = registry;
        this.dissection = new Dissection(registry);
    }

    public PacketDecoder(DecoderConfig config) {
        this(DecoderRegistry.standard(config));
    }

    public PacketDecoder() {
        this(DecoderConfig.defaults());
    }

    public DecoderRegistry registry() {
        return registry;
    }

    /** The reused dissection; set {@link Dissection#streams} on it to follow TCP streams across frames. */
    public Dissection dissection() {
        return dissection;
    }

    /** Decodes {@code bytes[start, start+capturedLength)}; the result is valid until the next call. */
    public Dissection decode(byte[] bytes, int start, int capturedLength, int wireLength, int linkType) {
        Dissection d = dissection.reset(bytes, start, capturedLength, wireLength, linkType);
        int end = start + capturedLength;
        LayerDecoder link = registry.linkType(linkType);
        if (link == null) {
            int i = d.addLayer(Protocol.DATA, registry.data(), bytes, start, 0, end);
            d.setStatus(i, LayerStatus.UNSUPPORTED);
            d.anomaly(i, UNKNOWN_LINK_TYPE, start, 0);
            return d;
        }
        if (capturedLength > 0) {
            link.decode(d, bytes, start, end);
        }
        return d;
    }

    public Dissection decode(byte[] frame, int linkType) {
        return decode(frame, 0, frame.length, frame.length, linkType);
    }
}
