/**
 * A Netty 4.2 transport on epoll4j: an {@link io.netty.channel.IoHandler} over epoll4j's poller
 * and channels over its sockets, so a Netty application runs on epoll without JNI or a native
 * library.
 *
 * <p>The core module needs native access; this one makes no downcall but, given native access
 * too ({@code --enable-native-access=io.epoll4j.core,io.epoll4j.netty}), passes direct buffers
 * to the kernel by address instead of through a NIO view per buffer.
 */
module io.epoll4j.netty {
    requires transitive io.epoll4j.core;
    requires transitive io.netty.transport;
    requires transitive io.netty.transport.unix.common;
    requires io.netty.buffer;
    requires io.netty.common;
    exports io.epoll4j.netty;
}
