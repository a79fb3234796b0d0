package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link FileRegion} that epoll4j's stream channels send with sendfile(2): the bytes go
 * from the page cache to the socket without passing through user space.
 *
 * {@snippet :
 * ctx.write(new Epoll4jFileRegion(Path.of("/srv/www/index.html"), 0, size));
 * ctx.writeAndFlush(trailer);
 * }
 *
 * <p>Netty's {@link io.netty.channel.DefaultFileRegion} keeps its file descriptor inside a
 * {@link FileChannel}, where no public API can reach it, so this transport sends such a
 * region through {@link io.netty.channel.DefaultFileRegion#transferTo}: a copy through a
 * buffer. Use this class where sendfile matters.
 *
 * <p>The region owns its fd: it is closed when the reference count reaches 0. On a transport
 * that cannot take an fd (NIO), {@link #transferTo} reads the same file through a
 * {@link FileChannel}.
 */
public final class Epoll4jFileRegion extends AbstractReferenceCounted implements FileRegion {
    private final OwnedFd file;
    private final long position;
    private final long count;
    private long transferred;
    private FileChannel channel;

    /**
     * {@code count} bytes of the file at {@code path} from {@code position}.
     *
     * @throws ErrnoException           if the file cannot be opened for reading
     * @throws IllegalArgumentException for a negative position or count
     */
    public Epoll4jFileRegion(Path path, long position, long count) throws ErrnoException {
        this(OwnedFd.open(path), position, count);
    }

    /** A region of {@code file}, which it now owns (and closes when released). */
    public Epoll4jFileRegion(OwnedFd file, long position, long count) {
        if (position < 0 || count < 0) {
            file.close();
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
        }
        this.file = file;
        this.position = position;
        this.count = count;
    }

    /** The file the bytes come from. */
    public OwnedFd file() {
        return file;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    void advance(long bytes) {
        transferred += bytes;
    }

    /** Writes the bytes from {@code position} of the region on through a FileChannel (other transports). */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (position < 0 || position > count) {
            throw new IllegalArgumentException("position " + position + " outside the region's 0.." + count);
        }
        if (position == count) {
            return 0;
        }
        if (channel == null) {
            channel = FileChannel.open(Path.of("/proc/self/fd/" + file.fd()), StandardOpenOption.READ);
        }
        long written = channel.transferTo(this.position + position, count - position, target);
        if (written > 0) {
            transferred += written;
        }
        return written;
    }

    @Override
    protected void deallocate() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Closing a read-only channel loses nothing.
        } finally {
            file.close();
        }
    }

    @Override
    public Epoll4jFileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public Epoll4jFileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Epoll4jFileRegion touch() {
        return this;
    }

    @Override
    public Epoll4jFileRegion touch(Object hint) {
        return this;
    }

    @Override
    public String toString() {
        return "Epoll4jFileRegion[" + file + ", position " + position + ", count " + count
                + ", transferred " + transferred + "]";
    }
}
