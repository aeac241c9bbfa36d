package io.hoptrace.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.TextLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * NDJSON: one object per packet with every decoded field, through one reused generator. Offsets are relative to
 * the start of the frame, so they index the bytes a user sees in Wireshark; a layer reassembled from several TCP
 * segments is marked {@code "reassembled": true} and its offsets index the reassembled message instead.
 */
final class JsonPacketPrinter implements PacketPrinter {
    private static final SerializedString FILE = new SerializedString("file");
    private static final SerializedString NUMBER = new SerializedString("number");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString TS_NS = new SerializedString("ts_ns");
    private static final SerializedString CAPLEN = new SerializedString("caplen");
    private static final SerializedString LEN = new SerializedString("len");
    private static final SerializedString LINK = new SerializedString("link");
    private static final SerializedString INTERFACE = new SerializedString("interface");
    private static final SerializedString IFINDEX = new SerializedString("ifindex");
    private static final SerializedString DIRECTION = new SerializedString("direction");
    private static final SerializedString COMMENT = new SerializedString("comment");
    private static final SerializedString LAYERS = new SerializedString("layers");
    private static final SerializedString PROTO = new SerializedString("proto");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString LENGTH = new SerializedString("length");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString DEPTH = new SerializedString("depth");
    private static final SerializedString QUOTED = new SerializedString("quoted");
    private static final SerializedString REASSEMBLED = new SerializedString("reassembled");
    private static final SerializedString ANOMALIES = new SerializedString("anomalies");
    private static final SerializedString ANOMALIES_DROPPED = new SerializedString("anomalies_dropped");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString LAYER = new SerializedString("layer");
    private static final SerializedString SEVERITY = new SerializedString("severity");
    private static final SerializedString SUMMARY = new SerializedString("summary");
    private static final SerializedString[] STATUS_KEY = keys(LayerStatus.values());
    private static final SerializedString[] SEVERITY_KEY = keys(Anomaly.Severity.values());

    private final JsonGenerator gen;
    private final JsonFieldSink fields;
    private final InterfaceColumn interfaces = new InterfaceColumn();
    private final TextLine summary = new TextLine(512);
    private byte[] scratch = new byte[512];
    private final byte[] time = new byte[Timestamps.ISO_MAX];
    private String file;
    private int linkType = -1;
    private SerializableString linkName;

    JsonPacketPrinter(OutputStream out) throws IOException {
        JsonFactory factory = new JsonFactoryBuilder()
                .rootValueSeparator((String) null) // NDJSON: each object ends with its own newline
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build();
        this.gen = factory.createGenerator(out, JsonEncoding.UTF8);
        this.fields = new JsonFieldSink(gen);
    }

    @Override
    public void beginFile(String name, PacketSource source) {
        file = name;
        interfaces.beginFile(source);
    }

    @Override
    public void print(PacketRecord r, Dissection d) throws IOException {
        try {
            write(r, d);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void write(PacketRecord r, Dissection d) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(FILE);
        gen.writeString(file);
        gen.writeFieldName(NUMBER);
        gen.writeNumber(r.number);
        gen.writeFieldName(TIME);
        gen.writeRawUTF8String(time, 0, Timestamps.iso(r.timestampNanos, time));
        gen.writeFieldName(TS_NS);
        gen.writeNumber(r.timestampNanos);
        gen.writeFieldName(CAPLEN);
        gen.writeNumber(r.capturedLength);
        gen.writeFieldName(LEN);
        gen.writeNumber(r.wireLength);
        gen.writeFieldName(LINK);
        gen.writeString(linkName(r.linkType));
        String ifName = interfaces.name(r);
        if (ifName != null) {
            gen.writeFieldName(INTERFACE);
            gen.writeString(ifName);
        }
        long ifIndex = InterfaceColumn.interfaceIndex(r);
        if (ifIndex >= 0) {
            gen.writeFieldName(IFINDEX);
            gen.writeNumber(ifIndex);
        }
        String direction = InterfaceColumn.direction(r);
        if (direction != null) {
            gen.writeFieldName(DIRECTION);
            gen.writeString(direction);
        }
        if (r.comment != null) {
            gen.writeFieldName(COMMENT);
            gen.writeString(r.comment);
        }
        writeLayers(d);
        writeAnomalies(d);
        summary.clear();
        PacketSummary.append(d, summary);
        if (scratch.length < summary.length()) {
            scratch = new byte[Math.max(summary.length(), scratch.length * 2)];
        }
        gen.writeFieldName(SUMMARY);
        gen.writeUTF8String(scratch, 0, summary.copyTo(scratch, 0));
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private void writeLayers(Dissection d) throws IOException {
        gen.writeFieldName(LAYERS);
        gen.writeStartArray();
        for (int i = 0; i < d.layerCount(); i++) {
            gen.writeStartObject();
            gen.writeFieldName(PROTO);
            gen.writeString(d.protocol(i).key());
            boolean inFrame = d.bytes(i) == d.frame();
            gen.writeFieldName(OFFSET);
            gen.writeNumber(d.offset(i) - (inFrame ? d.frameStart() : 0));
            gen.writeFieldName(LENGTH);
            gen.writeNumber(d.end(i) - d.offset(i));
            gen.writeFieldName(STATUS);
            gen.writeString(STATUS_KEY[d.status(i).ordinal()]);
            gen.writeFieldName(DEPTH);
            gen.writeNumber(d.depth(i));
            if (d.quoted(i)) {
                gen.writeFieldName(QUOTED);
                gen.writeBoolean(true);
            }
            if (!inFrame) {
                gen.writeFieldName(REASSEMBLED);
                gen.writeBoolean(true);
            }
            fields.begin();
            d.decoder(i).describe(d, i, fields);
            fields.end();
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private void writeAnomalies(Dissection d) throws IOException {
        gen.writeFieldName(ANOMALIES);
        gen.writeStartArray();
        for (int i = 0; i < d.anomalyCount(); i++) {
            Anomaly a = d.anomaly(i);
            int layer = d.anomalyLayer(i);
            boolean inFrame = layer < 0 || layer >= d.layerCount() || d.bytes(layer) == d.frame();
            gen.writeStartObject();
            gen.writeFieldName(ID);
            gen.writeString(a.id());
            gen.writeFieldName(LAYER);
            gen.writeNumber(layer);
            gen.writeFieldName(OFFSET);
            gen.writeNumber(d.anomalyOffset(i) - (inFrame ? d.frameStart() : 0));
            gen.writeFieldName(LENGTH);
            gen.writeNumber(d.anomalyLength(i));
            gen.writeFieldName(SEVERITY);
            gen.writeString(SEVERITY_KEY[a.severity().ordinal()]);
            gen.writeEndObject();
        }
        gen.writeEndArray();
        if (d.anomaliesDropped() > 0) {
            gen.writeFieldName(ANOMALIES_DROPPED);
            gen.writeNumber(d.anomaliesDropped());
        }
    }

    private SerializableString linkName(int type) {
        if (type != linkType) {
            linkType = type;
            linkName = new SerializedString(LinkType.name(type));
        }
        return linkName;
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
    }

    private static SerializedString[] keys(Enum<?>[] values) {
        SerializedString[] keys = new SerializedString[values.length];
        for (Enum<?> v : values) {
            keys[v.ordinal()] = new SerializedString(v.name().toLowerCase(Locale.ROOT));
        }
        return keys;
    }
}
