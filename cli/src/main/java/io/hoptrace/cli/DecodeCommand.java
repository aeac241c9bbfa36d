package io.hoptrace.cli;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.CaptureFormatException;
import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.ReadProblem;
import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.StreamTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoptrace decode FILE...}: one line per packet in the spirit of {@code tcpdump -n}, with the tunnel stack
 * spelled out, or NDJSON with every decoded field. Made for a million packets: one decoder, one dissection and
 * one line buffer are reused for every packet, and output goes through a large byte buffer.
 */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = HoptraceCommand.Version.class,
        header = "Prints the packets of capture files, one line each, like tcpdump -n.",
        description = {
            "Reads pcap and pcapng files and prints one line per packet, with tunnels",
            "(VXLAN, IP-in-IP) and BGP spelled out:",
            "",
            "    1  20:21:44.837063 IP 10.0.0.1.40000 > 10.0.0.2.8472: VXLAN vni 1 | ...",
            "",
            "The columns: the packet number within its file (as tcpdump -#), the time",
            "(UTC), the interface and direction when the file records them (captures",
            "of tcpdump -i any, pcapng), the summary. Packet lines go to standard output,",
            "messages to standard error; with several files, a 'reading from file' line",
            "on standard error marks where each starts, as in tcpdump.",
            ""},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  every file was read to its end, or -c was reached, or the reader of",
            "     standard output went away (| head)",
            "  2  bad usage, or a file missing, unreadable, not a capture, cut short or",
            "     corrupt: the complete packets are printed, then one line on standard",
            "     error says where reading stopped; the other files are still read",
            "  3  hoptrace failed (a bug, or standard output could not be written)"})
