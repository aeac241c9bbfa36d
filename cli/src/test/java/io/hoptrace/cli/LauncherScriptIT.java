package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's own decisions, on a copy of it beside a copy of the packaged jar: when it builds (and that Maven is
 * then a stand-in that only records its call, so nothing recurses into this build), which JVM flags it passes, and
 * its class-data archive. A stand-in {@code java} records each command line and runs the real one.
 */
class LauncherScriptIT {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    private Path home;
    private Path jar;
    private Path jsa;
    private Path mvnLog;
    private Path javaLog;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void installationCopy() throws IOException {
        Path root = Path.of(System.getProperty("hoptrace.root", "..")).toAbsolutePath().normalize();
        Path realJar = root.resolve("cli/target/hoptrace.jar");
        if (!Files.isRegularFile(realJar)) {
            fail(realJar + " is missing: these tests run after package (mvn verify)");
        }
        home = tmp.resolve("hoptrace");
        Path target = Files.createDirectories(home.resolve("cli/target"));
        Files.copy(root.resolve("hoptrace"), home.resolve("hoptrace"), StandardCopyOption.COPY_ATTRIBUTES);
        jar = Files.copy(realJar, target.resolve("hoptrace.jar"));
        Files.createSymbolicLink(target.resolve("lib"), root.resolve("cli/target/lib"));
        jsa = target.resolve("hoptrace.jsa");
        source("pom.xml", NOW.minus(Duration.ofHours(2)));
        source("cli/src/main/java/io/hoptrace/cli/Main.java", NOW.minus(Duration.ofHours(2)));
        setTime(jar, NOW.minus(Duration.ofHours(1)));

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        mvnLog = tmp.resolve("mvn.log");
        javaLog = tmp.resolve("java.log");
        script(bin.resolve("mvn"), "printf '%s %s\\n' \"$PWD\" \"$*\" >> '" + mvnLog + "'\nexit ${FAKE_MVN_STATUS:-0}\n");
        script(bin.resolve("java"), "printf '%s\\n' \"$*\" >> '" + javaLog + "'\n"
                + "case \"$*\" in *ArchiveClassesAtExit*) [ -z \"$FAIL_TRAINING\" ] || exit 1;; esac\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOPTRACE_JAVA_OPTS", "");
    }

    @Test
    void aFreshJarRunsWithoutBuildingWithC1AndAClassDataArchiveMadeOnce() throws IOException {
        ProcessRun first = launch("--version");
        assertEquals(ExitCode.OK, first.code(), first.toString());
        assertTrue(first.out().startsWith("hoptrace 0.1.0"), first.toString());
        assertEquals("", first.err());
        assertFalse(Files.exists(mvnLog), "built although the jar is newer than every source");
        List<String> trainings = trainings();
        assertEquals(1, trainings.size(), javaLog());
        assertTrue(trainings.get(0).endsWith("-cp " + jar + " io.hoptrace.cli.StartupTraining"), trainings.get(0));
        assertTrue(Files.size(jsa) > 0, "no class-data archive after the training run");
        List<String> runs = runs();
        assertEquals(1, runs.size(), javaLog());
        assertRun(runs.get(0), true, true, "--version");

        ProcessRun second = launch("--version");
        assertEquals(ExitCode.OK, second.code(), second.toString());
        assertEquals(1, trainings().size(), "trained again: " + javaLog());
        runs = runs();
        assertEquals(2, runs.size(), javaLog());
        assertRun(runs.get(1), true, true, "--version");
    }

