package io.epoll4j.bench.peer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One server under test. The harness prepares it once, then starts it (pinned with
 * {@code taskset}) for each round with the command given here, on a free loopback port.
 * Every peer serves GET /plaintext with {@code Hello, World!}.
 */
public interface Peer {

    /** Short stable name used on the command line, in tables and in JSON. */
    String name();

    /** One line on what this peer is, for the report. */
    String description();

    /**
     * Readies the peer once per benchmark (compiling, checking a binary exists).
     *
     * @param work a private temporary directory for this peer
     * @return empty when it can run, else why it is skipped
     */
    Optional<String> prepare(Path work);

    /** The command that runs the server in the foreground until it is killed. */
    List<String> command(String host, int port, int threads, Path work) throws java.io.IOException;
}
