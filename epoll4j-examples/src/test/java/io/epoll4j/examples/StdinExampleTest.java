package io.epoll4j.examples;

import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example's logic on a pipe standing in for stdin (blocking, as stdin usually is). */
class StdinExampleTest {

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void echoesEverythingWrittenUntilTheWriterCloses() throws Exception {
        StringBuilder expected = new StringBuilder();
        try (Pipe pipe = Pipe.open()) {
            pipe.source().setNonBlocking(false);   // as stdin usually is
            pipe.sink().setNonBlocking(false);
            var writer = new CompletableFuture<Void>();
            Thread.ofPlatform().name("stdin-writer").start(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    for (int i = 0; i < 200; i++) {
                        byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                        pipe.sink().write(arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, line));
                    }
                    pipe.sink().close(); // end of file for the reader
                    writer.complete(null);
                } catch (Throwable t) {
                    writer.completeExceptionally(t);
                }
            });
            for (int i = 0; i < 200; i++) {
                expected.append("line ").append(i).append('\n');
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long copied = StdinExample.echo(pipe.source(), out);
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
            assertEquals(expected.length(), copied);
        }
    }

    @Test
    void aRegularFileIsReadThroughWithoutEpoll(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "from a file\n");
        try (OwnedFd in = OwnedFd.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(12, StdinExample.echo(in, out));
            assertEquals("from a file\n", out.toString(StandardCharsets.UTF_8));
        }
    }
}
