package io.hoptrace.decoders;

/**
 * Receives a layer's decoded fields (for JSON output, the GUI's detail tree and hex highlighting). Offsets are
 * absolute indexes into the layer's byte array; a field with no bytes of its own (a derived value) has length 0.
 * Names are short and lower-case ({@code src}, {@code ttl}, {@code flags.df}); inside an array, names are null.
 */
public interface FieldSink {
    void field(String name, long value, int offset, int length);

    void field(String name, String value, int offset, int length);

    void field(String name, boolean value, int offset, int length);

    /** Opens a nested object (a TCP option, a BGP path attribute, an ICMP error's quoted header). */
    void beginObject(String name, int offset, int length);

    void endObject();

    /** Opens a list (TCP options, BGP NLRI prefixes); its elements are unnamed fields or objects. */
    void beginArray(String name);

    void endArray();
}
