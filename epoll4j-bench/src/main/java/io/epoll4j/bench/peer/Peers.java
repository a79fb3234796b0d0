package io.epoll4j.bench.peer;

import java.nio.file.Path;
import java.util.List;

/** The peers in the order they run in every round. */
public final class Peers {

    private Peers() {}

    /**
     * All peers.
     *
     * @param repo       repository root ({@code bench/} and {@code ./epoll4j} live there)
     * @param jvmOptions options for the Java peers this module starts (the same for each)
     */
    public static List<Peer> all(Path repo, List<String> jvmOptions) {
        String pkg = "io.epoll4j.bench.server.";
        return List.of(
                new CFloorPeer(repo),
                new NginxPeer(repo),
                new Epoll4jPeer(repo, jvmOptions),
                new JavaPeer("netty-epoll", "Netty " + nettyVersion() + ", native epoll transport",
                        pkg + "NettyPlaintextServer", List.of("--transport", "epoll"), jvmOptions),
                new JavaPeer("netty-nio", "Netty " + nettyVersion() + ", NIO transport",
                        pkg + "NettyPlaintextServer", List.of("--transport", "nio"), jvmOptions),
                new JavaPeer("jdk-selector", "JDK java.nio.channels.Selector, one thread",
                        pkg + "SelectorPlaintextServer", List.of(), jvmOptions));
    }

    private static String nettyVersion() {
        var v = io.netty.util.Version.identify().get("netty-transport");
        return v == null ? "4.2" : v.artifactVersion();
    }
}
