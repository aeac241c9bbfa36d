package io.hoptrace.cli;

/**
 * What hoptrace's exit status means, for scripts and CI. 1 is kept for "the analysis found problems" so that a
 * pipeline can tell findings from a run that could not be done at all.
 */
public final class ExitCode {
    /** Done; nothing to report. */
    public static final int OK = 0;
    /** Done, and findings at or above the {@code --fail-on} severity were reported. */
    public static final int FINDINGS = 1;
    /** Bad usage or bad input: an unknown option, a missing or unreadable file, a capture cut short or corrupt. */
    public static final int BAD_INPUT = 2;
    /** hoptrace itself failed: a bug, or output that could not be written. */
    public static final int ERROR = 3;

    private ExitCode() {
    }
}
