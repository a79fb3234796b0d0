/**
 * Netty 4.2 on epoll4j: an {@link io.netty.channel.IoHandler} and channels, no JNI.
 *
 * {@snippet :
 * // The two lines that differ from a Netty NIO or epoll server:
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(Epoll4jIoHandler.newFactory());
 * new ServerBootstrap().group(group).channel(Epoll4jServerSocketChannel.class)
 *         .childHandler(initializer).bind(8080).sync();
 * }
 *
 * <p>The I/O SPI: {@link io.epoll4j.netty.Epoll4jIoHandler} drives
 * {@link io.epoll4j.netty.Epoll4jIoHandle}s with {@link io.epoll4j.netty.Epoll4jIoOps} (interest
 * and trigger) and delivers {@link io.epoll4j.netty.Epoll4jIoEvent}s through an
 * {@link io.epoll4j.netty.Epoll4jIoRegistration}.
 */
package io.epoll4j.netty;
