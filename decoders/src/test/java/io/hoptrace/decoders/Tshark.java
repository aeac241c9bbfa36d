package io.hoptrace.decoders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark (the reference decoder tests compare against) and returns one row of fields per packet:
 * {@code tshark -r FILE -n [options] -T fields -e frame.number -e f1 -e f2 ...}. A field that occurs several
 * times in a packet (per layer, per BGP message) gives all its values in order.
 */
public final class Tshark {
    private static final String AGGREGATOR = "\u001f";
    private static Boolean available;

    /** One packet's fields. */
    public record Row(int frame, Map<String, List<String>> values) {
        /** Every value of {@code field} in this packet, in order; empty when it has none. */
        public List<String> all(String field) {
            return values.getOrDefault(field, List.of());
        }

        /** The first value of {@code field}, or null. */
        public String first(String field) {
            List<String> v = all(field);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    private Tshark() {
    }

    /** True when a tshark binary runs here. */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /**
     * Runs tshark on {@code file} with extra {@code options} (for example {@code -d udp.port==8472,vxlan}) and
     * returns a row per packet with {@code fields}.
     */
    public static List<Row> fields(Path file, List<String> options, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n"));
        cmd.addAll(options);
        cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=" + AGGREGATOR, "-e", "frame.number"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = run(cmd);
        List<Row> rows = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            Map<String, List<String>> values = new HashMap<>();
            for (int i = 0; i < fields.length; i++) {
                String c = i + 1 < cols.length ? cols[i + 1] : "";
                values.put(fields[i], c.isEmpty() ? List.of() : Arrays.asList(c.split(AGGREGATOR, -1)));
            }
            rows.add(new Row(Integer.parseInt(cols[0].trim()), values));
        }
        return rows;
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tshark did not finish: " + cmd);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
