package io.hoptrace.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code hoptrace} command; subcommands do the work. */
@Command(name = "hoptrace", mixinStandardHelpOptions = true, versionProvider = HoptraceCommand.Version.class,
        description = "Shows where a packet went inside a Kubernetes cluster and why it got lost.",
        subcommands = {CommandLine.HelpCommand.class, SimulateCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done",
                  "  1  findings at or above --fail-on were reported",
                  "  2  bad usage or bad input (missing, unreadable, cut short or corrupt files)",
                  "  3  hoptrace failed (a bug, or output could not be written)"})
public final class HoptraceCommand implements Callable<Integer> {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors (for bug reports).")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliStreams io;

    private HoptraceCommand(CliStreams io) {
        this.io = io;
    }

    /**
     * Builds the command line with hoptrace's exit codes and error handling; tests call this to run commands
     * in-process. Packet data and help go to {@code out}, diagnostics to {@code err}.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(CliStreams.of(out, err));
    }

    static CommandLine commandLine(CliStreams io) {
        HoptraceCommand root = new HoptraceCommand(io);
        CommandLine cl = new CommandLine(root);
        cl.addSubcommand("analyze", new AnalyzeCommand(io));
        cl.addSubcommand("decode", new DecodeCommand(io));
        cl.addSubcommand("snapshot", new SnapshotCommand());
        cl.addSubcommand("capture", new CaptureCommand(io));
        cl.addSubcommand("gui", new GuiCommand(io));
        for (Class<?> c : new Class<?>[] {int.class, Integer.class}) {
            cl.registerConverter(c, wholeNumber(Integer::parseInt));
        }
        for (Class<?> c : new Class<?>[] {long.class, Long.class}) {
            cl.registerConverter(c, wholeNumber(Long::parseLong));
        }
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> usageError(e, io.err()));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, io.err(), root.debug));
        return cl;
    }

    @Override
    public Integer call() {
        // no subcommand: the usage is the answer, but it was still not a valid request
        spec.commandLine().usage(io.err());
        return ExitCode.BAD_INPUT;
    }

    /** picocli's own words for a bad number are Java's ("is not a long"); these are a user's. */
    @SuppressWarnings("unchecked")
    private static <T> CommandLine.ITypeConverter<T> wholeNumber(java.util.function.Function<String, ?> parse) {
        return s -> {
            try {
                return (T) parse.apply(s);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(s.matches("-?[0-9]+")
                        ? "'" + s + "' is too large" : "'" + s + "' is not a whole number");
            }
        };
    }

    /** A wrong option or argument: one line saying what was wrong and where help is, as GNU tools do. */
    private static int usageError(CommandLine.ParameterException e, PrintWriter err) {
        CommandLine cmd = e.getCommandLine();
        // picocli's text for a map option without '=' says "option option"
        err.println("hoptrace: " + String.valueOf(e.getMessage()).replace("for option option ", "for option "));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    /** An exception escaped a command: one line, the stack trace only with --debug. */
    private static int failed(Exception e, PrintWriter err, boolean debug) {
        if (OutputClosedException.causedBy(e)) {
            return ExitCode.OK;
        }
        OutputFailedException output = OutputFailedException.in(e);
        if (output != null) {
            // the user's disk or pipe, not hoptrace: no stack trace to ask for
            err.println("hoptrace: cannot write output: " + output.getMessage());
            err.flush();
            return ExitCode.ERROR;
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof RuntimeException) {
            message = "internal error: " + e.getClass().getSimpleName() + ": " + message;
        }
        err.println("hoptrace: " + message + (debug ? "" : " (--debug shows where)"));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.ERROR;
    }

    /** The version from the jar manifest (Maven writes it), so it never disagrees with the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HoptraceCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hoptrace " + (v != null ? v : "(development build)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
