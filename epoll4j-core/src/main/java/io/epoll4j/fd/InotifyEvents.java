package io.epoll4j.fd;

import io.epoll4j.sys.InotifyCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An off-heap buffer that {@link Inotify#read} fills with {@code struct inotify_event}
 * records, read with a cursor; nothing is allocated except a name's {@code String}, and only
 * when {@link #name()} asks for it.
 *
 * {@snippet :
 * try (InotifyEvents events = InotifyEvents.allocate()) {
 *     while (inotify.read(events) > 0) {
 *         while (events.next()) {
 *             if ((events.mask() & Inotify.IN_Q_OVERFLOW) != 0) {
 *                 rescanEverything();                    // events were lost
 *             } else if (events.hasName()) {
 *                 changed(events.wd(), events.name());   // an entry of a watched directory
 *             }
 *         }
 *     }
 * }
 * }
 *
 * <p>Each record is a 16-byte header (wd, mask, cookie, len) and {@code len} bytes of name,
 * NUL-terminated and padded; see inotify(7). One buffer is used by one thread at a time.
 */
public final class InotifyEvents implements AutoCloseable {
    /** The smallest buffer that can hold any one event: a header and a name of NAME_MAX bytes and a NUL. */
    public static final int MIN_CAPACITY = InotifyCalls.EVENT_HEADER_SIZE + InotifyCalls.NAME_MAX + 1;
    /** The default capacity: room for about 100 events with names, or 4096 without. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private static final int HEADER = InotifyCalls.EVENT_HEADER_SIZE;

    private final Arena arena;
    private final MemorySegment buffer;
    private int limit;
    private int count;
    private int cursor = -1;   // offset of the current record, -1 before the first
    private int next;          // offset of the record after it

    private InotifyEvents(int capacity) {
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("an inotify buffer needs at least " + MIN_CAPACITY
                    + " bytes (read(2) gives EINVAL below that): " + capacity);
        }
        this.arena = Arena.ofShared();
        this.buffer = arena.allocate(capacity, 8);
    }

    /** A buffer of {@link #DEFAULT_CAPACITY} bytes. */
    public static InotifyEvents allocate() {
        return new InotifyEvents(DEFAULT_CAPACITY);
    }

    /** A buffer of {@code capacity} bytes, at least {@link #MIN_CAPACITY}. */
    public static InotifyEvents allocate(int capacity) {
        return new InotifyEvents(capacity);
    }

    /** The size of the buffer in bytes. */
    public int capacity() {
        return (int) buffer.byteSize();
    }

    /** How many events the last read returned. */
    public int count() {
        return count;
    }

    /** How many bytes the last read returned. */
    public int bytes() {
        return limit;
    }

    /** Advances the cursor to the next event of the last read; false when none is left. */
    public boolean next() {
        if (next >= limit) {
            cursor = limit;
            return false;
        }
        cursor = next;
        next = cursor + HEADER + buffer.get(JAVA_INT, cursor + InotifyCalls.OFFSET_LEN);
        return true;
    }

    /** The watch descriptor at the cursor; -1 for {@link Inotify#IN_Q_OVERFLOW}. */
    public int wd() {
        return buffer.get(JAVA_INT, checkCursor() + InotifyCalls.OFFSET_WD);
    }

    /** The event mask at the cursor: one event bit, perhaps with {@link Inotify#IN_ISDIR} and others. */
    public int mask() {
        return buffer.get(JAVA_INT, checkCursor() + InotifyCalls.OFFSET_MASK);
    }

    /** The cookie at the cursor, the same for the IN_MOVED_FROM and IN_MOVED_TO of one rename; else 0. */
    public int cookie() {
        return buffer.get(JAVA_INT, checkCursor() + InotifyCalls.OFFSET_COOKIE);
    }

    /** Whether the event at the cursor names an entry of a watched directory. */
    public boolean hasName() {
        return buffer.get(JAVA_INT, checkCursor() + InotifyCalls.OFFSET_LEN) > 0;
    }

    /** Whether the event at the cursor has {@code bit} in its mask. */
    public boolean is(int bit) {
        return (mask() & bit) != 0;
    }

    /**
     * The name of the entry at the cursor, relative to the watched directory, decoded as UTF-8;
     * {@code null} when the event is about the watched object itself.
     */
    public String name() {
        int at = checkCursor();
        int len = buffer.get(JAVA_INT, at + InotifyCalls.OFFSET_LEN);
        if (len == 0) {
            return null;
        }
        int start = at + HEADER;
        int end = start;
        while (end < start + len && buffer.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        MemorySegment.copy(buffer, JAVA_BYTE, start, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the name at the cursor is {@code name}, without allocating for ASCII names. */
    public boolean nameEquals(String name) {
        int at = checkCursor();
        int len = buffer.get(JAVA_INT, at + InotifyCalls.OFFSET_LEN);
        if (len == 0) {
            return false;
        }
        int start = at + HEADER;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return name.equals(name());
            }
            if (i >= len || buffer.get(JAVA_BYTE, start + i) != (byte) c) {
                return false;
            }
        }
        return name.length() == len || buffer.get(JAVA_BYTE, start + name.length()) == 0;
    }

    /** The native buffer, for the read call. */
    MemorySegment segment() {
        return buffer;
    }

    /** Records a read of {@code n} bytes, counts its events and rewinds the cursor; returns the count. */
    int filled(int n) {
        limit = n;
        cursor = -1;
        next = 0;
        int events = 0;
        for (int at = 0; at < n; at += HEADER + buffer.get(JAVA_INT, at + InotifyCalls.OFFSET_LEN)) {
            events++;
        }
        count = events;
        return events;
    }

    private int checkCursor() {
        if (cursor < 0 || cursor >= limit) {
            throw new IllegalStateException("the cursor is not on an event: call next() first");
        }
        return cursor;
    }

    /** Frees the native buffer; it must not be in use by a read. */
    @Override
    public void close() {
        arena.close();
    }
}
