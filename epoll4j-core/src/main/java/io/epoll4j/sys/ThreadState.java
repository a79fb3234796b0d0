package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The native memory one thread's calls use: the errno capture segment, and scratch for the
 * short-lived arguments of a single call (a timespec, a socklen_t, an option value, a
 * sockaddr_storage, a msghdr, an iovec array). Sliced once, so no call allocates.
 *
 * <p>A loop thread ({@link NativeThread}) carries its own; any other thread gets one from a
 * {@code ThreadLocal} on its first call. Never shared: a capture segment written by two
 * threads would hand one thread the other's errno.
 */
final class ThreadState {
    /** The size of {@link #scratch}: enough for a timespec pair, a pollfd, an epoll_event. */
    static final long SCRATCH_SIZE = 64;
    /** How many buffers one scattering or gathering call takes from {@link #iov}. */
    static final int IOV_BATCH = 64;

    final MemorySegment errno;
    final MemorySegment scratch;
    final MemorySegment addr;
    final MemorySegment len;
    final MemorySegment opt;
    final MemorySegment msghdr;
    final MemorySegment iov;

    ThreadState(StructLayout capture) {
        Arena arena = Arena.ofAuto();
        errno = arena.allocate(capture);
        long total = SCRATCH_SIZE + SockAddr.STORAGE_SIZE + 8 + 8 + MsgHdr.SIZE + IOV_BATCH * IoVec.SIZE;
        MemorySegment all = arena.allocate(total, 16);
        long at = 0;
        scratch = all.asSlice(at, SCRATCH_SIZE);
        addr = all.asSlice(at += SCRATCH_SIZE, SockAddr.STORAGE_SIZE);
        len = all.asSlice(at += SockAddr.STORAGE_SIZE, 8);
        opt = all.asSlice(at += 8, 8);
        msghdr = all.asSlice(at += 8, MsgHdr.SIZE);
        iov = all.asSlice(at + MsgHdr.SIZE, IOV_BATCH * IoVec.SIZE);
    }
}
