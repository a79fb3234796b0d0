package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.InotifyCalls;
import io.epoll4j.sys.Unistd;

import java.nio.file.Path;

/**
 * An inotify instance (inotify(7)): watches files and directories and reports what happens to
 * them as {@code struct inotify_event} records, readable through one file descriptor.
 *
 * {@snippet :
 * try (Inotify inotify = Inotify.create();          // IN_NONBLOCK | IN_CLOEXEC
 *      InotifyEvents events = InotifyEvents.allocate()) {
 *     int wd = inotify.addWatch(dir, Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_CLOSE_WRITE);
 *     // ... poll the fd for readability, then:
 *     inotify.read(events);                          // 0: nothing to read (EAGAIN)
 *     while (events.next()) {
 *         System.out.println(Inotify.toString(events.mask()) + " " + events.name());
 *     }
 * }
 * }
 *
 * <h2>The rules of inotify(7)</h2>
 * <ul>
 * <li>Watching a directory reports events for the directory itself and for the entries in it,
 *     with the entry's name; not for the entries of subdirectories (there is no recursion).
 * <li>Watches are on inodes: adding a path that names an inode already watched returns the
 *     same watch descriptor and replaces its mask (or, with {@link #IN_MASK_ADD}, adds to it).
 * <li>When a watch ends (removed, file deleted, file system unmounted, {@link #IN_ONESHOT}),
 *     an {@link #IN_IGNORED} event for its descriptor is the last one.
 * <li>The queue is bounded by /proc/sys/fs/inotify/max_queued_events; past it, events are
 *     dropped and one {@link #IN_Q_OVERFLOW} with watch descriptor -1 says so.
 * <li>Identical consecutive events are merged when the older one is still unread.
 * <li>A rename gives {@link #IN_MOVED_FROM} and {@link #IN_MOVED_TO} with the same cookie;
 *     they are not guaranteed to be adjacent.
 * </ul>
 */
public final class Inotify extends OwnedFd {
    /** inotify_init1 flag: non-blocking reads. */
    public static final int IN_NONBLOCK = InotifyCalls.IN_NONBLOCK;
    /** inotify_init1 flag: close on exec. */
    public static final int IN_CLOEXEC = InotifyCalls.IN_CLOEXEC;

    /** File was accessed (read, execve). */
    public static final int IN_ACCESS = 0x00000001;
    /** File was modified (write, truncate). */
    public static final int IN_MODIFY = 0x00000002;
    /** Metadata changed: permissions, timestamps, extended attributes, link count, owner. */
    public static final int IN_ATTRIB = 0x00000004;
    /** File opened for writing was closed. */
    public static final int IN_CLOSE_WRITE = 0x00000008;
    /** File or directory not opened for writing was closed. */
    public static final int IN_CLOSE_NOWRITE = 0x00000010;
    /** File or directory was opened. */
    public static final int IN_OPEN = 0x00000020;
    /** A file was renamed away from the watched directory. */
    public static final int IN_MOVED_FROM = 0x00000040;
    /** A file was renamed into the watched directory. */
    public static final int IN_MOVED_TO = 0x00000080;
    /** File or directory created in the watched directory. */
    public static final int IN_CREATE = 0x00000100;
    /** File or directory deleted from the watched directory. */
    public static final int IN_DELETE = 0x00000200;
    /** The watched file or directory itself was deleted. */
    public static final int IN_DELETE_SELF = 0x00000400;
    /** The watched file or directory itself was moved. */
    public static final int IN_MOVE_SELF = 0x00000800;
    /** Event: the file system holding the watched object was unmounted. */
    public static final int IN_UNMOUNT = 0x00002000;
    /** Event: the event queue overflowed (watch descriptor -1). */
    public static final int IN_Q_OVERFLOW = 0x00004000;
    /** Event: the watch was removed, explicitly or by the kernel. */
    public static final int IN_IGNORED = 0x00008000;
    /** {@code IN_CLOSE_WRITE | IN_CLOSE_NOWRITE}. */
    public static final int IN_CLOSE = IN_CLOSE_WRITE | IN_CLOSE_NOWRITE;
    /** {@code IN_MOVED_FROM | IN_MOVED_TO}. */
    public static final int IN_MOVE = IN_MOVED_FROM | IN_MOVED_TO;
    /** All the events above that a watch can ask for. */
    public static final int IN_ALL_EVENTS = 0x00000FFF;
    /** add_watch: only watch the path if it is a directory (else ENOTDIR). */
    public static final int IN_ONLYDIR = 0x01000000;
    /** add_watch: do not follow a symbolic link at the end of the path. */
    public static final int IN_DONT_FOLLOW = 0x02000000;
    /** add_watch: no events for children after they were unlinked from the watched directory. */
    public static final int IN_EXCL_UNLINK = 0x04000000;
    /** add_watch: fail with EEXIST if the inode is already watched (Linux 4.18). */
    public static final int IN_MASK_CREATE = 0x10000000;
    /** add_watch: add to the mask of an existing watch instead of replacing it. */
    public static final int IN_MASK_ADD = 0x20000000;
    /** Event: the subject is a directory. */
    public static final int IN_ISDIR = 0x40000000;
    /** add_watch: remove the watch after its first event. */
    public static final int IN_ONESHOT = 0x80000000;

