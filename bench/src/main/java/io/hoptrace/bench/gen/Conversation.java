package io.hoptrace.bench.gen;

import java.io.IOException;

/** One flow of the synthetic traffic: a TCP connection, a DNS lookup, a ping, a BGP session. */
public interface Conversation {
    /** Sends this conversation's next packet (or the few that belong together); false once it has sent its last. */
    boolean step(Wire w) throws IOException;
}
