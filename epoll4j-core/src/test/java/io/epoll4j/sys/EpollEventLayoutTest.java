package io.epoll4j.sys;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.Kernel;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.HashSet;
import java.util.Set;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** struct epoll_event: packed on x86-64, naturally aligned elsewhere; both written and read back. */
class EpollEventLayoutTest {

    @Test
    void packedIsTwelveBytesWithDataAtFour() {
        assertEquals(12, EpollEvent.PACKED.byteSize());
        assertEquals(4, EpollEvent.PACKED.byteOffset(groupElement("data")));
        assertEquals(0, EpollEvent.PACKED.byteOffset(groupElement("events")));
    }

    @Test
    void alignedIsSixteenBytesWithDataAtEight() {
        assertEquals(16, EpollEvent.ALIGNED.byteSize());
        assertEquals(8, EpollEvent.ALIGNED.byteOffset(groupElement("data")));
        assertEquals(0, EpollEvent.ALIGNED.byteOffset(groupElement("events")));
    }

    @Test
    void layoutFollowsTheArchitecture() {
        assertSame(EpollEvent.PACKED, EpollEvent.layoutFor("amd64"));
        assertSame(EpollEvent.PACKED, EpollEvent.layoutFor("x86_64"));
        assertSame(EpollEvent.ALIGNED, EpollEvent.layoutFor("aarch64"));
        assertSame(EpollEvent.ALIGNED, EpollEvent.layoutFor("riscv64"));
        assertSame(EpollEvent.layoutFor(System.getProperty("os.arch")), EpollEvent.LAYOUT);
        assertEquals(EpollEvent.LAYOUT.byteSize(), EpollEvent.SIZE);
        assertEquals(EpollEvent.SIZE, Kernel.epollEventSize());
        assertEquals(EpollEvent.DATA_OFFSET, Kernel.epollEventDataOffset());
    }

    @Test
    void packedArrayWrittenAndReadBackAtTheRightBytes() {
        roundTrip(EpollEvent.PACKED);
    }

    @Test
    void alignedArrayWrittenAndReadBackAtTheRightBytes() {
        roundTrip(EpollEvent.ALIGNED);
    }

    /** Writes three elements through the layout, checks every byte lands where C puts it, reads back. */
    private static void roundTrip(StructLayout layout) {
        long size = layout.byteSize();
        long dataAt = layout.byteOffset(groupElement("data"));
        var array = MemoryLayout.sequenceLayout(3, layout);
        VarHandle events = array.varHandle(sequenceElement(), groupElement("events"));
        VarHandle data = array.varHandle(sequenceElement(), groupElement("data"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(array);
            for (long i = 0; i < 3; i++) {
                events.set(seg, 0L, i, (int) (0xE0 + i));
                data.set(seg, 0L, i, 0x1122_3344_5566_7700L + i);
            }
            for (long i = 0; i < 3; i++) {
                assertEquals((int) (0xE0 + i), seg.get(JAVA_INT_UNALIGNED, i * size));
                assertEquals(0x1122_3344_5566_7700L + i, seg.get(JAVA_LONG_UNALIGNED, i * size + dataAt));
                assertEquals((int) (0xE0 + i), (int) events.get(seg, 0L, i));
                assertEquals(0x1122_3344_5566_7700L + i, (long) data.get(seg, 0L, i));
            }
            if (dataAt == 8) {
                assertEquals(0, seg.get(JAVA_BYTE, 4), "padding stays zero");
            }
        }
    }

    @Test
    void accessorsUseThisMachinesLayout() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(EpollEvent.SIZE * 2, 8);
            EpollEvent.set(seg, 1, EpollFlags.EPOLLIN | EpollFlags.EPOLLET, -2L);
            assertEquals(EpollFlags.EPOLLIN | EpollFlags.EPOLLET, seg.get(JAVA_INT_UNALIGNED, EpollEvent.SIZE));
            assertEquals(-2L, seg.get(JAVA_LONG_UNALIGNED, EpollEvent.SIZE + EpollEvent.DATA_OFFSET));
            assertEquals(EpollFlags.EPOLLIN | EpollFlags.EPOLLET, EpollEvent.events(seg, 1));
            assertEquals(-2L, EpollEvent.data(seg, 1));
        }
    }

    @Test
    void theKernelAgreesWithThisMachinesLayout() throws ErrnoException {
        // Full 64-bit data words through the kernel and back, several per wait: a wrong size
        // or offset would garble every element after the first.
        long[] words = {0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L, -1L, 0x8000_0000_0000_0001L};
        EventFd[] fds = new EventFd[words.length];
        try (Epoll epoll = Epoll.create(); EpollEvents events = EpollEvents.allocate(words.length)) {
            for (int i = 0; i < words.length; i++) {
                fds[i] = EventFd.create();
                epoll.add(fds[i], EpollFlags.EPOLLIN, words[i]);
                fds[i].write(1);
            }
            assertEquals(words.length, epoll.wait(events, 1000));
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < words.length; i++) {
                assertEquals(EpollFlags.EPOLLIN, events.events(i));
                seen.add(events.data(i));
            }
            assertEquals(Set.of(words[0], words[1], words[2], words[3]), seen);
        } finally {
            for (EventFd f : fds) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }
}
