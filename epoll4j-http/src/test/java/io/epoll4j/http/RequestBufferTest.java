package io.epoll4j.http;

import io.epoll4j.fd.OwnedMemory;
import io.epoll4j.net.MemoryBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser's own memory: freed the moment it is dropped, grown without quadratic copying. */
class RequestBufferTest {

    @Test
    void memoryGrownOutOfTrimmedOrReleasedIsFreedAtOnceNotAtACollection() {
        long before = NativeMemory.settled();
        RequestBuffer own = new RequestBuffer(MemoryBudget.UNLIMITED);
        assertTrue(own.ensure(100, 0));
        MemorySegment first = own.memory();
        first.set(JAVA_BYTE, 9, (byte) 'k');

        assertTrue(own.ensure(100_000, 10));
        MemorySegment second = own.memory();
        assertFalse(first.scope().isAlive(), "the smaller buffer went when it grew");
        assertEquals('k', second.get(JAVA_BYTE, 9), "what was kept was copied first");

        own.trim();   // larger than an idle buffer may be
        assertFalse(second.scope().isAlive());
        assertTrue(OwnedMemory.liveBytes() <= before);

        assertTrue(own.ensure(100, 0));
        MemorySegment third = own.memory();
        own.release();
        assertFalse(third.scope().isAlive());
        assertTrue(OwnedMemory.liveBytes() <= before);
        assertThrows(IllegalStateException.class, () -> third.get(JAVA_BYTE, 0));
    }

    @Test
    void aBufferReleasedFromAnotherThreadIsLeftToTheCollectorNotAnError() throws Exception {
        RequestBuffer own = new RequestBuffer(MemoryBudget.UNLIMITED);
        assertTrue(own.ensure(100_000, 0));
        WeakReference<MemorySegment.Scope> scope = new WeakReference<>(own.memory().scope());
        CompletableFuture.runAsync(own::release).get(10, TimeUnit.SECONDS);
        assertEquals(0, own.memory().byteSize());
        assertTrue(scope.get() != null && scope.get().isAlive(), "not closed by the wrong thread");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (scope.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.onSpinWait();
        }
        assertNull(scope.get(), "unreachable: the cleaner frees it");
    }

    @Test
    void aChunkedBodyOfUnknownLengthGrowsTheBufferByHalvesNotByFixedSteps() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        byte[] head = Wire.latin1("POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        parser.feed(head, 0, head.length);
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        byte[] chunk = Wire.latin1("1000\r\n" + "x".repeat(4096) + "\r\n");
        Set<Integer> sizes = new TreeSet<>();
        for (int i = 0; i < 200; i++) {   // 800 KiB of data
            parser.feed(chunk, 0, chunk.length);
            assertEquals(RequestParser.Status.NEED_MORE, parser.next());
            sizes.add(parser.capacity());
        }
        byte[] last = Wire.latin1("0\r\n\r\n");
        parser.feed(last, 0, last.length);
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals(200 * 4096, parser.request().bodyLength());
        // In steps of GROWTH it took 50 sizes to get there, copying 20 MiB on the way.
        assertTrue(sizes.size() <= 12, "grew " + sizes.size() + " times: " + sizes);
        parser.release();
    }

    @Test
    void theBufferOfALargeBodyIsFreedAsSoonAsItsRequestIsAnswered() throws IOException {
        long before = NativeMemory.settled();
        HttpSession session = new HttpSession((request, response) -> response.status(200).body("ok\n"),
                ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        byte[] body = new byte[300_000];
        byte[] wire = Wire.latin1("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length
                + "\r\n\r\n" + Wire.latin1(body));
        HttpSessionTest.Recorder peer = new HttpSessionTest.Recorder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment read = arena.allocate(64 * 1024);
            MemorySegment out = arena.allocate(8192);
            for (int from = 0; from < wire.length; from += (int) read.byteSize()) {
                int n = (int) Math.min(read.byteSize(), wire.length - from);
                MemorySegment.copy(wire, from, read, JAVA_BYTE, 0, n);
                assertTrue(session.onRead(read, 0, n, out, peer));
            }
        }
        assertEquals(1, peer.calls.size(), "one response, the connection open: " + peer.calls);
        assertTrue(peer.calls.get(0).startsWith("write:HTTP/1.1 200 OK"), peer.calls.get(0));
        assertFalse(session.holdsExchange(), "idle again");
        assertTrue(OwnedMemory.liveBytes() <= before, "the body's buffer is gone, not waiting for a collection");
        session.release();
    }
}
