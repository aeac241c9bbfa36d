package io.hoptrace.cli;

import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.TextLine;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code    1  20:21:44.837063 eth0  In  IP 10.0.0.1.40000 > ...}: the packet number as {@code tcpdump -#}
 * prints it, the time, the interface when known, the summary. Each line is built as bytes in one reused buffer
 * and copied to the output stream: no String per packet.
 */
final class TextPacketPrinter implements PacketPrinter {
    private static final int NUMBER_WIDTH = 5;

    private final OutputStream out;
    private final TimeColumn time;
    private final InterfaceColumn interfaces = new InterfaceColumn();
    private final TextLine line = new TextLine(512);
    /** Lines collect here and go to the stream in large writes (BufferedOutputStream locks on every call). */
    private final byte[] pending = new byte[CliStreams.STDOUT_BUFFER];
    private int pendingLength;

    TextPacketPrinter(OutputStream out, TimeColumn time) {
        this.out = out;
        this.time = time;
    }

    @Override
    public void beginFile(String name, PacketSource source) {
        time.beginFile();
        interfaces.beginFile(source);
    }

    @Override
    public void print(PacketRecord r, Dissection d) throws IOException {
        line.clear();
        for (int i = Timestamps.digitCount(r.number); i < NUMBER_WIDTH; i++) {
            line.append(' ');
        }
        line.append(r.number).append(' ').append(' ');
        time.append(line, r.timestampNanos);
        interfaces.append(line, r);
        PacketSummary.append(d, line);
        line.append('\n');
        if (line.length() > pending.length - pendingLength) {
            drain();
            if (line.length() > pending.length) {
                line.writeTo(out);
                return;
            }
        }
        pendingLength = line.copyTo(pending, pendingLength);
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (pendingLength > 0) {
            int n = pendingLength;
            pendingLength = 0;
            out.write(pending, 0, n);
        }
    }
}