    @Test
    void aChangedSourceBuildsOnceAndTheArchiveIsMadeAgain() throws IOException {
        assertEquals(ExitCode.OK, launch("--version").code());
        assertTrue(Files.exists(jsa));
        source("cli/src/main/java/io/hoptrace/cli/Main.java", NOW);
        ProcessRun built = launch("--version");
        assertEquals(ExitCode.OK, built.code(), built.toString());
        assertEquals("hoptrace: building (first use or sources changed)...\n", built.err());
        List<String> mvn = Files.readAllLines(mvnLog);
        assertEquals(1, mvn.size(), mvn.toString());
        // quiet, batch, no tests, package: in the installation's directory
        assertTrue(mvn.get(0).startsWith(home + " -q -B ") && mvn.get(0).endsWith(" -DskipTests package"), mvn.get(0));
        assertFalse(Files.getLastModifiedTime(jar).toInstant().isBefore(NOW), "jar not touched after the build");
        assertEquals(2, trainings().size(), "a training run before the first and after the build: " + javaLog());
        List<String> runs = runs();
        assertEquals(2, runs.size(), javaLog());
        assertRun(runs.get(1), true, true, "--version");

        assertEquals(ExitCode.OK, launch("--version").code());
        assertEquals(1, Files.readAllLines(mvnLog).size(), "built again though nothing changed since");
    }

    @Test
    void sourcesPomsFxmlAndCssCountButNothingUnderTargetOrGit() throws IOException {
        // a remembered failed training: no archive is made, so each case costs one short JVM start at most
        Files.createFile(jsa.resolveSibling("hoptrace.jsa.failed"));
        env.put("FAKE_MVN_STATUS", "1");
        for (String changed : List.of("capture/src/main/java/X.java", "ui/pom.xml",
                "ui/src/main/resources/io/hoptrace/ui/main.fxml", "ui/src/main/resources/io/hoptrace/ui/x.css")) {
            source(changed, NOW);
            ProcessRun r = launch("--version");
            assertEquals(ExitCode.BAD_INPUT, r.code(), changed + ": " + r);
            assertEquals("hoptrace: building (first use or sources changed)...\nhoptrace: build failed\n", r.err(),
                    changed);
            Files.delete(home.resolve(changed));
        }
        assertEquals(4, Files.readAllLines(mvnLog).size());
        assertFalse(Files.exists(javaLog), "ran java after a failed build: " + javaLog());
        for (String ignored : List.of("bench/target/generated-sources/annotations/Y_jmhTest.java", ".git/Z.java",
                "README.md", "samples/mtu-blackhole/k8s.json")) {
            source(ignored, NOW);
        }
        ProcessRun r = launch("--version");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(4, Files.readAllLines(mvnLog).size(), "built for a file under target/ or .git, or not a source");
        assertEquals(List.of(), trainings(), "tried to train again after a failure");
        assertEquals(1, runs().size(), javaLog());
        assertRun(runs().get(0), true, false, "--version");
    }

    @Test
    void noJarAndNoMavenSaysRunSetup() throws IOException {
        Files.delete(jar);
        // a PATH with what the launcher uses, but no mvn
        Path bin = Files.createDirectories(tmp.resolve("bin-without-mvn"));
        for (String tool : List.of("bash", "dirname", "find", "stat", "touch", "rm", "mv")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        env.put("PATH", bin.toString());
        ProcessRun r = launch("--version");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals("hoptrace: Maven is missing; run ./setup first\n", r.err());
    }

    @Test
    void inputsOverHalfAGigabyteGetC2AndSmallOnesC1() throws IOException {
        Files.createFile(jsa.resolveSibling("hoptrace.jsa.failed"));
        Path big = tmp.resolve("big.pcap");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(512L * 1024 * 1024 + 1); // sparse: no disk used; not a capture, so each run ends at once
        }
        Path small = Files.write(tmp.resolve("small.pcap"), new byte[24]);
        for (String command : List.of("decode", "analyze")) {
            assertEquals(ExitCode.BAD_INPUT, launch(command, big.toString()).code());
            assertEquals(ExitCode.BAD_INPUT, launch(command, small.toString()).code());
        }
        List<String> runs = runs();
        assertEquals(4, runs.size(), javaLog());
        assertRun(runs.get(0), false, false, "decode " + big);
        assertRun(runs.get(1), true, false, "decode " + small);
        assertRun(runs.get(2), false, false, "analyze " + big);
        assertRun(runs.get(3), true, false, "analyze " + small);
    }

