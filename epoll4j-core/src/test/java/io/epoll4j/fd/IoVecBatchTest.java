package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import io.epoll4j.testing.SocketTesting;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static io.epoll4j.testing.SocketTesting.readExactly;
import static io.epoll4j.testing.SocketTesting.tcpPair;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoVecBatchTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aStreamSocketSendsTheRangesOfABatchInOrderInOneCall() throws Exception {
        try (SocketTesting.TcpPair pair = tcpPair(InetAddress.getLoopbackAddress());
             Arena arena = Arena.ofConfined()) {
            IoVecBatch batch = IoVecBatch.allocate(arena, 4);
            MemorySegment head = bytes(arena, ascii("HEAD "));
            MemorySegment body = bytes(arena, ascii("xxBODYxx"));
            assertTrue(batch.add(head));
            assertTrue(batch.add(body, 2, 4));                 // a range, no slice
            assertTrue(batch.add(body, 0, 0));                 // empty: counted as added, no slot
            assertEquals(2, batch.count());
            assertEquals(9, batch.byteCount());

            assertEquals(9, pair.client().write(batch));
            assertArrayEquals(ascii("HEAD BODY"), readExactly(pair.server(), 9));

            batch.clear();
            assertTrue(batch.isEmpty());
            batch.add(body, 6, 2);                             // reused, nothing left of the last use
            assertEquals(2, pair.client().write(batch));
            assertArrayEquals(ascii("xx"), readExactly(pair.server(), 2));
        }
    }

    @Test
    void aFullBatchRefusesMoreAndKeepsWhatItHas() {
        try (Arena arena = Arena.ofConfined()) {
            IoVecBatch batch = IoVecBatch.allocate(arena, 2);
            MemorySegment s = arena.allocate(8);
            assertTrue(batch.add(s));
            assertTrue(batch.add(s, 4, 4));
            assertTrue(batch.isFull());
            assertFalse(batch.add(s), "full");
            assertEquals(2, batch.count());
            assertEquals(12, batch.byteCount());
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> IoVecBatch.allocate(arena, 0))
                    .getMessage().contains("IOV_MAX"));
            assertThrows(IllegalArgumentException.class, () -> IoVecBatch.allocate(arena, IoVecBatch.MAX_CAPACITY + 1));
            IoVecBatch batch = IoVecBatch.allocate(arena, 4);
            MemorySegment heap = MemorySegment.ofArray(new byte[8]);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> batch.add(heap))
                    .getMessage().contains("not native memory"));
            MemorySegment s = arena.allocate(8);
            assertThrows(IndexOutOfBoundsException.class, () -> batch.add(s, 4, 5));
            assertTrue(batch.isEmpty(), "nothing added by a refused call");
        }
    }

    @Test
    void aScatteringReadFillsTheRangesInTurn() throws Exception {
        try (SocketTesting.TcpPair pair = tcpPair(InetAddress.getLoopbackAddress());
             Arena arena = Arena.ofConfined()) {
            SocketTesting.writeFully(pair.client(), bytes(arena, ascii("abcdefg")));
            awaitReady(pair.server(), Interest.READABLE);
            MemorySegment first = arena.allocate(3);
            MemorySegment second = arena.allocate(10);
            IoVecBatch batch = IoVecBatch.allocate(arena, 2);
            batch.add(first);
            batch.add(second, 5, 4);
            assertEquals(7, pair.server().read(batch));
            assertArrayEquals(ascii("abc"), first.toArray(JAVA_BYTE));
            assertArrayEquals(ascii("defg"), second.asSlice(5, 4).toArray(JAVA_BYTE));
            batch.clear();
            batch.add(first);
            assertEquals(0, pair.server().read(batch), "would block");
            pair.client().shutdownOutput();
            awaitReady(pair.server(), Interest.READABLE);
            assertEquals(-1, pair.server().read(batch), "end of stream");
        }
    }

    @Test
    void aPipeTakesABatchThroughWritev() throws Exception {
        try (Pipe pipe = Pipe.open(); Arena arena = Arena.ofConfined()) {
            IoVecBatch batch = IoVecBatch.allocate(arena, 3);
            batch.add(bytes(arena, ascii("one ")));
            batch.add(bytes(arena, ascii("two")));
            assertEquals(7, pipe.sink().write(batch));
            MemorySegment buf = arena.allocate(16);
            assertEquals(7, pipe.source().read(buf));
            assertArrayEquals(ascii("one two"), buf.asSlice(0, 7).toArray(JAVA_BYTE));
        }
    }
}
