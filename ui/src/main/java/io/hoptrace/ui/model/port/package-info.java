/**
 * What the UI needs from the outside world, as interfaces the composition root (cli) implements. The UI reads
 * capture files only through {@link io.hoptrace.ui.model.port.CaptureOpener}, and captures live only through
 * {@link io.hoptrace.ui.model.port.LiveCapturer}: the capture module (pcap4j, the file
 * readers) stays out of ui's dependencies, so the arrows keep pointing one way: cli → ui → rules → decoders and
 * cli → capture → decoders.
 */
package io.hoptrace.ui.model.port;
