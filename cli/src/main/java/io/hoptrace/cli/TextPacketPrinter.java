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
 * prints it, the time, the interface when known, the summary. Lines are built as bytes straight into one large
 * reused buffer, which goes to the output stream when full: no String and no copy per packet.
 */
final class TextPacketPrinter implements PacketPrinter {
    private static final int NUMBER_WIDTH = 5;
    /** Written out once this full; a line may take the buffer past it (it grows for a very long one). */
    private static final int WRITE_AT = CliStreams.STDOUT_BUFFER;

    private final OutputStream out;
    private final TimeColumn time;
    private final InterfaceColumn interfaces = new InterfaceColumn();
    private final TextLine lines = new TextLine(WRITE_AT + 1024);

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
        TextLine line = lines;
        line.appendRightAligned(r.number, NUMBER_WIDTH).append(' ').append(' ');
        time.append(line, r.timestampNanos);
        interfaces.append(line, r);
        PacketSummary.append(d, line);
        line.append('\n');
        if (line.length() >= WRITE_AT) {
            drain();
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (lines.length() > 0) {
            try {
                lines.writeTo(out);
            } finally {
                // after a failed write (a closed pipe) the lines are not written again
                lines.clear();
            }
        }
    }
}
