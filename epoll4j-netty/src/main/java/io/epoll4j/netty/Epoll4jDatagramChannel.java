package io.epoll4j.netty;

import io.epoll4j.fd.Datagram;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.UdpSocket;
import io.epoll4j.poll.Interest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.internal.StringUtil;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;

/**
 * A UDP socket on epoll4j, IPv4 or IPv6: the {@link DatagramChannel} of this transport, for
 * unicast. Reads are {@link DatagramPacket}s (recvmsg, one datagram each); writes take
 * {@link DatagramPacket}s, {@link AddressedEnvelope}s of a {@link ByteBuf}, or a plain
 * {@link ByteBuf} once connected.
 *
 * {@snippet :
 * Channel udp = new Bootstrap()
 *         .group(group)
 *         .channel(Epoll4jDatagramChannel.class)
 *         .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
 *             protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
 *                 ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
 *             }
 *         })
 *         .bind(new InetSocketAddress("127.0.0.1", 9999)).sync().channel();
 * }
 *
 * <p>Multicast (joinGroup, leaveGroup, block, the IP_MULTICAST_* options) is not supported:
 * those calls fail with {@link UnsupportedOperationException}. An ICMP port unreachable for an
 * earlier datagram of a connected channel arrives as a {@link java.net.PortUnreachableException}.
 */
