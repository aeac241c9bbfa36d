package io.hoptrace.rules.model;

import java.util.List;

/**
 * What the analysis was given and what it could not use. Paths are as the user gave them, or relative to the
 * bundle.
 *
 * @param bundle     the bundle directory or archive, or null when capture files were given
 * @param captures   capture files read
 * @param nodes      node names
 * @param stateFiles state files read
 * @param missing    expected files that were not there ("nodes/node-b/conntrack.txt", "k8s.json")
 * @param problems   one sentence per input problem (a truncated capture, an unreadable file, a state line that
 *                   does not parse), so the report shows what the analysis stands on
 * @param packets    packets read
 * @param crafted    the bundle's manifest says it was crafted, not captured
 * @param clockOffsets each node's capture clock against the reference node's, as estimated from the packets (empty
 *                   with one node, or when not estimated)
 */
public record InputReport(String bundle, List<String> captures, List<String> nodes, List<String> stateFiles,
                          List<String> missing, List<String> problems, long packets, boolean crafted,
                          List<ClockOffset> clockOffsets) {
    public InputReport(String bundle, List<String> captures, List<String> nodes, List<String> stateFiles,
                       List<String> missing, List<String> problems, long packets, boolean crafted) {
        this(bundle, captures, nodes, stateFiles, missing, problems, packets, crafted, List.of());
    }

    public InputReport {
        clockOffsets = List.copyOf(clockOffsets);
        captures = List.copyOf(captures);
        nodes = List.copyOf(nodes);
        stateFiles = List.copyOf(stateFiles);
        missing = List.copyOf(missing);
        problems = List.copyOf(problems);
    }
}
