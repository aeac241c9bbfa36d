package io.hoptrace.decoders;

/**
 * How far a layer could be decoded. Truncated is not malformed: past the captured length (snaplen) is
 * {@link #TRUNCATED}; past the length the protocol itself claims is {@link #MALFORMED}; a non-first IPv4
 * fragment is {@link #FRAGMENT}, neither of the two.
 */
public enum LayerStatus {
    OK,
    /** The capture cut the frame short (snaplen); what is present decoded fine. */
    TRUNCATED,
    /** The bytes contradict the protocol (a length field past the data, a header length too small, ...). */
    MALFORMED,
    /** A non-first fragment: the payload continues a datagram whose headers are in another packet. */
    FRAGMENT,
    /** A known layer whose version or variant hoptrace does not decode further. */
    UNSUPPORTED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
