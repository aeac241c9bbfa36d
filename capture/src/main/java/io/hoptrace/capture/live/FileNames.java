package io.hoptrace.capture.live;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The names of the files a capture writes, following tcpdump's -w/-C/-G/-W habits, with one change: the number
 * goes before a {@code .pcapng}/{@code .pcap} extension, so rotated files keep it (bundles and Wireshark's file
 * dialog find them by extension).
 * <ul>
 *   <li>no rotation: the name as given;</li>
 *   <li>{@code -C} (or {@code -G} on a name without {@code %}): {@code cap.pcapng}, {@code cap1.pcapng},
 *       {@code cap2.pcapng}, ...;</li>
 *   <li>with {@code -W n} as well: {@code cap0.pcapng} ... {@code cap<n-1>.pcapng}, numbers padded to the same
 *       width, then round again from 0, overwriting (a ring of exactly n files);</li>
 *   <li>{@code -G} on a name with strftime conversions ({@code cap-%Y%m%d-%H%M%S.pcapng}): the name expanded in
 *       local time when the file is opened; a second file with the same expansion (a size rotation inside the
 *       interval) gets a number as above. With {@code -W n} the oldest file is deleted once there are n.
 *       (tcpdump instead stops after n files; use {@code --duration} for that.)</li>
 * </ul>
 */
final class FileNames {
    private final Path directory;
    private final String pattern;
    private final boolean rotating;
    private final boolean timed;
    private final int slots;
    private final int width;

    FileNames(Path output, boolean rotateByTime, boolean rotateBySize, int fileLimit) {
        Path name = output.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("-w needs a file name, not " + output);
        }
        this.directory = output.getParent();
        this.pattern = name.toString();
        this.rotating = rotateByTime || rotateBySize;
        this.timed = rotateByTime && pattern.indexOf('%') >= 0;
        if (timed) {
            strftime(pattern, ZonedDateTime.now()); // a bad conversion fails now, not at the first rotation
        }
        this.slots = timed ? 0 : fileLimit;
        this.width = fileLimit > 0 ? Integer.toString(Math.max(0, fileLimit - 1)).length() : 0;
    }

    /** True when names carry the time: the file limit then deletes old files rather than reusing names. */
    boolean timed() {
        return timed;
    }

    /** Slots of the ring of names, or 0 when every file gets a new name. */
    int slots() {
        return slots;
    }

    /** The expanded name before any number: what tells a new time period from a size rotation within one. */
    String stem(ZonedDateTime openedAt) {
        return timed ? strftime(pattern, openedAt) : pattern;
    }

    /**
     * The path of a file. {@code index} counts the files opened so far, {@code sameStem} those before it with the
     * same {@link #stem}.
     */
    Path path(long index, String stem, long sameStem) {
        String name;
        if (!rotating) {
            name = stem;
        } else if (slots > 0) {
            name = numbered(stem, pad(index % slots));
        } else {
            name = sameStem == 0 ? stem : numbered(stem, Long.toString(sameStem));
        }
        return directory == null ? Path.of(name) : directory.resolve(name);
    }

    private String pad(long n) {
        StringBuilder s = new StringBuilder(Long.toString(n));
        while (s.length() < width) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    private static String numbered(String name, String number) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".pcapng", ".pcap"}) {
            if (lower.endsWith(ext) && name.length() > ext.length()) {
                int at = name.length() - ext.length();
                return name.substring(0, at) + number + name.substring(at);
            }
        }
        return name + number;
    }

    /** strftime(3) for the conversions a file name needs. */
    static String strftime(String pattern, ZonedDateTime t) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                s.append(c);
                continue;
            }
            if (++i == pattern.length()) {
                throw new IllegalArgumentException("-w name ends with a lone %");
            }
            char conversion = pattern.charAt(i);
            switch (conversion) {
                case 'Y' -> s.append(t.getYear());
                case 'y' -> two(s, t.getYear() % 100);
                case 'm' -> two(s, t.getMonthValue());
                case 'd' -> two(s, t.getDayOfMonth());
                case 'H' -> two(s, t.getHour());
                case 'M' -> two(s, t.getMinute());
                case 'S' -> two(s, t.getSecond());
                case 'j' -> s.append(String.format("%03d", t.getDayOfYear()));
                case 's' -> s.append(t.toEpochSecond());
                case 'F' -> s.append(strftime("%Y-%m-%d", t));
                case 'T' -> s.append(strftime("%H:%M:%S", t));
                case 'z' -> s.append(t.getOffset().getId().equals("Z") ? "+0000"
                        : t.getOffset().getId().replace(":", ""));
                case 'Z' -> s.append(t.format(DateTimeFormatter.ofPattern("zzz", Locale.ROOT)));
                case '%' -> s.append('%');
                default -> throw new IllegalArgumentException("unknown time conversion %" + conversion
                        + " in the -w name (known: %Y %y %m %d %H %M %S %j %s %F %T %z %Z %%)");
            }
        }
        return s.toString();
    }

    private static void two(StringBuilder s, int v) {
        if (v < 10) {
            s.append('0');
        }
        s.append(v);
    }
}
