package io.hoptrace.capture.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The lab (lab/README.md): network namespaces on this machine that reproduce, with real traffic, what hoptrace
 * looks for. {@code lab/test} builds the lab, runs every scenario, checks each bundle with lab/lib/verify.py and
 * tears the lab down; it needs root. The bundles kept in samples/ are checked the same way, without root.
 */
class LabScenariosTest {

    /** Every scenario has a minute; up, down and the checks add a few more. */
    private static final Duration LAB_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(2);
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    @Test
    void everyScenarioReproducesItsFailureAndTheLabLeavesNothingBehind() throws Exception {
        assumeTrue(isRoot(), "lab/test needs root (network namespaces, iptables, tcpdump): skipped");
        // A tag of its own, so that builds running at the same time on one machine do not share namespaces.
        String tag = "hj" + ProcessHandle.current().pid() % 100_000;
        assumeTrue(canCreateNetworkNamespace(tag + "-probe"),
                "'ip netns add' does not work here (no iproute2, or no CAP_SYS_ADMIN): skipped");
        Path repo = repositoryRoot();

        Run run = run(List.of(repo.resolve("lab/test").toString()), repo, LAB_TIMEOUT, true, Map.of("LAB_TAG", tag));
        if (!run.finished) {
            // lab/test's own cleanup did not get to run: take the lab down.
            ProcessBuilder down = new ProcessBuilder(repo.resolve("lab/down").toString()).directory(repo.toFile());
            down.environment().put("LAB_TAG", tag);
            down.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(1, TimeUnit.MINUTES);
            fail("lab/test did not finish within " + LAB_TIMEOUT.toMinutes() + " minutes:\n" + run.output);
        }
        assertEquals(0, run.exitCode, () -> "lab/test failed:\n" + run.output);
    }

    @TestFactory
    Stream<DynamicTest> everySampleBundleStillContainsItsFailure() throws IOException {
        Path repo = repositoryRoot();
        Path samples = repo.resolve("samples");
        assumeTrue(Files.isDirectory(samples), "no samples/ directory");
        assumeTrue(Files.isExecutable(Path.of(SYSTEM_PYTHON)), SYSTEM_PYTHON + " is missing (./setup installs it)");
        assumeTrue(succeeds(List.of("tshark", "--version")), "tshark is missing (./setup installs it)");
        List<Path> bundles;
        try (Stream<Path> dirs = Files.list(samples)) {
            bundles = dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        assertTrue(bundles.size() >= 10, "expected a bundle per scenario in samples/, found " + bundles);
        return bundles.stream().map(bundle -> DynamicTest.dynamicTest(bundle.getFileName().toString(), () -> {
            String scenario = bundle.getFileName().toString();
            Run run = run(List.of(SYSTEM_PYTHON, repo.resolve("lab/lib/verify.py").toString(), scenario,
                    bundle.toString()), repo, VERIFY_TIMEOUT, false, Map.of("PYTHONDONTWRITEBYTECODE", "1"));
            assertTrue(run.finished, () -> "verify.py " + scenario + " timed out:\n" + run.output);
            assertEquals(0, run.exitCode, () -> "samples/" + scenario + " fails its checks:\n" + run.output);
        }));
    }

    private record Run(boolean finished, int exitCode, String output) {}

    /** Runs a command, optionally echoing its output as it comes, and keeps the output for the failure message. */
    private static Run run(List<String> command, Path dir, Duration timeout, boolean echo, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (echo) {
                        System.out.println(line);
                    }
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("(reading the output failed: ").append(e.getMessage()).append(")\n");
                }
            }
        }, "lab-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (output) {
            return new Run(finished, finished ? process.exitValue() : -1, output.toString());
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean canCreateNetworkNamespace(String name) {
        boolean created = succeeds(List.of("ip", "netns", "add", name));
        return created && succeeds(List.of("ip", "netns", "del", name));
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor(10, TimeUnit.SECONDS) && "0".equals(uid);
    }

    /** The directory holding lab/: the module's parent when Maven runs the test from capture/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("lab/test"))) {
                return dir;
            }
        }
        throw new IllegalStateException("lab/test not found above " + Path.of("").toAbsolutePath());
    }
}