final class DecodeCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    private static final int PROGRESS_EVERY = 1024;
    private static final Path STDIN = Path.of("/dev/stdin");

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "pcap or pcapng files, decoded in this order; - reads standard input.")
    List<Path> files = new ArrayList<>();

    @Option(names = "-r", paramLabel = "FILE",
            description = "A file to read, as tcpdump -r (repeatable; read before the FILE arguments).")
    List<Path> readFiles = new ArrayList<>();

    @Option(names = "-n", description = "Accepted for tcpdump's -n and -nn: addresses and ports are always numbers.")
    boolean[] numeric = new boolean[0];

    @Option(names = "-c", paramLabel = "N", description = "Stop after N packets (counted over all files).")
    Long count;

    @Option(names = "-t", description = {"Time format, as in tcpdump: -t none, -tt seconds since 1970, "
            + "-ttt since the previous packet, -tttt date and time, -ttttt since the first packet. "
            + "Default: time of day. Always UTC."})
    boolean[] timeFlags = new boolean[0];

    @Option(names = {"--nanos", "--nano"}, description = "Print nanoseconds instead of microseconds.")
    boolean nanos;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default), or json: one JSON object per line with every decoded field.")
    String formatName;

    @Option(names = "--vxlan-port", paramLabel = "PORT|none", split = ",",
            description = "UDP port carrying VXLAN; repeat for several. Replaces the default 4789,8472; "
                    + "'none' decodes no VXLAN.")
    List<String> vxlanPorts;

    @Option(names = "--bgp-port", paramLabel = "PORT|none", split = ",",
            description = "TCP port carrying BGP; repeat for several. Replaces the default 179; "
                    + "'none' decodes no BGP.")
    List<String> bgpPorts;

    @Option(names = "--verify-checksums", description = {"Verify TCP, UDP, ICMP and ICMPv6 checksums and mark "
            + "mismatches (as tcpdump -v does). Off by default: it costs most of the decoding time, and captures "
            + "taken on the sending host often carry checksums the NIC fills in later. The IPv4 header checksum "
            + "is always verified."})
    boolean verifyChecksums;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliStreams io;
    private DecodeProgress progress = DecodeProgress.none();
    /** Set when a file could not be read to its end; the run then exits 2. */
    private boolean inputProblem;

    DecodeCommand(CliStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (!readFiles.isEmpty()) {
            List<Path> all = new ArrayList<>(readFiles);
            all.addAll(files);
            files = all;
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        Format format = switch (formatName.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format takes text or json, not '" + formatName + "'");
        };
        long limit = count == null ? Long.MAX_VALUE : count;
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-c must be at least 1: " + count);
        }
        TimeColumn.Style style;
        try {
            style = TimeColumn.Style.fromCount(timeFlags.length);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DecoderConfig defaults = DecoderConfig.defaults();
        DecoderConfig config = new DecoderConfig(ports(vxlanPorts, defaults.vxlanPorts(), "--vxlan-port"),
                ports(bgpPorts, defaults.bgpPorts(), "--bgp-port"), defaults.genevePorts(), defaults.mplsUdpPorts(),
                defaults.maxEncapsulationDepth(), verifyChecksums);
        PacketDecoder decoder = new PacketDecoder(config);
        PacketPrinter printer = format == Format.JSON ? new JsonPacketPrinter(io.data())
                : new TextPacketPrinter(io.data(), new TimeColumn(style, nanos));
        long totalBytes = totalSize(files);
        try (DecodeProgress bar = DecodeProgress.wanted(io.stdoutTerminal(), io.stderrTerminal(), totalBytes)
                ? DecodeProgress.start(io.errBytes(), totalBytes) : DecodeProgress.none()) {
            progress = bar;
            long remaining = limit;
            long bytesBefore = 0;
            for (Path file : files) {
                if (remaining == 0) {
                    break;
                }
                remaining -= decodeFile(file, decoder, printer, remaining, bytesBefore);
                bytesBefore += sizeOf(file);
            }
            printer.flush();
        } catch (OutputClosedException e) {
            return ExitCode.OK;
        } finally {
            progress = DecodeProgress.none();
        }
        return inputProblem ? ExitCode.BAD_INPUT : ExitCode.OK;
    }

    /** Prints up to {@code limit} packets of one file and returns how many it printed. */
    private long decodeFile(Path given, PacketDecoder decoder, PacketPrinter printer, long limit, long bytesBefore)
            throws IOException {
        String name = given.toString();
        // tcpdump -r - reads a capture from a pipe: tcpdump -w - ... | hoptrace decode -
        Path file = name.equals("-") ? STDIN : given;
        if (Files.isDirectory(file)) {
            report(printer, name + ": Is a directory");
            return 0;
        }
        PacketSource source;
        try {
            source = CaptureFiles.open(file);
        } catch (CaptureFormatException e) {
            report(printer, name + ": " + problemOnly(e));
            return 0;
        } catch (IOException e) {
            report(printer, name + ": " + IoText.reason(e));
            return 0;
        }
        long printed = 0;
        try (source) {
            if (files.size() > 1) {
                note(printer, readingFrom(name, source));
            }
            printer.beginFile(name, source);
            // BGP messages continue across segments of their TCP stream; streams never span files
            Dissection d = decoder.dissection();
            d.streams(new StreamTable());
            PacketRecord r = new PacketRecord();
            while (printed < limit) {
                boolean more;
                try {
                    more = source.next(r);
                } catch (IOException e) {
                    report(printer, name + ": " + IoText.reason(e) + " after packet " + r.number);
                    return printed;
                }
                if (!more) {
                    break;
                }
                decoder.decode(r.data, r.offset, r.capturedLength, r.wireLength, r.linkType)
                        .meta(r.number, r.timestampNanos, r.interfaceId);
                printer.print(r, d);
                if (++printed % PROGRESS_EVERY == 0) {
                    progress.update(bytesBefore + source.position());
                }
            }
            ReadProblem problem = source.problem();
            if (problem != null) {
                report(printer, name + ": " + problem.message() + " " + problem.where());
            }
        }
        return printed;
    }

    /** tcpdump's line for the start of a file, kept to what the file says at this point. */
    private static String readingFrom(String name, PacketSource source) {
        StringBuilder sb = new StringBuilder("reading from file ").append(name);
        List<InterfaceInfo> interfaces = source.interfaces();
        if (interfaces.size() == 1) {
            InterfaceInfo i = interfaces.get(0);
            sb.append(", link-type ").append(LinkType.name(i.linkType()));
            if (i.snapLength() > 0) {
                sb.append(", snapshot length ").append(i.snapLength());
            }
        } else {
            sb.append(", ").append(source.format());
        }
        return sb.toString();
    }

    /** A problem, on stderr after the packet lines before it (both may be on the same terminal). */
    private void report(PacketPrinter printer, String message) throws IOException {
        inputProblem = true;
        note(printer, "hoptrace: " + message);
    }

    private void note(PacketPrinter printer, String line) throws IOException {
        printer.flush();
        progress.clearLine();
        io.err().println(line);
        io.err().flush();
    }

    /** The exception's message names the file already; the report names it as the user typed it. */
    private static String problemOnly(CaptureFormatException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.file() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** The ports an option names, the defaults when it is absent, none for {@code none}. */
    private Set<Integer> ports(List<String> given, Set<Integer> defaults, String option) {
        if (given == null || given.isEmpty()) {
            return defaults;
        }
        if (given.contains("none")) {
            if (given.size() > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        option + " none cannot be combined with port numbers");
            }
            return Set.of();
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String s : given) {
            int port;
            try {
                port = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '" + option + "': '" + s + "' is not a port (1-65535) or none");
            }
            ports.add(port);
        }
        return ports;
    }

    private static long totalSize(List<Path> files) {
        long total = 0;
        for (Path f : files) {
            total += sizeOf(f);
        }
        return total;
    }

    private static long sizeOf(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
