package io.hoptrace.ui.model.load;

import java.nio.file.Path;

/** One capture file to load and the node it was captured on ("" when nothing says). */
public record CaptureInput(Path file, String node) {
}
