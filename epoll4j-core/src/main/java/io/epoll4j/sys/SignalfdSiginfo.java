package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Accessors over {@code struct signalfd_siginfo}, jextract style: no object per struct. The
 * same 128 bytes on every architecture (signalfd(2)):
 *
 * <pre>
 * struct signalfd_siginfo {
 *     uint32_t ssi_signo;    //  0  signal number
 *     int32_t  ssi_errno;    //  4  error number (unused)
 *     int32_t  ssi_code;     //  8  signal code
 *     uint32_t ssi_pid;      // 12  PID of sender
 *     uint32_t ssi_uid;      // 16  real UID of sender
 *     int32_t  ssi_fd;       // 20  file descriptor (SIGIO)
 *     uint32_t ssi_tid;      // 24  kernel timer ID (POSIX timers)
 *     uint32_t ssi_band;     // 28  band event (SIGIO)
 *     uint32_t ssi_overrun;  // 32  POSIX timer overrun count
 *     uint32_t ssi_trapno;   // 36  trap number that caused signal
 *     int32_t  ssi_status;   // 40  exit status or signal (SIGCHLD)
 *     int32_t  ssi_int;      // 44  integer sent by sigqueue(3)
 *     uint64_t ssi_ptr;      // 48  pointer sent by sigqueue(3)
 *     uint64_t ssi_utime;    // 56  user CPU time consumed (SIGCHLD)
 *     uint64_t ssi_stime;    // 64  system CPU time consumed (SIGCHLD)
 *     uint64_t ssi_addr;     // 72  address that generated signal (hardware signals)
 *     uint16_t ssi_addr_lsb; // 80  least significant bit of address (SIGBUS)
 *     uint16_t __pad2;
 *     int32_t  ssi_syscall;  // 84  system call number (SIGSYS)
 *     uint64_t ssi_call_addr;// 88  address of system call instruction (SIGSYS)
 *     uint32_t ssi_arch;     // 96  AUDIT_ARCH_* of system call (SIGSYS)
 *     uint8_t  pad[28];
 * };
 * </pre>
 */
public final class SignalfdSiginfo {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("ssi_signo"),
            JAVA_INT.withName("ssi_errno"),
            JAVA_INT.withName("ssi_code"),
            JAVA_INT.withName("ssi_pid"),
            JAVA_INT.withName("ssi_uid"),
            JAVA_INT.withName("ssi_fd"),
            JAVA_INT.withName("ssi_tid"),
            JAVA_INT.withName("ssi_band"),
            JAVA_INT.withName("ssi_overrun"),
            JAVA_INT.withName("ssi_trapno"),
            JAVA_INT.withName("ssi_status"),
            JAVA_INT.withName("ssi_int"),
            JAVA_LONG.withName("ssi_ptr"),
            JAVA_LONG.withName("ssi_utime"),
            JAVA_LONG.withName("ssi_stime"),
            JAVA_LONG.withName("ssi_addr"),
            JAVA_SHORT.withName("ssi_addr_lsb"),
            JAVA_SHORT.withName("__pad2"),
            JAVA_INT.withName("ssi_syscall"),
            JAVA_LONG.withName("ssi_call_addr"),
            JAVA_INT.withName("ssi_arch"),
            MemoryLayout.sequenceLayout(28, JAVA_BYTE).withName("pad"));
    public static final long SIZE = LAYOUT.byteSize();

    private static final long SSI_SIGNO = at("ssi_signo");
    private static final long SSI_ERRNO = at("ssi_errno");
    private static final long SSI_CODE = at("ssi_code");
    private static final long SSI_PID = at("ssi_pid");
    private static final long SSI_UID = at("ssi_uid");
    private static final long SSI_FD = at("ssi_fd");
    private static final long SSI_TID = at("ssi_tid");
    private static final long SSI_BAND = at("ssi_band");
    private static final long SSI_OVERRUN = at("ssi_overrun");
    private static final long SSI_TRAPNO = at("ssi_trapno");
    private static final long SSI_STATUS = at("ssi_status");
    private static final long SSI_INT = at("ssi_int");
    private static final long SSI_PTR = at("ssi_ptr");
    private static final long SSI_UTIME = at("ssi_utime");
    private static final long SSI_STIME = at("ssi_stime");
    private static final long SSI_ADDR = at("ssi_addr");
    private static final long SSI_ADDR_LSB = at("ssi_addr_lsb");
    private static final long SSI_SYSCALL = at("ssi_syscall");
    private static final long SSI_CALL_ADDR = at("ssi_call_addr");
    private static final long SSI_ARCH = at("ssi_arch");

    private SignalfdSiginfo() {}

    private static long at(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    public static int ssiSigno(MemorySegment s) { return s.get(JAVA_INT, SSI_SIGNO); }
    public static int ssiErrno(MemorySegment s) { return s.get(JAVA_INT, SSI_ERRNO); }
    public static int ssiCode(MemorySegment s) { return s.get(JAVA_INT, SSI_CODE); }
    public static int ssiPid(MemorySegment s) { return s.get(JAVA_INT, SSI_PID); }
    public static int ssiUid(MemorySegment s) { return s.get(JAVA_INT, SSI_UID); }
    public static int ssiFd(MemorySegment s) { return s.get(JAVA_INT, SSI_FD); }
    public static int ssiTid(MemorySegment s) { return s.get(JAVA_INT, SSI_TID); }
    public static int ssiBand(MemorySegment s) { return s.get(JAVA_INT, SSI_BAND); }
    public static int ssiOverrun(MemorySegment s) { return s.get(JAVA_INT, SSI_OVERRUN); }
    public static int ssiTrapno(MemorySegment s) { return s.get(JAVA_INT, SSI_TRAPNO); }
    public static int ssiStatus(MemorySegment s) { return s.get(JAVA_INT, SSI_STATUS); }
    public static int ssiInt(MemorySegment s) { return s.get(JAVA_INT, SSI_INT); }
    public static long ssiPtr(MemorySegment s) { return s.get(JAVA_LONG, SSI_PTR); }
    public static long ssiUtime(MemorySegment s) { return s.get(JAVA_LONG, SSI_UTIME); }
    public static long ssiStime(MemorySegment s) { return s.get(JAVA_LONG, SSI_STIME); }
    public static long ssiAddr(MemorySegment s) { return s.get(JAVA_LONG, SSI_ADDR); }
    public static short ssiAddrLsb(MemorySegment s) { return s.get(JAVA_SHORT, SSI_ADDR_LSB); }
    public static int ssiSyscall(MemorySegment s) { return s.get(JAVA_INT, SSI_SYSCALL); }
    public static long ssiCallAddr(MemorySegment s) { return s.get(JAVA_LONG, SSI_CALL_ADDR); }
    public static int ssiArch(MemorySegment s) { return s.get(JAVA_INT, SSI_ARCH); }
}