public final class Epoll4jDatagramChannel extends AbstractEpoll4jChannel implements DatagramChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(true, 16);
    private static final MemorySegment EMPTY = MemorySegment.ofBuffer(java.nio.ByteBuffer.allocateDirect(0));

    private final StandardProtocolFamily family;
    private final Epoll4jDatagramChannelConfig config;
    private volatile boolean connected;
    // An error (SO_ERROR) that came while nobody was reading: the next write reports it.
    private int pendingError;

    /** A dual-stack IPv6 socket (IPv4 on a kernel without IPv6). */
    public Epoll4jDatagramChannel() {
        this(InetAddresses.DEFAULT_FAMILY);
    }

    /** A socket of {@code family} ({@code INET} or {@code INET6}). */
    public Epoll4jDatagramChannel(SocketProtocolFamily family) {
        this(InetAddresses.ipFamily(family, "UDP is INET or INET6"));
    }

    /** A socket of {@code family}. */
    public Epoll4jDatagramChannel(StandardProtocolFamily family) {
        super(null, InetAddresses.openDualStack(UdpSocket::open, family, "a UDP socket"), Interest.NONE, false);
        this.family = family;
        this.config = new Epoll4jDatagramChannelConfig(this, InetAddresses.isIpv6(family));
    }

    private UdpSocket udp() {
        return (UdpSocket) socket;
    }

    @Override
    public Epoll4jDatagramChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return isOpen() && (active || config.isActiveOnOpen() && isRegistered());
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        udp().bindLocal(InetAddresses.forSocket(localAddress, family));
        local = udp().localAddress();
        active = true;
    }

    @Override
    protected void doDisconnect() throws Exception {
        udp().disconnect();
        connected = false;
        remote = null;
        // The kernel may have moved the local address off the connected route's one.
        local = udp().localAddress();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof DatagramPacket packet) {
            ByteBuf content = packet.content();
            ByteBuf d = direct(content);
            return d == content ? packet : new DatagramPacket(d, packet.recipient());
        }
        if (msg instanceof ByteBuf buf) {
            if (!connected) {
                throw new java.nio.channels.NotYetConnectedException();
            }
            return direct(buf);
        }
        if (msg instanceof AddressedEnvelope<?, ?> envelope && envelope.content() instanceof ByteBuf content
                && (envelope.recipient() == null || envelope.recipient() instanceof InetSocketAddress)) {
            ByteBuf d = direct(content);
            @SuppressWarnings("unchecked")
            AddressedEnvelope<ByteBuf, InetSocketAddress> e = (AddressedEnvelope<ByteBuf, InetSocketAddress>) envelope;
            return d == content ? e : new DefaultAddressedEnvelope<>(d, e.recipient());
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + " (expected DatagramPacket, AddressedEnvelope<ByteBuf, InetSocketAddress> or ByteBuf)");
    }

    /** One datagram is one contiguous native buffer. */
    private ByteBuf direct(ByteBuf buf) {
        return buf.isDirect() && buf.nioBufferCount() == 1 ? buf : StreamWriter.toDirect(alloc(), buf);
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        int budget = maxMessagesPerWrite();
        while (budget > 0) {
            Object msg = in.current();
            if (msg == null) {
                removeInterest(Interest.WRITABLE);
                return;
            }
            ByteBuf data;
            InetSocketAddress to;
            if (msg instanceof AddressedEnvelope<?, ?> envelope) {
                data = (ByteBuf) envelope.content();
                to = (InetSocketAddress) envelope.recipient();
            } else {
                data = (ByteBuf) msg;
                to = null;
            }
            try {
                if (pendingError != 0) {
                    int errno = pendingError;
                    pendingError = 0;
                    throw new ErrnoException(to == null ? "send(" + remote + ")" : "sendmsg(" + to + ")", errno);
                }
                if (!send(data, to)) {
                    addInterest(Interest.WRITABLE);
                    return;
                }
                in.remove();
            } catch (ErrnoException e) {
                // One bad datagram fails its own promise; the rest go on (as in Netty's transports).
                in.remove(Errors.datagram(e));
            } catch (RuntimeException e) {
                // NotYetConnectedException, an unresolved recipient: this datagram only.
                in.remove(e);
            }
            budget--;
        }
        if (!in.isEmpty()) {
            // Give other channels a turn; EPOLLOUT brings us back.
            addInterest(Interest.WRITABLE);
        }
    }

    private boolean send(ByteBuf data, InetSocketAddress to) throws ErrnoException {
        MemorySegment segment = data.readableBytes() == 0 ? EMPTY
                : ByteBufMemory.DEFAULT.segment(data, data.readerIndex(), data.readableBytes());
        if (to == null) {
            if (!connected) {
                throw new java.nio.channels.NotYetConnectedException();
            }
            return udp().send(segment);
        }
        return udp().sendTo(segment, InetAddresses.forSocket(to, family));
    }

    @Override
    protected AbstractEpoll4jUnsafe newUnsafe() {
        return new DatagramUnsafe();
    }

    private final class DatagramUnsafe extends AbstractEpoll4jUnsafe {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            try {
                boolean wasActive = isActive();
                if (localAddress != null) {
                    doBind(localAddress);
                }
                InetSocketAddress to = InetAddresses.forSocket(remoteAddress, family);
                udp().connect(to);
                remote = remoteAddress;
                local = udp().localAddress();
                connected = true;
                active = true;
                promise.setSuccess();
                if (!wasActive && isActive()) {
                    pipeline().fireChannelActive();
                }
            } catch (Throwable t) {
                promise.setFailure(t instanceof ErrnoException e ? Errors.connectFailed(e, remoteAddress) : t);
                closeIfClosed();
            }
        }

        @Override
        void writeReady() {
            super.flush0();
        }

        @Override
        protected void flush0() {
            if (!hasInterest(Interest.WRITABLE)) {
                super.flush0();
            }
        }

        @Override
        void readReady() {
            if (!hasInterest(Interest.READABLE)) {
                // EPOLLERR while nobody reads (an ICMP error for a connected socket): take the
                // error off the socket, or the level-triggered event would repeat, and let
                // the next write report it.
                try {
                    pendingError = socket.pendingError();
                } catch (ErrnoException e) {
                    pipeline().fireExceptionCaught(e);
                }
                return;
            }
            Epoll4jDatagramChannelConfig cfg = config();
            Epoll4jRecvHandle handle = recvBufAllocHandle();
            ChannelPipeline pipeline = pipeline();
            handle.reset(cfg);
            Throwable failure = null;
            boolean maybeMore = false;
            try {
                do {
                    ByteBuf buf = handle.allocate(cfg.getAllocator());
                    if (!buf.isDirect()) {
                        buf.release();
                        buf = cfg.getAllocator().directBuffer(handle.guess());
                    }
                    int writable = buf.writableBytes();
                    handle.attemptedBytesRead(writable);
                    Datagram datagram;
                    try {
                        datagram = udp().receive(ByteBufMemory.DEFAULT.segment(buf, buf.writerIndex(), writable));
                    } catch (ErrnoException | RuntimeException e) {
                        buf.release();
                        throw e;
                    }
                    if (datagram == null) {
                        buf.release();
                        handle.lastBytesRead(0);
                        break;
                    }
                    buf.writerIndex(buf.writerIndex() + (int) datagram.length());
                    // A datagram read counts as one message whatever its size: go on while the budget lasts.
                    handle.lastBytesRead(writable);
                    handle.incMessagesRead(1);
                    readPending = false;
                    pipeline.fireChannelRead(new DatagramPacket(buf, Epoll4jDatagramChannel.this.localAddress(), datagram.sender()));
                } while (handle.continueReading() && isOpen());
                maybeMore = handle.lastBytesRead() > 0;
            } catch (Throwable t) {
                failure = t instanceof ErrnoException e ? Errors.datagram(e) : t;
            }
            handle.readComplete();
            pipeline.fireChannelReadComplete();
            if (failure != null) {
                pipeline.fireExceptionCaught(failure);
            }
            readIncomplete(maybeMore);
        }
    }

    private static ChannelFuture unsupported(ChannelPromise promise) {
        return promise.setFailure(new UnsupportedOperationException("multicast is not supported by epoll4j's "
                + "datagram channel (unicast only)"));
    }

    @Override
    public ChannelFuture joinGroup(InetAddress group) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress group, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress group, NetworkInterface ni) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress group, NetworkInterface ni, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture joinGroup(InetAddress group, NetworkInterface ni, InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress group, NetworkInterface ni, InetAddress source, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress group) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress group, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress group, NetworkInterface ni) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress group, NetworkInterface ni, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress group, NetworkInterface ni, InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress group, NetworkInterface ni, InetAddress source,
                                    ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture block(InetAddress group, NetworkInterface ni, InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress group, NetworkInterface ni, InetAddress source, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture block(InetAddress group, InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress group, InetAddress source, ChannelPromise promise) {
        return unsupported(promise);
    }
}