    private static final int[] BITS = {
        IN_ACCESS, IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_CLOSE_NOWRITE, IN_OPEN, IN_MOVED_FROM,
        IN_MOVED_TO, IN_CREATE, IN_DELETE, IN_DELETE_SELF, IN_MOVE_SELF, IN_UNMOUNT, IN_Q_OVERFLOW,
        IN_IGNORED, IN_ONLYDIR, IN_DONT_FOLLOW, IN_EXCL_UNLINK, IN_MASK_CREATE, IN_MASK_ADD,
        IN_ISDIR, IN_ONESHOT,
    };
    private static final String[] NAMES = {
        "IN_ACCESS", "IN_MODIFY", "IN_ATTRIB", "IN_CLOSE_WRITE", "IN_CLOSE_NOWRITE", "IN_OPEN",
        "IN_MOVED_FROM", "IN_MOVED_TO", "IN_CREATE", "IN_DELETE", "IN_DELETE_SELF", "IN_MOVE_SELF",
        "IN_UNMOUNT", "IN_Q_OVERFLOW", "IN_IGNORED", "IN_ONLYDIR", "IN_DONT_FOLLOW",
        "IN_EXCL_UNLINK", "IN_MASK_CREATE", "IN_MASK_ADD", "IN_ISDIR", "IN_ONESHOT",
    };

    private Inotify(int fd) {
        super(fd);
    }

    /** inotify_init1(IN_NONBLOCK | IN_CLOEXEC). */
    public static Inotify create() throws ErrnoException {
        return create(IN_NONBLOCK | IN_CLOEXEC);
    }

    /** inotify_init1(flags). */
    public static Inotify create(int flags) throws ErrnoException {
        return new Inotify(ErrnoException.check(InotifyCalls.inotifyInit1(flags), "inotify_init1"));
    }

    /**
     * inotify_add_watch: watches {@code path} for the events in {@code mask}.
     *
     * @return the watch descriptor, which events carry; the same one again for an inode
     *         already watched by this instance
     * @throws ErrnoException ENOENT if the path does not exist, EACCES without read permission,
     *                        ENOSPC past /proc/sys/fs/inotify/max_user_watches, ENOTDIR with
     *                        {@link #IN_ONLYDIR}, EEXIST with {@link #IN_MASK_CREATE}
     */
    public int addWatch(Path path, int mask) throws ErrnoException {
        int n = acquire();
        try {
            return ErrnoException.check(InotifyCalls.inotifyAddWatch(n, path.toString(), mask),
                    "inotify_add_watch(" + path + ", " + toString(mask) + ")");
        } finally {
            release();
        }
    }

    /**
     * inotify_rm_watch: ends the watch; an {@link #IN_IGNORED} event for {@code wd} follows.
     *
     * @throws ErrnoException EINVAL if {@code wd} is not a watch of this instance (any more)
     */
    public void removeWatch(int wd) throws ErrnoException {
        int n = acquire();
        try {
            ErrnoException.check(InotifyCalls.inotifyRmWatch(n, wd), "inotify_rm_watch(fd " + n + ", wd " + wd + ")");
        } finally {
            release();
        }
    }

    /**
     * Reads as many whole events as fit into {@code events} and rewinds its cursor.
     *
     * @return the number of events read; 0 if none is queued and the fd is non-blocking
     */
    public int read(InotifyEvents events) throws ErrnoException {
        int n = acquire();
        try {
            long r;
            try {
                r = Syscall.result(Unistd.read(n, events.segment(), events.segment().byteSize()), "read", this,
                        n);
            } catch (ErrnoException e) {
                events.filled(0);
                throw e;
            }
            return events.filled(r == Syscall.WOULD_BLOCK ? 0 : (int) r);
        } finally {
            release();
        }
    }

    /** The mask as flag names joined by {@code |}; unknown bits in hex; {@code "0"} if empty. */
    public static String toString(int mask) {
        return Masks.toString(mask, BITS, NAMES);
    }

    @Override
    String describe(int n) {
        return "inotify " + n;
    }
}
