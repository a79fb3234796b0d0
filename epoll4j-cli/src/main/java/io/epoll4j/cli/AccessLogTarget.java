package io.epoll4j.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where {@code serve --access-log[=FILE]} writes: standard output for {@code -} (the option
 * alone), else FILE, appended to, as log rotation tools expect.
 *
 * {@snippet :
 * AccessLogTarget log = AccessLogTarget.open("/var/log/epoll4j/access.log", System.out);
 * HttpServerOptions options = HttpServerOptions.DEFAULTS.withAccessLog(log.sink());
 * }
 *
 * @param sink  the stream the server's log writer thread writes to
 * @param owned whether {@link #close()} closes it (a file) or leaves it open (stdout)
 */
record AccessLogTarget(PrintStream sink, boolean owned) implements AutoCloseable {
    static AccessLogTarget open(String where, PrintStream stdout) throws IOException {
        if (where.equals("-")) {
            return new AccessLogTarget(stdout, false);
        }
        Path file = Path.of(where);
        try {
            return new AccessLogTarget(new PrintStream(new FileOutputStream(file.toFile(), true), false,
                    StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new IOException("--access-log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            sink.close();
        } else {
            sink.flush();
        }
    }
}
