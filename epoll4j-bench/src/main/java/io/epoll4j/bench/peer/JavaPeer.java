package io.epoll4j.bench.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Java peer from this module (Netty epoll, Netty NIO, the JDK Selector server), started
 * as its own JVM with the harness's JDK and class path, so only the server runs on the
 * server's core.
 */
final class JavaPeer implements Peer {

    private final String name;
    private final String description;
    private final String mainClass;
    private final List<String> extraArgs;
    private final List<String> jvmOptions;

    JavaPeer(String name, String description, String mainClass, List<String> extraArgs,
             List<String> jvmOptions) {
        this.name = name;
        this.description = description;
        this.mainClass = mainClass;
        this.extraArgs = extraArgs;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<String> prepare(Path work) {
        return Optional.empty();
    }

    @Override
    public List<String> command(String host, int port, int threads, Path work) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of("--host", host, "--port", Integer.toString(port),
                "--threads", Integer.toString(threads)));
        cmd.addAll(extraArgs);
        return cmd;
    }
}
