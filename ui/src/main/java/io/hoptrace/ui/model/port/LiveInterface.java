package io.hoptrace.ui.model.port;

import java.util.List;

/**
 * An interface live capture can use, as the capture dialog lists it.
 *
 * @param name        what to capture on ({@code eth0}, {@code any})
 * @param description libpcap's description, "" when none
 * @param addresses   IPv4 and IPv6 addresses
 */
public record LiveInterface(String name, String description, List<String> addresses, boolean up, boolean loopback) {
    public LiveInterface {
        description = description == null ? "" : description;
        addresses = List.copyOf(addresses);
    }
}
