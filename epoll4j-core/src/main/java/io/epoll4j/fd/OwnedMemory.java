package io.epoll4j.fd;

import io.epoll4j.sys.Native;
import io.epoll4j.sys.Stdlib;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native memory freed when it is closed, or by the garbage collector if it never is: for
 * buffers that come and go with the requests of a connection, whose memory has to be given
 * back when they go, not when the heap next fills.
 *
 * {@snippet :
 * OwnedMemory memory = OwnedMemory.allocate(64 * 1024);
 * MemorySegment bytes = memory.segment();   // zeroed; usable by this thread only
 * bytes.set(ValueLayout.JAVA_BYTE, 0, (byte) 'x');
 * memory.close();                            // freed now; bytes.get(...) would throw IllegalStateException
 * }
 *
 * <h2>Why not an arena</h2>
 * Memory of {@link Arena#ofAuto()} is freed only once the collector finds its segments
 * unreachable. A server that allocates nothing per request may not collect for a long time,
 * and a peer that makes it buffer large requests over and over grows it by their size each
 * time meanwhile (2,000 bodies of 1 MB grew {@code epoll4j serve} from 105 MB to 2 GB, when
 * its parser's buffers came from automatic arenas). A confined arena frees at {@link Arena#close()}, but memory whose
 * owner forgets to close it is lost for good. This is both: a {@link #close()} frees at once,
 * and memory never closed is freed by the collector once neither this object nor any
 * segment of it is reachable.
 *
 * <h2>Safety</h2>
 * The segment is confined to the thread that allocated it, as a confined arena's are, and
 * every segment derived from it becomes inaccessible at {@link #close()}: an access after
 * that throws {@link IllegalStateException} and never reads memory the C library has given to
 * someone else. Only the owner thread can close it ({@link WrongThreadException} otherwise,
 * and nothing is freed); closing twice does nothing.
 */
public final class OwnedMemory implements AutoCloseable {
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread t = new Thread(task, "epoll4j-memory-cleaner");
        t.setDaemon(true);
        return t;
    });

    /** Frees one allocation once: run by {@link #close()}, or by the cleaner if it never is. */
    private record Free(long address, long bytes) implements Runnable {
        @Override
        public void run() {
            Stdlib.free(address);
            LIVE_BYTES.addAndGet(-bytes);
        }
    }

    /** What makes the segment and its slices inaccessible at close: its scope is theirs. */
    private final Arena arena;
    private final MemorySegment segment;
    private final Cleaner.Cleanable free;

    private OwnedMemory(Arena arena, MemorySegment segment, Cleaner.Cleanable free) {
        this.arena = arena;
        this.segment = segment;
        this.free = free;
    }

    /**
     * {@code byteSize} zeroed bytes, aligned to 16, owned by the calling thread.
     *
     * @throws IllegalArgumentException if {@code byteSize} is negative
     * @throws OutOfMemoryError         if the C library has no memory to give
     */
    public static OwnedMemory allocate(long byteSize) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize must not be negative: " + byteSize);
        }
        Native.requireNativeAccess();
        long address = Stdlib.calloc(Math.max(byteSize, 1));
        if (address == 0) {
            throw new OutOfMemoryError("calloc of " + byteSize + " bytes failed");
        }
        LIVE_BYTES.addAndGet(byteSize);
        Arena arena = Arena.ofConfined();
        MemorySegment segment = MemorySegment.ofAddress(address).reinterpret(byteSize, arena, null);
        // Registered on the scope, which the arena and every segment of it reach, and which
        // the action does not: so the collector runs it only when none of them is left.
        Cleaner.Cleanable free = CLEANER.register(arena.scope(), new Free(address, byteSize));
        return new OwnedMemory(arena, segment, free);
    }

    /** The memory; inaccessible once closed. */
    public MemorySegment segment() {
        return segment;
    }

    /** The size in bytes. */
    public long byteSize() {
        return segment.byteSize();
    }

    /** Whether it has not been closed yet. */
    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    /**
     * Frees the memory now: its segments become inaccessible first. Closing again does nothing.
     *
     * @throws WrongThreadException from a thread other than the one that allocated it (nothing is freed)
     */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();   // throws WrongThreadException before anything is freed
            free.clean();
        }
    }

    /** Bytes allocated through this class and not freed yet, by a close or by the collector. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }
}
