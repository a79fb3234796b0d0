package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flag values as in sys/epoll.h, and how a mask prints. */
class EpollFlagsTest {

    @Test
    void valuesMatchTheHeader() {
        assertEquals(0x001, EpollFlags.EPOLLIN);
        assertEquals(0x002, EpollFlags.EPOLLPRI);
        assertEquals(0x004, EpollFlags.EPOLLOUT);
        assertEquals(0x008, EpollFlags.EPOLLERR);
        assertEquals(0x010, EpollFlags.EPOLLHUP);
        assertEquals(0x2000, EpollFlags.EPOLLRDHUP);
        assertEquals(0x10000000, EpollFlags.EPOLLEXCLUSIVE);
        assertEquals(0x20000000, EpollFlags.EPOLLWAKEUP);
        assertEquals(0x40000000, EpollFlags.EPOLLONESHOT);
        assertEquals(0x80000000, EpollFlags.EPOLLET);
    }

    @Test
    void toStringNamesEachFlagInBitOrder() {
        assertEquals("0", EpollFlags.toString(0));
        assertEquals("EPOLLIN", EpollFlags.toString(EpollFlags.EPOLLIN));
        assertEquals("EPOLLIN|EPOLLHUP", EpollFlags.toString(EpollFlags.EPOLLHUP | EpollFlags.EPOLLIN));
        assertEquals("EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET",
                EpollFlags.toString(EpollFlags.EPOLLET | EpollFlags.EPOLLRDHUP | EpollFlags.EPOLLOUT | EpollFlags.EPOLLIN));
        assertEquals("EPOLLEXCLUSIVE|EPOLLWAKEUP|EPOLLONESHOT|EPOLLET", EpollFlags.toString(0xF0000000));
    }

    @Test
    void toStringShowsUnknownBitsInHex() {
        assertEquals("EPOLLIN|0x4000", EpollFlags.toString(EpollFlags.EPOLLIN | 0x4000));
        assertEquals("0x800", EpollFlags.toString(0x800));
    }
}
