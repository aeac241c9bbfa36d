package io.hoptrace.rules.engine;

import io.hoptrace.rules.model.PacketInfo;

import java.util.ArrayList;
import java.util.List;

/** A journey while it is being stitched. */
final class JourneyData {
    final int id;
    final int flow;
    final int dir;
    final PacketInfo packet;
    final int proto;
    final List<HopData> hops = new ArrayList<>(4);
    int dropped;

    JourneyData(int id, int flow, int dir, int proto, PacketInfo packet) {
        this.proto = proto;
        this.id = id;
        this.flow = flow;
        this.dir = dir;
        this.packet = packet;
    }

    /** True when the packet itself (its first fragment, if fragmented) was already seen at {@code point}. */
    boolean visited(int point) {
        for (HopData h : hops) {
            if (h.point == point && !h.laterFragment) {
                return true;
            }
        }
        return false;
    }

    HopData last() {
        return hops.get(hops.size() - 1);
    }
}
