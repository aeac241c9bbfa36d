package io.hoptrace.capture.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One way of getting a file that did not work, kept so the manifest shows why a fallback was used.
 *
 * @param command the command as run (or {@code read <path>} for a file read directly)
 * @param exitStatus the command's exit status, null if it never ran or was killed
 * @param reason "missing: ..." or "failed: ..."
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attempt(String command, Integer exitStatus, String reason) {
}