    @Test
    void anUnreadableInputIsReportedByHoptraceAloneNotByTheLaunchersSizing() throws IOException, InterruptedException {
        // root reads any file: the user who cannot read it is nobody, as on a node where captures belong to root
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = Files.write(tmp.resolve("secret.pcap"), new byte[24]);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Files.createFile(jsa.resolveSibling("hoptrace.jsa.failed"));
        Files.setPosixFilePermissions(Files.createFile(javaLog), PosixFilePermissions.fromString("rw-rw-rw-"));
        for (String command : List.of("decode", "analyze")) {
            List<String> asNobody = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", home.resolve("hoptrace").toString(), command, secret.toString()));
            ProcessRun r = ProcessRun.of(tmp, env, asNobody);
            assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), "one line, hoptrace's: " + r.err());
            assertTrue(r.err().startsWith("hoptrace"), r.err());
        }
    }

    @Test
    void javaOptionsFromTheEnvironmentReplaceTheLaunchersOwn() throws IOException {
        env.put("HOPTRACE_JAVA_OPTS", "-Xmx256m -Dhoptrace.test=1");
        ProcessRun r = launch("--version");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of("-Xmx256m -Dhoptrace.test=1 -jar " + jar + " --version"), Files.readAllLines(javaLog));
    }

    @Test
    void aFailedTrainingIsRememberedAndCostsOnlyItself() throws IOException {
        env.put("FAIL_TRAINING", "1");
        assertEquals(ExitCode.OK, launch("--version").code());
        assertEquals(ExitCode.OK, launch("--version").code());
        assertFalse(Files.exists(jsa));
        assertTrue(Files.exists(jsa.resolveSibling("hoptrace.jsa.failed")));
        assertEquals(1, trainings().size(), "one training: " + javaLog());
        List<String> runs = runs();
        assertEquals(2, runs.size(), javaLog());
        assertRun(runs.get(0), true, false, "--version");
        assertRun(runs.get(1), true, false, "--version");
    }

    /** The launcher's exec line: its JIT choice and archive, then exactly {@code -jar JAR args}. */
    private void assertRun(String line, boolean c1, boolean archive, String args) {
        assertTrue(line.startsWith("-XX:+UseSerialGC "), line);
        assertTrue(line.contains("-Xlog:disable -Xlog:all=warning:stderr"), "JVM messages must go to stderr: " + line);
        assertEquals(c1, line.contains(" -XX:TieredStopAtLevel=1 "), "C1 only: " + line);
        assertEquals(archive, line.contains(" -XX:SharedArchiveFile=" + jsa + " "), "class-data archive: " + line);
        assertTrue(line.endsWith(" -jar " + jar + " " + args), line);
    }

    private ProcessRun launch(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("hoptrace").toString());
        command.addAll(Arrays.asList(args));
        return ProcessRun.of(tmp, env, command);
    }

    /** The launcher's final java command lines: the program run with {@code -jar}. */
    private List<String> runs() throws IOException {
        return javaLines().stream().filter(l -> l.contains(" -jar " + jar + " ") || l.endsWith(" -jar " + jar)).toList();
    }

    /** The class-data archive's training runs. */
    private List<String> trainings() throws IOException {
        return javaLines().stream().filter(l -> l.contains("-XX:ArchiveClassesAtExit=")).toList();
    }

    private List<String> javaLines() throws IOException {
        return Files.exists(javaLog) ? Files.readAllLines(javaLog) : List.of();
    }

    private String javaLog() throws IOException {
        return "java ran:\n  " + String.join("\n  ", javaLines());
    }

    private void source(String relative, Instant time) throws IOException {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        if (!Files.exists(p)) {
            Files.writeString(p, "");
        }
        setTime(p, time);
    }

    private static void setTime(Path p, Instant time) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(time));
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(tool + " not on PATH");
    }
}
