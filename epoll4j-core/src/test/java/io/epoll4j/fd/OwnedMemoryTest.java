package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnedMemoryTest {
    /** An odd size no other allocation of this test class shares. */
    private static final long SIZE = 3 * 1024 * 1024 + 7;

    @Test
    void closingFreesAtOnceAndEverySliceOfItFailsAfter() {
        long before = OwnedMemory.liveBytes();
        OwnedMemory memory = OwnedMemory.allocate(SIZE);
        MemorySegment slice = memory.segment().asSlice(96, 8);
        slice.set(JAVA_LONG, 0, 42L);
        assertEquals(before + SIZE, OwnedMemory.liveBytes());

        memory.close();

        assertEquals(before, OwnedMemory.liveBytes(), "freed by the close, not later");
        assertFalse(memory.isOpen());
        assertThrows(IllegalStateException.class, () -> slice.get(JAVA_LONG, 0));
        assertThrows(IllegalStateException.class, () -> memory.segment().get(JAVA_BYTE, 0));
        memory.close();   // again: nothing happens
        assertEquals(before, OwnedMemory.liveBytes());
    }

    @Test
    void memoryNobodyClosedIsFreedOnceTheCollectorFindsItUnreachable() throws InterruptedException {
        long before = OwnedMemory.liveBytes();
        allocateAndForget();
        assertEquals(before + SIZE, OwnedMemory.liveBytes());

        awaitLiveBytesAtMost(before);
    }

    /** Collects until the cleaner has freed what is unreachable, down to {@code bytes}; fails past a deadline. */
    private static void awaitLiveBytesAtMost(long bytes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (OwnedMemory.liveBytes() > bytes && System.nanoTime() < deadline) {
            System.gc();
            Thread.onSpinWait();
        }
        assertEquals(bytes, OwnedMemory.liveBytes(), "the cleaner freed it");
    }

    private static void allocateAndForget() {
        OwnedMemory.allocate(SIZE).segment().set(JAVA_BYTE, 0, (byte) 1);
    }

    @Test
    void aSliceStillReachableKeepsTheMemoryItViews() {
        long before = OwnedMemory.liveBytes();
        MemorySegment slice = sliceOfForgotten();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertEquals(before + SIZE, OwnedMemory.liveBytes(), "not freed while a slice can reach it");
        assertEquals(0x5A, slice.get(JAVA_BYTE, 0));
        slice = null;   // now nothing reaches it: freed, so the other tests of this class count from 0 again
        awaitLiveBytesAtMost(before);
    }

    private static MemorySegment sliceOfForgotten() {
        MemorySegment slice = OwnedMemory.allocate(SIZE).segment().asSlice(SIZE - 1, 1);
        slice.set(JAVA_BYTE, 0, (byte) 0x5A);
        return slice;
    }

    @Test
    void anotherThreadCanNeitherUseNorCloseItAndFreesNothingTrying() throws Exception {
        try (OwnedMemory memory = OwnedMemory.allocate(64)) {
            memory.segment().set(JAVA_BYTE, 0, (byte) 7);
            long live = OwnedMemory.liveBytes();

            ExecutionException close = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(memory::close).get(10, TimeUnit.SECONDS));
            assertInstanceOf(WrongThreadException.class, close.getCause());
            ExecutionException read = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(() -> memory.segment().get(JAVA_BYTE, 0)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(WrongThreadException.class, read.getCause());

            assertTrue(memory.isOpen());
            assertEquals(live, OwnedMemory.liveBytes());
            assertEquals(7, memory.segment().get(JAVA_BYTE, 0));
        }
    }

    @Test
    void itIsZeroedAndAlignedToSixteen() {
        try (OwnedMemory memory = OwnedMemory.allocate(4096)) {
            MemorySegment s = memory.segment();
            assertEquals(4096, memory.byteSize());
            assertEquals(0, s.address() % 16);
            assertEquals(-1, s.mismatch(MemorySegment.ofArray(new byte[4096])), "all zero");
        }
    }

    @Test
    void aNegativeSizeIsRefusedAndAnEmptyOneIsAllowed() {
        assertThrows(IllegalArgumentException.class, () -> OwnedMemory.allocate(-1));
        try (OwnedMemory empty = OwnedMemory.allocate(0)) {
            assertEquals(0, empty.byteSize());
        }
    }
}
