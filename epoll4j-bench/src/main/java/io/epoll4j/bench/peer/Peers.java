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
                new JavaPeer("netty-epoll4j", "Netty " + nettyVersion() + ", epoll4j transport (epoll4j-netty)",
                        pkg + "NettyPlaintextServer", List.of("--transport", "epoll4j"), nativeAccess(jvmOptions)),
                new JavaPeer("jdk-selector", "JDK java.nio.channels.Selector, one thread",
                        pkg + "SelectorPlaintextServer", List.of(), jvmOptions),
                // epoll4j's loop and connections with the work above: the full server's cost
                // without its HTTP layer.
                new JavaPeer("epoll4j-net", "epoll4j's event loop and connections (io.epoll4j.net), one loop",
                        pkg + "NetPlaintextServer", List.of(), nativeAccess(jvmOptions)),
                // The same Netty application (HttpServerCodec) on the three transports.
                new JavaPeer("netty-http-epoll", "Netty " + nettyVersion() + " HttpServerCodec, native epoll transport",
                        pkg + "NettyHttpCodecServer", List.of("--transport", "epoll"), nativeAccess(jvmOptions)),
                new JavaPeer("netty-http-nio", "Netty " + nettyVersion() + " HttpServerCodec, NIO transport",
                        pkg + "NettyHttpCodecServer", List.of("--transport", "nio"), nativeAccess(jvmOptions)),
                new JavaPeer("netty-http-epoll4j", "Netty " + nettyVersion() + " HttpServerCodec, epoll4j transport",
                        pkg + "NettyHttpCodecServer", List.of("--transport", "epoll4j"), nativeAccess(jvmOptions)));
    }

    /**
     * The JVM options plus native access for the class path: epoll4j's core there is in the
     * unnamed module, and Netty's JNI library loads without a warning. The same flag for all
     * three HttpServerCodec peers, so they differ only in transport.
     */
    private static List<String> nativeAccess(List<String> jvmOptions) {
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.add("--enable-native-access=ALL-UNNAMED");
        return List.copyOf(options);
    }

    private static String nettyVersion() {
        var v = io.netty.util.Version.identify().get("netty-transport");
        return v == null ? "4.2" : v.artifactVersion();
    }
}
