package io.hoptrace.capture.snapshot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs node commands and reads kernel files, on the host or inside one network namespace ({@code ip netns exec}).
 *
 * <p>Nothing here throws for a command that is absent, fails or hangs: each run ends in a {@link Run} that says
 * so, and the caller records it. Commands are looked up on the search path here, before starting anything, so "not
 * installed" reads the same on the host and in a namespace (where {@code ip} would otherwise report it).
 *
 * <p>Kernel files under /proc/net and /proc/sys describe the network namespace of the process that reads them, so
 * inside a namespace they are read with {@code cat}/{@code grep} through {@code ip netns exec}; on the host they
 * are read directly (a DaemonSet image need not carry coreutils).
 */
final class NodeCommands {
    /** Directories where iptables, conntrack and ip live but which a non-root PATH often lacks. */
    static final String SBIN = "/usr/local/sbin:/usr/sbin:/sbin";

    private static final int STDERR_KEPT_BYTES = 64 * 1024;

    private final String netns;
    private final String searchPath;
    private final Duration timeout;

    /**
     * @param netns network namespace name for {@code ip netns exec}, null for the caller's own namespace
     * @param searchPath PATH to find commands on (and to give them)
     * @param timeout how long one command may run before it is killed
     */
    NodeCommands(String netns, String searchPath, Duration timeout) {
        this.netns = netns;
        this.searchPath = searchPath;
        this.timeout = timeout;
    }

    /** The caller's PATH with the sbin directories added when it lacks them. */
    static String defaultSearchPath() {
        String path = System.getenv("PATH");
        if (path == null || path.isBlank()) {
            return "/usr/local/bin:/usr/bin:/bin:" + SBIN;
        }
        StringBuilder sb = new StringBuilder(path);
        List<String> parts = List.of(path.split(File.pathSeparator));
        for (String dir : SBIN.split(":")) {
            if (!parts.contains(dir)) {
                sb.append(File.pathSeparator).append(dir);
            }
        }
        return sb.toString();
    }

    String netns() {
        return netns;
    }

    /**
     * One command's outcome.
     *
     * @param command as a person would type it
     * @param status ok, missing (not on the search path) or failed (non-zero exit, timeout, could not start)
     * @param reason null when ok
     * @param exitStatus null if it did not run to an end
     * @param stderr what it wrote to stderr (the first 64 KiB)
     */
    record Run(String command, FileStatus status, String reason, Integer exitStatus, long durationMillis,
            String stderr) {
        boolean ok() {
            return status == FileStatus.OK;
        }

        Attempt attempt() {
            return new Attempt(command, exitStatus, reason);
        }
    }

    /** Text a command printed, with how the command went. */
    record Output(Run run, String stdout) {
    }

    /** The command line as recorded in the manifest. */
    String display(List<String> argv) {
        String cmd = String.join(" ", argv);
        return netns == null ? cmd : "ip netns exec " + netns + " " + cmd;
    }

    /**
     * Runs {@code argv} with stdout into {@code target}. The file appears only when the command exits 0 (it is
     * written under a temporary name first), so a failed attempt leaves nothing behind for a fallback to trip on.
     */
    Run run(List<String> argv, Path target) {
        return run(argv, target, 0);
    }

    /** As {@link #run(List, Path)}, taking exit statuses up to {@code okExitUpTo} as success (grep's 1 and 2). */
    Run run(List<String> argv, Path target, int okExitUpTo) {
        String display = display(argv);
        long t0 = System.nanoTime();
        List<String> full = new ArrayList<>();
        if (netns != null) {
            Path ip = find("ip");
            if (ip == null) {
                return new Run(display, FileStatus.MISSING, "missing: command not found: ip (needed for --netns)",
                        null, 0, "");
            }
            full.addAll(List.of(ip.toString(), "netns", "exec", netns));
        }
        Path exe = find(argv.get(0));
        if (exe == null) {
            return new Run(display, FileStatus.MISSING, "missing: command not found: " + argv.get(0), null, 0, "");
        }
        full.add(exe.toString());
        full.addAll(argv.subList(1, argv.size()));

        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".part");
        Path err = dir.resolve("." + target.getFileName() + ".stderr");
        try {
            ProcessBuilder pb = new ProcessBuilder(full)
                    .redirectOutput(tmp.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.put("PATH", searchPath);
            env.put("LC_ALL", "C"); // one language for every tool's output and messages
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Run(display, FileStatus.FAILED, "failed: cannot start: " + firstLine(e.getMessage()),
                        null, millisSince(t0), "");
            }
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Run(display, FileStatus.FAILED, "failed: timed out after " + seconds(timeout),
                        null, millisSince(t0), readStderr(err));
            }
            int exit = p.exitValue();
            String stderr = readStderr(err);
            long ms = millisSince(t0);
            if (exit > okExitUpTo) {
                String line = firstLine(stderr);
                String reason = line.isEmpty() ? "failed: exit status " + exit : "failed: " + line;
                return new Run(display, FileStatus.FAILED, reason, exit, ms, stderr);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Run(display, FileStatus.OK, null, exit, ms, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(display, FileStatus.FAILED, "failed: interrupted", null, millisSince(t0), "");
        } catch (IOException e) {
            return new Run(display, FileStatus.FAILED, "failed: " + firstLine(e.toString()), null, millisSince(t0),
                    "");
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(err);
        }
    }

