package io.hoptrace.ui.model.load;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowExtractor;
import io.hoptrace.ui.model.RowValues;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.InterfaceNaming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns frames into rows of a {@link PacketIndex}: decodes each frame once for the index's columns and labels it
 * with its node and interface, resolved once per (source, interface) pair. The file loader and the live capture
 * both append through it, so a packet looks the same whether it arrived live or from the file afterwards. One
 * thread appends.
 */
public final class RowAppender {
    private final OpenPlan plan;
    private final ClusterDirectory cluster;
    private final PacketIndex index;
    private final InterfaceNaming[] naming;
    private final List<Map<Long, long[]>> cache = new ArrayList<>();
    private final boolean nameByFile;
    private final PacketDecoder decoder;
    private final RowExtractor extractor;
    private final RowValues v = new RowValues();

    /** {@code naming[i]} names the interfaces of the plan's capture {@code i} (null for one that is not read). */
    public RowAppender(DecoderConfig config, OpenPlan plan, ClusterDirectory cluster, PacketIndex index,
                       InterfaceNaming[] naming) {
        this.plan = plan;
        this.cluster = cluster;
        this.index = index;
        this.naming = naming.clone();
        for (int i = 0; i < naming.length; i++) {
            cache.add(new HashMap<>());
        }
        long unnamed = plan.captures().stream().filter(c -> c.node().isEmpty()).count();
        nameByFile = unnamed > 1;
        decoder = new PacketDecoder(config);
        extractor = new RowExtractor(index.addresses());
    }

    /** Appends frame {@code f} of capture {@code source}; returns its row. */
    public int append(int source, CapturedFrame f) {
        Dissection d = decoder.decode(f.data, f.offset, f.capturedLength, f.wireLength, f.linkType);
        v.clear();
        v.timestampNanos = f.timestampNanos;
        v.capturedLength = f.capturedLength;
        v.wireLength = Math.max(f.wireLength, f.capturedLength);
        v.linkType = f.linkType;
        v.source = source;
        v.number = (int) f.number;
        v.interfaceId = f.interfaceId;
        extractor.extract(d, v);
        label(source, f, d, v);
        return index.append(v, f.fileOffset, f.data, f.offset);
    }

    private void label(int source, CapturedFrame f, Dissection d, RowValues v) {
        long cooked = RowExtractor.cookedInterface(d);
        long key = cooked >= 0 ? cooked : -1 - f.interfaceId;
        long[] ids = cache.get(source).get(key);
        if (ids == null) {
            String node = node(source, f.interfaceId);
            String iface;
            if (cooked >= 0) {
                long ifindex = cooked >>> 1;
                String name = cluster.interfaceName(node, ifindex);
                iface = (name != null ? name : "ifindex " + ifindex) + ((cooked & 1) != 0 ? " out" : " in");
            } else {
                String name = naming[source].interfaceName(f.interfaceId);
                iface = name != null ? name : "";
            }
            ids = new long[] {index.labels().intern(node), index.labels().intern(iface)};
            cache.get(source).put(key, ids);
        }
        v.node = (int) ids[0];
        v.iface = (int) ids[1];
    }

    /** The names the file gives its interfaces, by id, up to the last it names ("" for unnamed ones). */
    public List<String> interfaceNames(int source) {
        List<String> names = new ArrayList<>();
        int last = -1;
        for (int id = 0; id < 1024; id++) {
            String n = naming[source].interfaceName(id);
            names.add(n == null ? "" : n);
            if (n != null) {
                last = id;
            }
        }
        return names.subList(0, last + 1);
    }

    private String node(int source, int interfaceId) {
        CaptureInput in = plan.captures().get(source);
        if (!in.node().isEmpty()) {
            return in.node();
        }
        String node = nodeIn(naming[source].interfaceDescription(interfaceId));
        if (node != null) {
            return node;
        }
        return nameByFile ? String.valueOf(in.file().getFileName()) : "";
    }

    /** The node an interface description names, as hoptrace writes it ({@code node=worker-1 iface=eth0}), or null. */
    public static String nodeIn(String description) {
        if (description != null) {
            for (String part : description.split("\\s+")) {
                if (part.startsWith("node=") && part.length() > 5) {
                    return part.substring(5);
                }
            }
        }
        return null;
    }
}
