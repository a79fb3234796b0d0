package io.epoll4j.sys;

import java.lang.foreign.MemorySegment;

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
    public static final long SIZE = 128;

    private SignalfdSiginfo() {}

    public static int ssiSigno(MemorySegment s) { return s.get(JAVA_INT, 0); }
    public static int ssiErrno(MemorySegment s) { return s.get(JAVA_INT, 4); }
    public static int ssiCode(MemorySegment s) { return s.get(JAVA_INT, 8); }
    public static int ssiPid(MemorySegment s) { return s.get(JAVA_INT, 12); }
    public static int ssiUid(MemorySegment s) { return s.get(JAVA_INT, 16); }
    public static int ssiFd(MemorySegment s) { return s.get(JAVA_INT, 20); }
    public static int ssiTid(MemorySegment s) { return s.get(JAVA_INT, 24); }
    public static int ssiBand(MemorySegment s) { return s.get(JAVA_INT, 28); }
    public static int ssiOverrun(MemorySegment s) { return s.get(JAVA_INT, 32); }
    public static int ssiTrapno(MemorySegment s) { return s.get(JAVA_INT, 36); }
    public static int ssiStatus(MemorySegment s) { return s.get(JAVA_INT, 40); }
    public static int ssiInt(MemorySegment s) { return s.get(JAVA_INT, 44); }
    public static long ssiPtr(MemorySegment s) { return s.get(JAVA_LONG, 48); }
    public static long ssiUtime(MemorySegment s) { return s.get(JAVA_LONG, 56); }
    public static long ssiStime(MemorySegment s) { return s.get(JAVA_LONG, 64); }
    public static long ssiAddr(MemorySegment s) { return s.get(JAVA_LONG, 72); }
    public static short ssiAddrLsb(MemorySegment s) { return s.get(JAVA_SHORT, 80); }
    public static int ssiSyscall(MemorySegment s) { return s.get(JAVA_INT, 84); }
    public static long ssiCallAddr(MemorySegment s) { return s.get(JAVA_LONG, 88); }
    public static int ssiArch(MemorySegment s) { return s.get(JAVA_INT, 96); }
}
