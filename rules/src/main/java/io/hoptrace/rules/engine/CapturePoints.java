package io.hoptrace.rules.engine;

import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a packet was seen: (capture source, interface, direction) numbered densely, with its node and interface
 * name. The interface is the SLL2 index named by the node's ip-link.json, the pcapng interface's name, or "-".
 */
final class CapturePoints {
    private static final int DIRECT = 1 << 12;

    /** One capture file (or stream) and the node it was taken on. */
    record Source(String file, String node, int nodeIndex) {
    }

    private final List<Source> sources = new ArrayList<>();
    private final List<int[]> bySource = new ArrayList<>();
    private final Map<Long, Integer> far = new HashMap<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final List<String> nodeNames = new ArrayList<>();
    private final Map<Integer, List<String>> pcapngNames = new HashMap<>();
    private final Map<String, NodeState> nodes;

    final List<String> pointNode = new ArrayList<>();
    final List<String> pointIface = new ArrayList<>();
    final List<Direction> pointDirection = new ArrayList<>();
    private int[] pointNodeIndex = new int[64];

    CapturePoints(Map<String, NodeState> nodes) {
        this.nodes = nodes;
    }

    int addSource(String file, String node) {
        int ni = nodeIndex.computeIfAbsent(node, n -> {
            nodeNames.add(n);
            return nodeNames.size() - 1;
        });
        sources.add(new Source(file, node, ni));
        int[] direct = new int[3 * DIRECT];
        Arrays.fill(direct, -1);
        bySource.add(direct);
        return sources.size() - 1;
    }

    void interfaceNames(int source, List<String> names) {
        List<String> copy = new ArrayList<>(names.size());
        for (String n : names) {
            copy.add(n == null ? "" : n);
        }
        pcapngNames.put(source, copy);
    }

    Source source(int i) {
        return sources.get(i);
    }

    int sourceCount() {
        return sources.size();
    }

    List<String> nodeNames() {
        return nodeNames;
    }

    int nodeIndex(int point) {
        return pointNodeIndex[point];
    }

    int point(int source, int ifKey, int dir, boolean sll2) {
        int slot = (ifKey + 1) * 3 + dir;
        int[] direct = bySource.get(source);
        if (ifKey >= -1 && slot < direct.length) {
            int p = direct[slot];
            if (p < 0) {
                p = create(source, ifKey, dir, sll2);
                direct[slot] = p;
            }
            return p;
        }
        long key = ((long) source << 40) ^ ((ifKey & 0xFFFFFFFFL) << 2) ^ dir;
        Integer p = far.get(key);
        if (p == null) {
            p = create(source, ifKey, dir, sll2);
            far.put(key, p);
        }
        return p;
    }

    private int create(int source, int ifKey, int dir, boolean sll2) {
        Source s = sources.get(source);
        pointNode.add(s.node());
        int id = pointNode.size() - 1;
        if (id == pointNodeIndex.length) {
            pointNodeIndex = Arrays.copyOf(pointNodeIndex, id * 2);
        }
        pointNodeIndex[id] = s.nodeIndex();
        pointIface.add(ifaceName(source, s.node(), ifKey, sll2));
        pointDirection.add(switch (dir) {
            case Observation.DIR_IN -> Direction.IN;
            case Observation.DIR_OUT -> Direction.OUT;
            default -> Direction.UNKNOWN;
        });
        return pointNode.size() - 1;
    }

    private String ifaceName(int source, String node, int ifKey, boolean sll2) {
        if (ifKey < 0) {
            return "-";
        }
        if (sll2) {
            NodeState st = nodes.get(node);
            if (st != null) {
                var link = st.link(ifKey);
                if (link.isPresent() && link.get().name() != null) {
                    return link.get().name();
                }
            }
            return "ifindex " + ifKey;
        }
        List<String> names = pcapngNames.get(source);
        if (names != null && ifKey < names.size() && names.get(ifKey) != null && !names.get(ifKey).isEmpty()) {
            return names.get(ifKey);
        }
        return names == null || names.size() <= 1 ? "-" : "if" + ifKey;
    }
}
