package io.epoll4j.netty;

import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.fd.UnixStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A direct ByteBuf's bytes reach the socket calls the same way by address and through NIO
 * views: a write sends the readable bytes and leaves the indices, a read fills the writable
 * bytes and moves the writer index, a batch gathers buffers in order, and by address no NIO
 * view is made. Over a Unix socket pair; {@link ByteBufMemoryAllocationTest} pins that by
 * address a read and a write allocate nothing.
 */
class ByteBufMemoryTest {
    private final List<ByteBuf> buffers = new ArrayList<>();
    private UnixStream[] pair;

    static Stream<ByteBufMemory> ways() {
        return Stream.of(ByteBufMemory.byAddress(), ByteBufMemory.throughNio());
    }

    static Stream<ByteBufAllocator> allocators() {
        return Stream.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT);
    }

    @BeforeEach
    void connect() throws Exception {
        pair = UnixStream.pair();
    }

    @AfterEach
    void close() {
        for (UnixStream end : pair) {
            end.close();
        }
        buffers.forEach(ByteBuf::release);
    }

    @ParameterizedTest
    @MethodSource("ways")
    void aWriteSendsTheReadableBytesAndLeavesTheIndices(ByteBufMemory memory) throws Exception {
        for (ByteBufAllocator allocator : allocators().toList()) {
            ByteBuf src = direct(allocator, "--hello");
            src.readerIndex(2);
            assertEquals(5, memory.write(pair[0], src), allocator + ": bytes sent");
            assertEquals(2, src.readerIndex(), allocator + ": reader index");
            assertEquals("hello", received(5), allocator.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("ways")
    void aReadFillsTheWritableBytesAndMovesTheWriterIndex(ByteBufMemory memory) throws Exception {
        for (ByteBufAllocator allocator : allocators().toList()) {
            pair[0].write(ascii("world"));
            ByteBuf dst = direct(allocator, "ab");
            assertEquals(5, memory.read(pair[1], dst), allocator + ": bytes read");
            assertEquals("abworld", dst.toString(StandardCharsets.US_ASCII), allocator.toString());
            assertEquals(0, dst.readerIndex(), allocator + ": reader index");
        }
    }

    @ParameterizedTest
    @MethodSource("ways")
    void aReadOfAnEmptySocketWouldBlockAndAfterThePeerClosedIsTheEnd(ByteBufMemory memory) throws Exception {
        ByteBuf dst = direct(ByteBufAllocator.DEFAULT, "");
        assertEquals(0, memory.read(pair[1], dst), "would block");
        assertEquals(0, dst.writerIndex());
        pair[0].close();
        assertEquals(-1, memory.read(pair[1], dst), "end of stream");
        assertEquals(0, dst.writerIndex());
    }

    @ParameterizedTest
    @MethodSource("ways")
    void aBatchGathersBuffersInOrderAndSkipsEmptyOnes(ByteBufMemory memory) throws Exception {
        IoVecBatch batch = IoVecBatch.allocate(8);
        ByteBuf first = direct(ByteBufAllocator.DEFAULT, "one ");
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        buffers.add(composite);
        composite.addComponents(true, Unpooled.directBuffer().writeBytes(bytes("two ")),
                Unpooled.directBuffer().writeBytes(bytes("three ")));
        ByteBuf empty = direct(ByteBufAllocator.DEFAULT, "");
        ByteBuf last = direct(PooledByteBufAllocator.DEFAULT, "four");
        assertFalse(composite.hasMemoryAddress(), "a composite of two has no single address");
        assertTrue(memory.add(batch, first));
        assertTrue(memory.add(batch, composite));
        assertTrue(memory.add(batch, empty));
        assertTrue(memory.add(batch, last));
        assertEquals(4, batch.count(), "one iovec per buffer, two for the composite, none for the empty one");
        assertEquals(18, batch.byteCount());
        assertEquals(18, pair[0].write(batch));
        assertEquals("one two three four", received(18));
    }

    @ParameterizedTest
    @MethodSource("ways")
    void aBufferThatNeedsMoreSlotsThanAreLeftAddsNothing(ByteBufMemory memory) {
        IoVecBatch batch = IoVecBatch.allocate(2);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        buffers.add(composite);
        composite.addComponents(true, Unpooled.directBuffer().writeBytes(bytes("a")),
                Unpooled.directBuffer().writeBytes(bytes("b")));
        assertTrue(memory.add(batch, direct(ByteBufAllocator.DEFAULT, "x")));
        assertFalse(memory.add(batch, composite), "two slots needed, one left");
        assertEquals(1, batch.count());
        assertEquals(1, batch.byteCount());
    }

    @Test
    void withNativeAccessBuffersGoByAddress() {
        // The module's tests run with --enable-native-access=ALL-UNNAMED (see the pom).
        assertTrue(ByteBufMemory.DEFAULT.isByAddress());
        assertFalse(ByteBufMemory.throughNio().isByAddress());
    }

    /**
     * By address a buffer is never asked for its NIO view, which Netty's pooled buffers make
     * afresh (a {@code ByteBuffer}) each time they are reused; through NIO it is.
     */
    @Test
    void byAddressABufferIsNeverAskedForItsNioView() throws Exception {
        for (ByteBufMemory memory : ways().toList()) {
            ViewCountingBuf src = new ViewCountingBuf();
            ViewCountingBuf dst = new ViewCountingBuf();
            buffers.add(src.writeBytes(bytes("view")));
            buffers.add(dst);
            src.views = 0; // filling it may have asked
            memory.write(pair[0], src);
            memory.read(pair[1], dst);
            IoVecBatch batch = IoVecBatch.allocate(1);
            memory.add(batch, src);
            assertEquals(4, batch.byteCount());
            int views = src.views + dst.views;
            if (memory.isByAddress()) {
                assertEquals(0, views, "views asked for by address");
            } else {
                assertEquals(3, views, "views asked for through NIO");
            }
            assertEquals("view", dst.toString(StandardCharsets.US_ASCII));
        }
    }

    /** A direct buffer that counts how often it is asked for an NIO view of its memory. */
    private static final class ViewCountingBuf extends UnpooledDirectByteBuf {
        int views;

        ViewCountingBuf() {
            super(UnpooledByteBufAllocator.DEFAULT, 64, 64);
        }

        @Override
        public ByteBuffer internalNioBuffer(int index, int length) {
            views++;
            return super.internalNioBuffer(index, length);
        }

        @Override
        public ByteBuffer nioBuffer(int index, int length) {
            views++;
            return super.nioBuffer(index, length);
        }

        @Override
        public ByteBuffer[] nioBuffers(int index, int length) {
            views++;
            return super.nioBuffers(index, length);
        }
    }

    private ByteBuf direct(ByteBufAllocator allocator, String text) {
        ByteBuf buf = allocator.directBuffer(64);
        buffers.add(buf);
        return buf.writeBytes(bytes(text));
    }

    private String received(int length) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(length + 16);
            long n = pair[1].read(in);
            return new String(in.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MemorySegment ascii(String text) {
        return MemorySegment.ofBuffer(ByteBuffer.allocateDirect(text.length()).put(bytes(text)).flip());
    }
}
