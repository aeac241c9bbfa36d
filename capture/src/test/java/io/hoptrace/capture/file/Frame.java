package io.hoptrace.capture.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A packet copied out of a reader, for comparing readers, files and expectations in tests. */
record Frame(long number, long timestampNanos, int wireLength, int interfaceId, int linkType, String comment,
             byte[] bytes) {

    static Frame of(PacketRecord r) {
        return new Frame(r.number, r.timestampNanos, r.wireLength, r.interfaceId, r.linkType, r.comment,
                r.copyBytes());
    }

    /** What a file yields to hoptrace's reader, and how reading ended. */
    record Read(List<Frame> frames, ReadProblem problem, List<InterfaceInfo> interfaces) {
    }

    static Read readAll(Path file) throws IOException {
        return readAll(file, FileWindow.DEFAULT_CAPACITY);
    }

    static Read readAll(Path file, int bufferBytes) throws IOException {
        try (PacketSource source = CaptureFiles.open(file, bufferBytes)) {
            List<Frame> frames = new ArrayList<>();
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                frames.add(of(r));
            }
            return new Read(frames, source.problem(), List.copyOf(source.interfaces()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && number == f.number && timestampNanos == f.timestampNanos
                && wireLength == f.wireLength && interfaceId == f.interfaceId && linkType == f.linkType
                && Objects.equals(comment, f.comment) && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, timestampNanos, wireLength, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
        return "#" + number + " t=" + timestampNanos + " cap=" + bytes.length + " wire=" + wireLength + " if="
                + interfaceId + " lt=" + linkType + (comment != null ? " comment=" + comment : "") + " " + hex;
    }
}
