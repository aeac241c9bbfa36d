package io.hoptrace.cli;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.FrameFile;
import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.CaptureReader;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.FrameReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The GUI's capture port over the capture module's readers: the composition root is the only place that knows both,
 * so ui never depends on capture (cli → ui → rules → decoders, cli → capture → decoders).
 */
final class CaptureFilesOpener implements CaptureOpener {
    @Override
    public CaptureReader open(Path file) throws IOException {
        return new Reader(CaptureFiles.open(file));
    }

    private static final class Reader implements CaptureReader {
        private final PacketSource source;
        private final PacketRecord record = new PacketRecord();

        Reader(PacketSource source) {
            this.source = source;
        }

        @Override
        public boolean next(CapturedFrame f) throws IOException {
            if (!source.next(record)) {
                return false;
            }
            f.data = record.data;
            f.offset = record.offset;
            f.capturedLength = record.capturedLength;
            f.wireLength = record.wireLength;
            f.timestampNanos = record.timestampNanos;
            f.linkType = record.linkType;
            f.interfaceId = record.interfaceId;
            f.number = record.number;
            f.fileOffset = record.dataOffset;
            return true;
        }

        @Override
        public FrameReader frames() throws IOException {
            FrameFile file = FrameFile.open(source.path());
            return new FrameReader() {
                @Override
                public void read(long fileOffset, byte[] dst, int dstOffset, int length) throws IOException {
                    file.read(fileOffset, dst, dstOffset, length);
                }

                @Override
                public void close() {
                    file.close();
                }
            };
        }

        @Override
        public String problem() {
            return source.problem() == null ? null : source.problem().toString();
        }

        @Override
        public String interfaceName(int interfaceId) {
            InterfaceInfo i = info(interfaceId);
            return i == null ? null : i.name();
        }

        @Override
        public String interfaceDescription(int interfaceId) {
            InterfaceInfo i = info(interfaceId);
            return i == null ? null : i.description();
        }

        private InterfaceInfo info(int id) {
            // pcap files imply one interface without a name; only pcapng interface blocks name theirs
            if (!source.format().equals("pcapng")) {
                return null;
            }
            List<InterfaceInfo> all = source.interfaces();
            return id >= 0 && id < all.size() ? all.get(id) : null;
        }

        @Override
        public long position() {
            return source.position();
        }

        @Override
        public long size() {
            return source.size();
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
