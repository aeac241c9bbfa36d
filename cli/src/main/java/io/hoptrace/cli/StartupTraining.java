package io.hoptrace.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The launcher's training run for its class-data-sharing archive (JVM {@code -XX:ArchiveClassesAtExit}): decodes
 * a few typical packets, as text and as JSON, so the archive holds the classes a real run loads and later runs
 * start faster. Writes nothing. Not a user command.
 */
final class StartupTraining {
    /** Crafted frames: VXLAN with ICMP inside, BGP OPEN and KEEPALIVE, ARP, IP-in-IP, an ICMP error, 802.1Q IPv6. */
    private static final String[] FRAMES = {
        "02000000000202000000000108004500008600010000401166640a0000010a0000029c4021180072ef0a080000000000010"
                + "00a580af402070a580af4010508004500005400070000400161af0af401050af402070800f7f700070001"
                + "00".repeat(56),
        "020000000002020000000001080045000059000140004006269c0a0000010a0000029c4100b3000000010000000180182000"
                + "8ad000000101080a0000000100000002ffffffffffffffffffffffffffffffff00250104fc00005a0a00000108"
                + "020641040000fc00",
        "02000000000202000000000108004500003b00010000400666ba0a0000020a00000100b39c410000000100000001501820"
                + "00daad0000ffffffffffffffffffffffffffffffff001304",
        "ffffffffffff0200000000010806000108000604000102fc000000010a0000010000000000000a000002",
        "02000000000202000000000108004500004800010000400466af0a0000010a0000024500003400010000400661d00af40105"
                + "0af4020780e80050000000000000000080022000afed0000020405b40402030307000000",
        "02000000000202000000000108004500003800010000400166c20a0000020a0000010304112e000005aa450005dc00014000"
                + "4011210e0a0000010a0000029c40211805c82303",
        "0200000000020200000000018100000a86dd6000000000141140fd000000000000000000000000000001fd00000000000000"
                + "000000000000000214e900350014dd6e123401000001000000000000"};
    private static final int ROUNDS = 200;

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path capture = Files.createTempFile("hoptrace-training", ".pcap");
        try {
            Files.write(capture, pcap());
            CliStreams quiet = new CliStreams(OutputStream.nullOutputStream(), new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(Writer.nullWriter()), new PrintStream(OutputStream.nullOutputStream()), false,
                    false);
            run(quiet, "decode", capture.toString());
            run(quiet, "decode", "--format", "json", capture.toString());
            run(quiet, "decode", "--help");
        } finally {
            Files.deleteIfExists(capture);
        }
    }

    private static void run(CliStreams io, String... args) {
        int code = HoptraceCommand.commandLine(io).execute(args);
        if (code != ExitCode.OK) {
            // the launcher then keeps no archive rather than one trained on an error path
            throw new IllegalStateException("training run " + String.join(" ", args) + " exited " + code);
        }
    }

    private static byte[] pcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144)
                .putInt(1);
        out.writeBytes(header.array());
        for (int i = 0; i < ROUNDS * FRAMES.length; i++) {
            byte[] frame = HexFormat.of().parseHex(FRAMES[i % FRAMES.length]);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(1_700_000_000 + i / 1000).putInt(i % 1000 * 1000).putInt(frame.length).putInt(frame.length);
            out.writeBytes(record.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
