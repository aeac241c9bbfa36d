package io.hoptrace.cli;

import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Dissection;
import java.io.IOException;

/** Writes decoded packets in one output format; one instance serves a whole run, file after file. */
interface PacketPrinter {
    /** {@code name} is the file as the user named it. */
    void beginFile(String name, PacketSource source);

    void print(PacketRecord record, Dissection d) throws IOException;

    void flush() throws IOException;
}
