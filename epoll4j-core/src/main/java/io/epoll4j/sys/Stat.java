package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * fstat(2) and {@code struct stat}, whose layout differs between x86-64 and the generic
 * layout of arm64 (and every other 64-bit architecture glibc supports).
 *
 * <pre>
 * struct stat {                          // x86-64             // asm-generic (arm64)
 *     dev_t     st_dev;                  // 0   u64           // 0   u64
 *     ino_t     st_ino;                  // 8   u64           // 8   u64
 *     nlink_t   st_nlink;                // 16  u64           // 20  u32 (after st_mode)
 *     mode_t    st_mode;                 // 24  u32           // 16  u32
 *     uid_t     st_uid;                  // 28                // 24
 *     gid_t     st_gid;                  // 32                // 28
 *     dev_t     st_rdev;                 // 40 (after 4 pad)  // 32, then 8 bytes of pad
 *     off_t     st_size;                 // 48                // 48
 *     blksize_t st_blksize;              // 56  u64           // 56  u32, then 4 pad
 *     blkcnt_t  st_blocks;               // 64                // 64
 *     struct timespec st_atim, st_mtim, st_ctim;   // 72, 88, 104 on both
 * };                                     // 144 bytes         // 128 bytes
 * </pre>
 */
public final class Stat {
    /** The x86-64 layout. */
    public static final StructLayout X86_64 = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"), JAVA_LONG.withName("st_ino"), JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"), JAVA_INT.withName("st_uid"), JAVA_INT.withName("st_gid"),
            MemoryLayout.paddingLayout(4), JAVA_LONG.withName("st_rdev"), JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"), JAVA_LONG.withName("st_blocks"),
            JAVA_LONG.withName("st_atime"), JAVA_LONG.withName("st_atime_nsec"),
            JAVA_LONG.withName("st_mtime"), JAVA_LONG.withName("st_mtime_nsec"),
            JAVA_LONG.withName("st_ctime"), JAVA_LONG.withName("st_ctime_nsec"),
            MemoryLayout.paddingLayout(24));
    /** The asm-generic layout (arm64, riscv64). */
    public static final StructLayout GENERIC = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"), JAVA_LONG.withName("st_ino"),
            JAVA_INT.withName("st_mode"), JAVA_INT.withName("st_nlink"),
            JAVA_INT.withName("st_uid"), JAVA_INT.withName("st_gid"),
            JAVA_LONG.withName("st_rdev"), MemoryLayout.paddingLayout(8), JAVA_LONG.withName("st_size"),
            JAVA_INT.withName("st_blksize"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("st_blocks"),
            JAVA_LONG.withName("st_atime"), JAVA_LONG.withName("st_atime_nsec"),
            JAVA_LONG.withName("st_mtime"), JAVA_LONG.withName("st_mtime_nsec"),
            JAVA_LONG.withName("st_ctime"), JAVA_LONG.withName("st_ctime_nsec"),
            MemoryLayout.paddingLayout(8));

    /** The layout in use on this machine. */
    public static final StructLayout LAYOUT = layoutFor(System.getProperty("os.arch"));

    /** {@code S_IFMT} and the file types of inode(7). */
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFIFO = 0010000;

    private static final long MODE = LAYOUT.byteOffset(groupElement("st_mode"));
    private static final long INO = LAYOUT.byteOffset(groupElement("st_ino"));
    private static final long SIZE = LAYOUT.byteOffset(groupElement("st_size"));
    private static final long MTIME = LAYOUT.byteOffset(groupElement("st_mtime"));
    private static final long MTIME_NSEC = LAYOUT.byteOffset(groupElement("st_mtime_nsec"));

    private static final MethodHandle FSTAT = Native.errnoHandle("fstat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private Stat() {}

    /** The layout the kernel uses on {@code osArch} (a value of {@code os.arch}). */
    public static StructLayout layoutFor(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            default -> GENERIC;
        };
    }

    /**
     * fstat(2) of {@code fd}: on success returns 0 and fills {@code out[0..4]} with st_mode,
     * st_ino, st_size and the modification time in nanoseconds; else -errno.
     */
    public static int fstat(int fd, long[] out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(LAYOUT);
            int r = (int) FSTAT.invokeExact(fd, buf);
            if (r < 0) {
                return r;
            }
            out[0] = Integer.toUnsignedLong(buf.get(JAVA_INT, MODE));
            out[1] = buf.get(JAVA_LONG, INO);
            out[2] = buf.get(JAVA_LONG, SIZE);
            out[3] = buf.get(JAVA_LONG, MTIME) * 1_000_000_000L + buf.get(JAVA_LONG, MTIME_NSEC);
            return 0;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
