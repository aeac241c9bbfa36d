package io.hoptrace.ui.model.port;

/** Receives a running capture's frames in the order they are written to its file. */
@FunctionalInterface
public interface LiveFrameSink {
    /**
     * One frame, on the capture's writer thread (always the same one). The frame and its bytes are valid during
     * the call only: copy what you keep and return at once, or the capture drops packets.
     * {@link CapturedFrame#number} is the frame's 1-based number in the file; {@link CapturedFrame#interfaceId}
     * indexes {@link RunningCapture#interfaceName}.
     */
    void frame(CapturedFrame frame);
}
