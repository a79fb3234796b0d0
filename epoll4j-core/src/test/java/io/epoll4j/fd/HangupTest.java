package io.epoll4j.fd;

import io.epoll4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.epoll4j.fd.EpollFlags.EPOLLERR;
import static io.epoll4j.fd.EpollFlags.EPOLLHUP;
import static io.epoll4j.fd.EpollFlags.EPOLLIN;
import static io.epoll4j.fd.EpollFlags.EPOLLOUT;
import static io.epoll4j.fd.EpollFlags.EPOLLRDHUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hang-ups and errors: EPOLLRDHUP on request, EPOLLHUP and EPOLLERR always, data before the end. */
class HangupTest {

    @Test
    void peerShutdownOfItsWritingHalfReportsRdhup() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); var pair = Fixtures.socketPair(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pair.a(), EPOLLIN | EPOLLRDHUP, 1L);
            assertEquals(0, epoll.wait(events, 0));
            pair.b().shutdownOutput();
            assertEquals(1, epoll.wait(events, 1000));
            // End of stream is readable, and half-closed is not a full hang-up.
            assertEquals(EPOLLIN | EPOLLRDHUP, events.events(0));
            assertNull(Fixtures.readOnce(pair.a()));
            // Our own writing half still works: the peer reads it.
            Fixtures.write(pair.a(), "still open this way");
            assertEquals("still open this way", Fixtures.readOnce(pair.b()));
        }
    }

    @Test
    void rdhupIsNotReportedUnlessAskedFor() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); var pair = Fixtures.socketPair(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pair.a(), EPOLLIN, 1L);
            pair.b().shutdownOutput();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLIN, events.events(0));
        }
    }

    @Test
    void peerCloseOfASocketReportsHupUnrequested() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); var pair = Fixtures.socketPair(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pair.a(), 0, 1L);
            pair.b().close();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLHUP, events.events(0) & (EPOLLHUP | EPOLLIN));
        }
    }

    @Test
    void closingThePipeReadEndReportsErrOnTheWriteEndUnrequested() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.sink(), 0, 1L); // no interest at all
            assertEquals(0, epoll.wait(events, 0));
            pipe.source().close();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLERR, events.events(0));
            // And writing there is what the error announces: EPIPE (SIGPIPE is ignored by the JVM).
            try (Arena arena = Arena.ofConfined()) {
                var e = assertThrows(ErrnoException.class, () -> pipe.sink().write(arena.allocate(1)));
                assertEquals(ErrnoException.EPIPE, e.errno());
                assertEquals("EPIPE", e.errnoName());
            }
        }
    }

    @Test
    void closingThePipeWriteEndReportsHupOnTheReadEndUnrequested() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.source(), 0, 1L);
            assertEquals(0, epoll.wait(events, 0));
            pipe.sink().close();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLHUP, events.events(0));
            assertNull(Fixtures.readOnce(pipe.source()));
        }
    }

    @Test
    void writeEndReportsWritableAndErrTogetherWhenAskedForOut() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.sink(), EPOLLOUT, 1L);
            pipe.source().close();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLOUT | EPOLLERR, events.events(0));
        }
    }

    @Test
    void dataAndHangupTogetherStillYieldEveryByteBeforeTheEnd() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4);
             Arena arena = Arena.ofConfined()) {
            epoll.add(pipe.source(), EPOLLIN | EPOLLRDHUP, 1L);
            MemorySegment payload = arena.allocate(40_000);
            for (long i = 0; i < payload.byteSize(); i++) {
                payload.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            assertEquals(payload.byteSize(), pipe.sink().write(payload));
            pipe.sink().close();

            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLIN | EPOLLHUP, events.events(0) & (EPOLLIN | EPOLLHUP));

            // Hang-up is a hint, not the end: read until read(2) says end of file.
            MemorySegment got = arena.allocate(payload.byteSize());
            MemorySegment small = arena.allocate(3_000);
            long total = 0;
            long n;
            while ((n = pipe.source().read(small)) != -1) {
                assertEquals(true, n > 0, "a pipe with a closed write end never says would-block");
                MemorySegment.copy(small, 0, got, total, n);
                total += n;
            }
            assertEquals(payload.byteSize(), total);
            assertEquals(-1L, payload.mismatch(got));
        }
    }

    @Test
    void socketDataAndPeerCloseTogetherStillYieldEveryByteBeforeTheEnd() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); var pair = Fixtures.socketPair(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pair.a(), EPOLLIN | EPOLLRDHUP, 1L);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                sent.append("chunk ").append(i).append(';');
            }
            Fixtures.write(pair.b(), sent.toString());
            pair.b().close();
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLIN | EPOLLRDHUP | EPOLLHUP, events.events(0) & (EPOLLIN | EPOLLRDHUP | EPOLLHUP));
            StringBuilder got = new StringBuilder();
            String part;
            while ((part = Fixtures.readOnce(pair.a())) != null) {
                got.append(part);
            }
            assertEquals(sent.toString(), got.toString());
        }
    }
}
