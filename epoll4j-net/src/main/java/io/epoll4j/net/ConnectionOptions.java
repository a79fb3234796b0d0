package io.epoll4j.net;

import java.time.Duration;

/**
 * How a {@link Connection} on an event loop behaves: back-pressure bounds, fairness, timeouts.
 *
 * {@snippet :
 * ConnectionOptions options = ConnectionOptions.DEFAULTS
 *         .withWaterMarks(256 * 1024, 64 * 1024)     // told unwritable past 256 KiB pending
 *         .withReadBudget(128 * 1024)                // per connection per loop turn
 *         .withIdleTimeout(Duration.ofSeconds(30));
 * }
 *
 * @param highWaterMark bytes of pending output past which the connection reports itself
 *                      unwritable ({@link ConnectionHandler#onWritabilityChanged}) and stops
 *                      reading until the output drains
 * @param lowWaterMark  bytes of pending output at or below which it is writable again
 * @param readBudget    bytes read from one connection per loop turn at most, so that one busy
 *                      peer cannot starve the others on the loop (level-triggered: the rest is
 *                      read at the next turn)
 * @param idleTimeout   no bytes read or written for this long: {@link ConnectionHandler#onTimeout};
 *                      {@link Duration#ZERO} for none
 * @param readTimeout   no bytes read for this long: {@link ConnectionHandler#onTimeout}; zero for none
 * @param tcpNoDelay    set {@code TCP_NODELAY} on TCP connections (default true: the queue batches)
 * @param pauseReadingWhenUnwritable stop reading while past the high water mark (default true:
 *                      a server answering requests must not read more of them than it can
 *                      answer). Turn it off for a peer that produces on its own and must keep
 *                      reading meanwhile, or two such peers can wait on each other forever.
 */
public record ConnectionOptions(long highWaterMark, long lowWaterMark, long readBudget, Duration idleTimeout,
                                Duration readTimeout, boolean tcpNoDelay, boolean pauseReadingWhenUnwritable,
                                MemoryBudget memoryBudget) {
    /** 1 MiB / 256 KiB water marks, 256 KiB read budget, no timeouts, TCP_NODELAY. */
    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(1 << 20, 1 << 18, 1 << 18,
            Duration.ZERO, Duration.ZERO, true, true, MemoryBudget.UNLIMITED);

    /** Checks the values: water marks ordered, budgets and timeouts not negative. */
    public ConnectionOptions {
        java.util.Objects.requireNonNull(memoryBudget, "memoryBudget");
        if (lowWaterMark < 0 || highWaterMark < lowWaterMark) {
            throw new IllegalArgumentException("need 0 <= lowWaterMark <= highWaterMark: " + lowWaterMark + ", " + highWaterMark);
        }
        if (readBudget < 1) {
            throw new IllegalArgumentException("read budget must be positive: " + readBudget);
        }
        if (idleTimeout.isNegative() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    /** These options with reading paused past {@code high} pending bytes and resumed at {@code low}. */
    public ConnectionOptions withWaterMarks(long high, long low) {
        return new ConnectionOptions(high, low, readBudget, idleTimeout, readTimeout, tcpNoDelay, pauseReadingWhenUnwritable, memoryBudget);
    }

    /** These options with at most {@code bytes} read from one connection per loop turn. */
    public ConnectionOptions withReadBudget(long bytes) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, bytes, idleTimeout, readTimeout, tcpNoDelay, pauseReadingWhenUnwritable, memoryBudget);
    }

    /** These options with the idle timeout (nothing read or written) set to {@code timeout}. */
    public ConnectionOptions withIdleTimeout(Duration timeout) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, readBudget, timeout, readTimeout, tcpNoDelay, pauseReadingWhenUnwritable, memoryBudget);
    }

    /** These options with the read timeout (nothing read) set to {@code timeout}. */
    public ConnectionOptions withReadTimeout(Duration timeout) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, readBudget, idleTimeout, timeout, tcpNoDelay, pauseReadingWhenUnwritable, memoryBudget);
    }

    /** These options with TCP_NODELAY set on each connection, or not. */
    public ConnectionOptions withTcpNoDelay(boolean on) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, readBudget, idleTimeout, readTimeout, on, pauseReadingWhenUnwritable, memoryBudget);
    }

    /** These options with reading paused past the high water mark, or not. */
    public ConnectionOptions withPauseReadingWhenUnwritable(boolean on) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, readBudget, idleTimeout, readTimeout, tcpNoDelay, on, memoryBudget);
    }

    /** These options with buffered bytes charged to {@code budget}. */
    public ConnectionOptions withMemoryBudget(MemoryBudget budget) {
        return new ConnectionOptions(highWaterMark, lowWaterMark, readBudget, idleTimeout, readTimeout, tcpNoDelay,
                pauseReadingWhenUnwritable, budget);
    }
}
