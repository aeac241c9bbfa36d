/**
 * What the UI needs from the outside world, as interfaces the composition root (cli) implements. The UI reads
 * capture files only through {@link io.hoptrace.ui.model.port.CaptureOpener}, captures live only through
 * {@link io.hoptrace.ui.model.port.LiveCapturer} and reaches a live cluster only through
 * {@link io.hoptrace.ui.model.port.ClusterConnector} (whose states carry fabric8's model classes, which rules already
 * reads, but no client): the capture module (pcap4j, the file readers, the fabric8 client) stays out of ui's
 * dependencies, so the arrows keep pointing one way: cli → ui → rules → decoders and
 * cli → capture → decoders.
 */
package io.hoptrace.ui.model.port;
