package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.MsgHdr;
import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * A UDP socket over IPv4 or IPv6 (udp(7)): datagrams to and from any address, or, once
 * {@linkplain #connect connected}, to and from one peer.
 *
 * {@snippet :
 * try (UdpSocket server = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
 *      UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
 *      Arena arena = Arena.ofConfined()) {
 *     client.sendTo(arena.allocateFrom("ping"), server.localAddress());
 *     MemorySegment buf = arena.allocate(1500);
 *     Datagram d = server.receive(buf);             // null if nothing has arrived yet
 * }
 * }
 *
 * <p>Sends and receives never block: a send the kernel cannot queue returns false, a receive
 * with nothing queued returns null or 0. On a connected socket an ICMP error from the peer
 * (no one listening) shows up as ECONNREFUSED on a later send or receive.
 */
public final class UdpSocket extends SocketFd {
    private UdpSocket(int fd) {
        super(fd);
    }

    /** A new, unbound UDP socket of {@code family} ({@code INET} or {@code INET6}). */
    public static UdpSocket open(StandardProtocolFamily family) throws ErrnoException {
        return new UdpSocket(open(switch (family) {
            case INET -> SockAddr.AF_INET;
            case INET6 -> SockAddr.AF_INET6;
            case UNIX -> throw new IllegalArgumentException("UDP is INET or INET6");
        }, SocketCalls.SOCK_DGRAM));
    }

    /** Opens a socket of the address's family and binds it to {@code local} (port 0: any). */
    public static UdpSocket bind(InetSocketAddress local) throws ErrnoException {
        UdpSocket socket = new UdpSocket(open(Addresses.family(local), SocketCalls.SOCK_DGRAM));
        try {
            socket.bindTo(local);
            return socket;
        } catch (ErrnoException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Binds this socket to {@code local}. */
    public void bindLocal(InetSocketAddress local) throws ErrnoException {
        bindTo(local);
    }

    /** Sets the default destination and accepts datagrams from {@code remote} only. */
    public void connect(InetSocketAddress remote) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = Addresses.encode(remote, sockaddr);
            ErrnoException.check(SocketCalls.connect(n, sockaddr, len), "connect(fd " + n + " to " + Addresses.describe(remote) + ")");
        } finally {
            release();
        }
    }

    /**
     * Dissolves the association {@link #connect} made (connect(2) to an {@code AF_UNSPEC}
     * address): datagrams from anyone are received again, and a send needs an address. A
     * port the kernel chose (bound as port 0) is given up too, as udp(7) disconnects do, and
     * the next send picks a new one; bind to a port by number to keep it.
     */
    public void disconnect() throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = SockAddr.setUnspec(sockaddr);
            int r = SocketCalls.connect(n, sockaddr, len);
            // udp(7): some kernels report EAFNOSUPPORT for the dissolving connect, after doing it.
            if (r < 0 && r != -Errno.EAFNOSUPPORT) {
                throw new ErrnoException("connect(fd " + n + ", AF_UNSPEC)", -r);
            }
        } finally {
            release();
        }
    }

    /** The peer {@link #connect} set (getpeername(2)); ENOTCONN when not connected. */
    public InetSocketAddress peerAddress() throws ErrnoException {
        int n = acquire();
        try {
            int len = ErrnoException.check(SocketCalls.getpeername(n), "getpeername(fd " + n + ")");
            return (InetSocketAddress) Addresses.decode(SocketCalls.addressScratch(), len);
        } finally {
            release();
        }
    }

    /**
     * Sends {@code src} as one datagram to {@code target} (sendto(2), made as sendmsg(2) with
     * the address as its name).
     *
     * @return false if it would block (the send buffer is full)
     * @throws ErrnoException EMSGSIZE if larger than a datagram can be
     */
    public boolean sendTo(MemorySegment src, InetSocketAddress target) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = Addresses.encode(target, sockaddr);
            MemorySegment msg = SocketCalls.datagramScratch(sockaddr, len, requireNative(src), src.byteSize());
            try {
                return Syscall.result(SocketCalls.sendmsg(n, msg, SocketCalls.MSG_NOSIGNAL), "sendmsg", this, n)
                        != Syscall.WOULD_BLOCK;
            } catch (ErrnoException e) {
                throw new ErrnoException("sendmsg(fd " + n + " to " + Addresses.describe(target) + ")", e.errno());
            }
        } finally {
            release();
        }
    }

    /** Sends {@code src} as one datagram to the connected peer; false if it would block. */
    public boolean send(MemorySegment src) throws ErrnoException {
        int n = acquire();
        try {
            long r = SocketCalls.send(n, requireNative(src), src.byteSize(), SocketCalls.MSG_NOSIGNAL);
            return Syscall.result(r, "send", this, n) != Syscall.WOULD_BLOCK;
        } finally {
            release();
        }
    }

    /**
     * Receives one datagram into {@code dst} and tells who sent it (recvfrom(2), made as
     * recvmsg(2)). Allocates the sender's address; {@link #receive(MemorySegment, PeerAddress)}
     * does not.
     *
     * @return the length and sender, or null if none is queued
     */
    public Datagram receive(MemorySegment dst) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            MemorySegment msg = SocketCalls.datagramScratch(sockaddr, SockAddr.STORAGE_SIZE, requireNative(dst),
                    dst.byteSize());
            long r = Syscall.result(SocketCalls.recvmsg(n, msg, 0), "recvmsg", this, n);
            return r == Syscall.WOULD_BLOCK ? null : new Datagram(r, Addresses.decodeInet(sockaddr));
        } finally {
            release();
        }
    }

    /**
     * Receives one datagram into {@code dst} and its sender into {@code from} (recvfrom(2),
     * made as recvmsg(2)), allocating nothing.
     *
     * @return its length (which may be 0 for an empty datagram), or -1 if none is queued; the
     *         rest of a datagram larger than {@code dst} is lost
     */
    public long receive(MemorySegment dst, PeerAddress from) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment msg = SocketCalls.datagramScratch(from.storage(), SockAddr.STORAGE_SIZE,
                    requireNative(dst), dst.byteSize());
            long r = Syscall.result(SocketCalls.recvmsg(n, msg, 0), "recvmsg", this, n);
            if (r != Syscall.WOULD_BLOCK) {
                from.received(MsgHdr.nameLength(msg));
            }
            return r;
        } finally {
            release();
        }
    }

    /**
     * Sends {@code src} as one datagram to the address in {@code to} (sendto(2), made as
     * sendmsg(2)), allocating nothing.
     *
     * @return false if it would block
     * @throws IllegalArgumentException if {@code to} is empty
     */
    public boolean sendTo(MemorySegment src, PeerAddress to) throws ErrnoException {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("sendTo an empty PeerAddress: receive into it or set it first");
        }
        int n = acquire();
        try {
            MemorySegment msg = SocketCalls.datagramScratch(to.storage(), to.length(), requireNative(src),
                    src.byteSize());
            long r = SocketCalls.sendmsg(n, msg, SocketCalls.MSG_NOSIGNAL);
            return Syscall.result(r, "sendmsg", this, n) != Syscall.WOULD_BLOCK;
        } finally {
            release();
        }
    }

    /**
     * Receives one datagram from the connected peer (recv(2)).
     *
     * @return its length (which may be 0 for an empty datagram), or -1 if none is queued
     */
    public long recv(MemorySegment dst) throws ErrnoException {
        int n = acquire();
        try {
            return Syscall.result(SocketCalls.recv(n, requireNative(dst), dst.byteSize(), 0), "recv", this, n);
        } finally {
            release();
        }
    }

    /** The bound address and port (getsockname(2)). */
    @Override
    public InetSocketAddress localAddress() throws ErrnoException {
        return (InetSocketAddress) super.localAddress();
    }
}
