package io.hoptrace.ui.model.port;

import java.util.List;

/**
 * Captures from network interfaces into a pcapng file while handing each frame to the window. cli implements it
 * over the capture module (libpcap); {@link #NONE} says live capture is not available.
 */
public interface LiveCapturer {
    LiveCapturer NONE = new LiveCapturer() {
        @Override
        public List<LiveInterface> interfaces() throws LiveCaptureException {
            throw new LiveCaptureException("live capture is not available in this build of hoptrace");
        }

        @Override
        public RunningCapture start(LiveRequest request, LiveFrameSink sink) throws LiveCaptureException {
            throw new LiveCaptureException("live capture is not available in this build of hoptrace");
        }
    };

    /** The interfaces that can be captured on, {@code any} among them where the system has it. */
    List<LiveInterface> interfaces() throws LiveCaptureException;

    /**
     * Checks the request (interfaces, filter, privilege, the file), then starts capturing and returns at once.
     * Throws, having captured nothing, when anything in the request is wrong.
     */
    RunningCapture start(LiveRequest request, LiveFrameSink sink) throws LiveCaptureException;
}
