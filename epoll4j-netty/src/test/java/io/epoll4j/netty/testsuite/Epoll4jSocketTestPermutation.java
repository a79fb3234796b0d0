package io.epoll4j.netty.testsuite;

import io.epoll4j.netty.Epoll4jDatagramChannel;
import io.epoll4j.netty.Epoll4jDomainSocketChannel;
import io.epoll4j.netty.Epoll4jServerDomainSocketChannel;
import io.epoll4j.netty.Epoll4jIoHandler;
import io.epoll4j.netty.Epoll4jServerSocketChannel;
import io.epoll4j.netty.Epoll4jSocketChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * The transports Netty's socket tests run on here: every test runs with an epoll4j server and
 * an epoll4j client, an epoll4j server and a NIO client, and a NIO server and an epoll4j
 * client (NIO with NIO is Netty's own business). Datagram tests pair every combination of
 * epoll4j and NIO sockets of the test's family; Unix domain socket tests run epoll4j with
 * epoll4j.
 */
final class Epoll4jSocketTestPermutation extends SocketTestPermutation {
    static final Epoll4jSocketTestPermutation INSTANCE = new Epoll4jSocketTestPermutation();

    static final EventLoopGroup EPOLL4J_GROUP = new MultiThreadIoEventLoopGroup(NUM_THREADS,
            new DefaultThreadFactory("testsuite-epoll4j", true), Epoll4jIoHandler.newFactory());

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> list = combo(serverSocket(), clientSocket());
        list.removeLast(); // NIO x NIO
        return list;
    }

    /** {@link #socket()} plus an epoll4j server with a TCP Fast Open queue and an epoll4j client that asks for it. */
    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socketWithFastOpen() {
        List<BootstrapFactory<ServerBootstrap>> servers = serverSocket();
        servers.add(1, named("Epoll4jServerSocketChannel(TCP_FASTOPEN=5)", () -> new ServerBootstrap()
                .group(EPOLL4J_GROUP).channel(Epoll4jServerSocketChannel.class).option(ChannelOption.TCP_FASTOPEN, 5)));
        List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> list = combo(servers, clientSocketWithFastOpen());
        list.removeLast(); // NIO x NIO
        return list;
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> list = new ArrayList<>();
        list.add(named("Epoll4jServerSocketChannel",
                () -> new ServerBootstrap().group(EPOLL4J_GROUP).channel(Epoll4jServerSocketChannel.class)));
        list.add(named("NioServerSocketChannel",
                () -> new ServerBootstrap().group(NIO_GROUP).channel(NioServerSocketChannel.class)));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(named("Epoll4jSocketChannel",
                () -> new Bootstrap().group(EPOLL4J_GROUP).channel(Epoll4jSocketChannel.class)));
        list.add(named("NioSocketChannel", () -> new Bootstrap().group(NIO_GROUP).channel(NioSocketChannel.class)));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocketWithFastOpen() {
        List<BootstrapFactory<Bootstrap>> list = clientSocket();
        list.add(1, named("Epoll4jSocketChannel(TCP_FASTOPEN_CONNECT)", () -> new Bootstrap().group(EPOLL4J_GROUP)
                .channel(Epoll4jSocketChannel.class).option(ChannelOption.TCP_FASTOPEN_CONNECT, true)));
        return list;
    }

    @Override
    public List<BootstrapComboFactory<Bootstrap, Bootstrap>> datagram(SocketProtocolFamily family) {
        List<BootstrapFactory<Bootstrap>> list = List.of(
                named("NioDatagramChannel(" + family + ")", () -> new Bootstrap().group(NIO_GROUP)
                        .channelFactory(factory("NioDatagramChannel", () -> new NioDatagramChannel(family)))),
                named("Epoll4jDatagramChannel(" + family + ")", () -> new Bootstrap().group(EPOLL4J_GROUP)
                        .channelFactory(factory("Epoll4jDatagramChannel", () -> new Epoll4jDatagramChannel(family)))));
        return combo(list, list);
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> datagramSocket() {
        return List.of(named("Epoll4jDatagramChannel",
                () -> new Bootstrap().group(EPOLL4J_GROUP).channel(Epoll4jDatagramChannel.class)));
    }

    /** Unix domain stream sockets: epoll4j on both sides (NIO has no DomainSocketAddress). */
    List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> domainSocket() {
        return combo(
                List.of(named("Epoll4jServerDomainSocketChannel", () -> new ServerBootstrap().group(EPOLL4J_GROUP)
                        .channel(Epoll4jServerDomainSocketChannel.class))),
                List.of(named("Epoll4jDomainSocketChannel", () -> new Bootstrap().group(EPOLL4J_GROUP)
                        .channel(Epoll4jDomainSocketChannel.class))));
    }

    /** A fresh socket path in the temporary directory, not yet in use. */
    static DomainSocketAddress newDomainSocketAddress() {
        try {
            Path dir = Files.createTempDirectory("epoll4j-uds");
            dir.toFile().deleteOnExit();
            Path socket = dir.resolve("s");
            socket.toFile().deleteOnExit();
            return new DomainSocketAddress(socket.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <B extends io.netty.bootstrap.AbstractBootstrap<?, ?>> BootstrapFactory<B> named(
            String name, java.util.function.Supplier<B> supplier) {
        return new BootstrapFactory<>() {
            @Override
            public B newInstance() {
                return supplier.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static ChannelFactory<Channel> factory(String name, java.util.function.Supplier<Channel> supplier) {
        return new ChannelFactory<>() {
            @Override
            public Channel newChannel() {
                return supplier.get();
            }

            @Override
            public String toString() {
                return name + ".class";
            }
        };
    }
}