    /** Runs a command whose output is small and wanted in memory ({@code --version}, {@code ls}, {@code grep}). */
    Output output(List<String> argv, Path scratchDir, int okExitUpTo) {
        Path f = scratchDir.resolve(".hoptrace-output");
        Run r = run(argv, f, okExitUpTo);
        try {
            String text = r.ok() ? Files.readString(f, StandardCharsets.UTF_8) : "";
            return new Output(r, text);
        } catch (IOException e) {
            return new Output(new Run(r.command(), FileStatus.FAILED, "failed: " + firstLine(e.toString()),
                    r.exitStatus(), r.durationMillis(), r.stderr()), "");
        } finally {
            deleteQuietly(f);
        }
    }

    /** Copies a kernel file (e.g. /proc/net/nf_conntrack) into {@code target}, from the right namespace. */
    Run copy(String kernelFile, Path target) {
        if (netns != null) {
            return run(List.of("cat", kernelFile), target);
        }
        String display = "read " + kernelFile;
        long t0 = System.nanoTime();
        Path tmp = target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".part");
        try {
            // /proc files report size 0: copy reads to the end instead of trusting the size
            try (InputStream in = Files.newInputStream(Path.of(kernelFile))) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Run(display, FileStatus.OK, null, null, millisSince(t0), "");
        } catch (NoSuchFileException e) {
            return new Run(display, FileStatus.MISSING, "missing: no " + kernelFile, null, millisSince(t0), "");
        } catch (IOException e) {
            return new Run(display, FileStatus.FAILED, "failed: " + firstLine(e.toString()), null, millisSince(t0),
                    "");
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Reads /proc/sys files, keyed by their path; files that do not exist are left out. Multi-line values (rare)
     * are joined with spaces.
     */
    Map<String, String> readKernelValues(List<String> files, Path scratchDir) {
        Map<String, String> values = new LinkedHashMap<>();
        if (netns == null) {
            for (String f : files) {
                try {
                    values.put(f, String.join(" ", Files.readAllLines(Path.of(f), StandardCharsets.UTF_8)).strip());
                } catch (IOException e) {
                    // absent (module not loaded, no such interface) or unreadable: the caller lists it as absent
                }
            }
            return values;
        }
        // one grep for all of them: "path:value" per line; -s: absent files are not an error message
        List<String> argv = new ArrayList<>(List.of("grep", "-s", "-H", ""));
        argv.addAll(files);
        Output out = output(argv, scratchDir, 2);
        for (String line : out.stdout().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String path = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                values.merge(path, value, (a, b) -> a + " " + b);
            }
        }
        return values;
    }

    /** Names in a /proc directory (e.g. the interfaces under /proc/sys/net/ipv4/conf), sorted. */
    List<String> list(String kernelDir, Path scratchDir) {
        if (netns == null) {
            try (Stream<Path> s = Files.list(Path.of(kernelDir))) {
                return s.map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }
        Output out = output(List.of("ls", "-1", kernelDir), scratchDir, 0);
        return out.stdout().lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    /** The command's file on the search path, or null. An absolute or relative path is taken as it is. */
    Path find(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static String readStderr(Path err) {
        try (InputStream in = Files.newInputStream(err)) {
            return new String(in.readNBytes(STDERR_KEPT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stray temporary file is harmless; the manifest is what counts
        }
    }
}
