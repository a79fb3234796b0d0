package io.epoll4j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.TimeUnit;

/**
 * An event loop group on the epoll4j transport for the tests of one class: started before
 * the first test, shut down (and waited for) after the last.
 *
 * {@snippet :
 * @RegisterExtension
 * static final Epoll4jGroup loops = new Epoll4jGroup(1);
 *
 * @Test
 * void echoes() throws Exception {
 *     Channel server = Channels.server(loops.group(), new Channels.Echo()).bind(Channels.LOOPBACK).sync().channel();
 * }
 * }
 */
final class Epoll4jGroup implements BeforeAllCallback, AfterAllCallback {
    private final int threads;
    private EventLoopGroup group;

    /** A group of {@code threads} loops. */
    Epoll4jGroup(int threads) {
        this.threads = threads;
    }

    /** The running group; only between the class's first and last test. */
    EventLoopGroup group() {
        if (group == null) {
            throw new IllegalStateException("the group runs only while the tests of its class do");
        }
        return group;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        group = new MultiThreadIoEventLoopGroup(threads, Epoll4jIoHandler.newFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        group = null;
    }
}
