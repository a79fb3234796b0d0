package io.epoll4j.fd;

import io.epoll4j.sys.SockAddr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A reusable {@code struct sockaddr_storage}: where a datagram receive writes its sender, and
 * where a send reads its destination, with no address object per datagram.
 *
 * {@snippet :
 * void echo(UdpSocket socket, MemorySegment buffer) throws ErrnoException {
 *     PeerAddress from = PeerAddress.allocate();
 *     long n;
 *     while ((n = socket.receive(buffer, from)) >= 0) {      // -1: nothing queued
 *         socket.sendTo(buffer.asSlice(0, n), from);         // echo, allocating nothing
 *     }
 *     InetSocketAddress who = from.toInetSocketAddress();    // an object only when asked for
 * }
 * }
 *
 * <p>Holds an IPv4 ({@code sockaddr_in}) or IPv6 ({@code sockaddr_in6}) address, or nothing
 * until the first receive or {@link #set}. Not thread-safe: one per receiving thread.
 */
public final class PeerAddress {
    private final MemorySegment storage;
    private int length;

    private PeerAddress(MemorySegment storage) {
        this.storage = storage;
    }

    /** An empty holder in memory the garbage collector frees. */
    public static PeerAddress allocate() {
        return new PeerAddress(Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE, 8));
    }

    /**
     * Sets the address, as a send to it needs.
     *
     * @throws IllegalArgumentException for an unresolved address
     */
    public PeerAddress set(InetSocketAddress address) {
        length = Addresses.encode(address, storage);
        return this;
    }

    /** Whether it holds an address yet. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** Whether the address is IPv6 (a {@code sockaddr_in6}); false for IPv4 or empty. */
    public boolean isInet6() {
        return length > 0 && SockAddr.family(storage) == SockAddr.AF_INET6;
    }

    /** The port, or 0 when empty. */
    public int port() {
        return length == 0 ? 0 : SockAddr.port(storage);
    }

    /**
     * Whether it holds the same address and port as {@code other}, compared in place: a sender
     * can be recognised without decoding it.
     */
    public boolean matches(InetSocketAddress other) {
        if (length == 0 || other.isUnresolved()) {
            return false;
        }
        byte[] ip = other.getAddress().getAddress();
        return port() == other.getPort() && java.util.Arrays.equals(ip, SockAddr.inetAddress(storage));
    }

    /** The address as a Java object (allocates); null when empty. */
    public InetSocketAddress toInetSocketAddress() {
        return length == 0 ? null : Addresses.decodeInet(storage);
    }

    /** The sockaddr itself, for a call. */
    MemorySegment storage() {
        return storage;
    }

    /** Its length in bytes, for a call that reads it. */
    int length() {
        return length;
    }

    /** After a receive: how many bytes of {@link #storage()} the kernel wrote. */
    void received(int length) {
        this.length = length;
    }

    @Override
    public String toString() {
        SocketAddress address = toInetSocketAddress();
        return address == null ? "PeerAddress[empty]" : "PeerAddress[" + address + "]";
    }
}
