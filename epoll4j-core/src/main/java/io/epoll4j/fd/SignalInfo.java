package io.epoll4j.fd;

import io.epoll4j.sys.SignalfdSiginfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One {@code struct signalfd_siginfo}, as {@link SignalFd#read(SignalInfo)} fills it: the
 * object owns 128 bytes of native memory the kernel reads into, so reusing it allocates
 * nothing. The accessors are named after the fields without the {@code ssi_} prefix.
 *
 * {@snippet :
 * SignalInfo info = new SignalInfo();            // once
 * while (signals.read(info)) {                   // no allocation per signal
 *     System.out.println(Signals.name(info.signo()) + " from pid " + info.pid());
 * }
 * }
 *
 * <p>Which fields mean something depends on the signal and on {@link #code()} (see
 * sigaction(2)): {@code pid} and {@code uid} for signals sent by kill(2), tgkill(2) or
 * sigqueue(3); {@code status}, {@code utime} and {@code stime} for SIGCHLD; {@code fd} and
 * {@code band} for SIGIO; {@code addr} for hardware faults. One object is used by one thread at
 * a time.
 */
public final class SignalInfo {
    /** ssi_code: sent by kill(2). */
    public static final int SI_USER = 0;
    /** ssi_code: sent by the kernel. */
    public static final int SI_KERNEL = 0x80;
    /** ssi_code: sent by sigqueue(3). */
    public static final int SI_QUEUE = -1;
    /** ssi_code: a POSIX timer expired. */
    public static final int SI_TIMER = -2;
    /** ssi_code: a POSIX message queue changed state. */
    public static final int SI_MESGQ = -3;
    /** ssi_code: asynchronous I/O completed. */
    public static final int SI_ASYNCIO = -4;
    /** ssi_code: queued SIGIO. */
    public static final int SI_SIGIO = -5;
    /** ssi_code: sent by tkill(2) or tgkill(2). */
    public static final int SI_TKILL = -6;
    /** ssi_code for SIGCHLD: the child exited; {@link #status()} is its exit status. */
    public static final int CLD_EXITED = 1;
    /** ssi_code for SIGCHLD: the child was killed; {@link #status()} is the signal. */
    public static final int CLD_KILLED = 2;
    /** ssi_code for SIGCHLD: the child was killed and dumped core. */
    public static final int CLD_DUMPED = 3;
    /** ssi_code for SIGCHLD: a traced child trapped. */
    public static final int CLD_TRAPPED = 4;
    /** ssi_code for SIGCHLD: the child stopped. */
    public static final int CLD_STOPPED = 5;
    /** ssi_code for SIGCHLD: a stopped child continued. */
    public static final int CLD_CONTINUED = 6;

    private final MemorySegment siginfo;

    /** An empty siginfo (all fields 0) in native memory freed with this object. */
    public SignalInfo() {
        this.siginfo = Arena.ofAuto().allocate(SignalfdSiginfo.SIZE, 8);
    }

    /** The native struct, for the read call. */
    MemorySegment segment() {
        return siginfo;
    }

    /** ssi_signo: the signal number. */
    public int signo() {
        return SignalfdSiginfo.ssiSigno(siginfo);
    }

    /** ssi_errno: an error number (generally unused). */
    public int errno() {
        return SignalfdSiginfo.ssiErrno(siginfo);
    }

    /** ssi_code: how it was sent, such as {@link #SI_USER} or {@link #SI_TKILL}. */
    public int code() {
        return SignalfdSiginfo.ssiCode(siginfo);
    }

    /** ssi_pid: the process ID of the sender. */
    public int pid() {
        return SignalfdSiginfo.ssiPid(siginfo);
    }

    /** ssi_uid: the real user ID of the sender. */
    public int uid() {
        return SignalfdSiginfo.ssiUid(siginfo);
    }

    /** ssi_fd: the file descriptor, for SIGIO. */
    public int fd() {
        return SignalfdSiginfo.ssiFd(siginfo);
    }

    /** ssi_tid: the kernel timer ID, for POSIX timers. */
    public int tid() {
        return SignalfdSiginfo.ssiTid(siginfo);
    }

    /** ssi_band: the band event, for SIGIO. */
    public int band() {
        return SignalfdSiginfo.ssiBand(siginfo);
    }

    /** ssi_overrun: the POSIX timer overrun count. */
    public int overrun() {
        return SignalfdSiginfo.ssiOverrun(siginfo);
    }

    /** ssi_trapno: the trap number that caused a hardware signal. */
    public int trapno() {
        return SignalfdSiginfo.ssiTrapno(siginfo);
    }

    /** ssi_status: the exit status or the signal, for SIGCHLD. */
    public int status() {
        return SignalfdSiginfo.ssiStatus(siginfo);
    }

    /** ssi_int: the integer sent by sigqueue(3). */
    public int intValue() {
        return SignalfdSiginfo.ssiInt(siginfo);
    }

    /** ssi_ptr: the pointer sent by sigqueue(3). */
    public long ptr() {
        return SignalfdSiginfo.ssiPtr(siginfo);
    }

    /** ssi_utime: user CPU time consumed, for SIGCHLD (clock ticks). */
    public long utime() {
        return SignalfdSiginfo.ssiUtime(siginfo);
    }

    /** ssi_stime: system CPU time consumed, for SIGCHLD (clock ticks). */
    public long stime() {
        return SignalfdSiginfo.ssiStime(siginfo);
    }

    /** ssi_addr: the address that generated a hardware signal. */
    public long addr() {
        return SignalfdSiginfo.ssiAddr(siginfo);
    }

    /** ssi_addr_lsb: the least significant bit of the address, for SIGBUS. */
    public int addrLsb() {
        return SignalfdSiginfo.ssiAddrLsb(siginfo) & 0xFFFF;
    }

    /** ssi_syscall: the system call number, for SIGSYS (Linux 3.18). */
    public int syscall() {
        return SignalfdSiginfo.ssiSyscall(siginfo);
    }

    /** ssi_call_addr: the address of the system call instruction, for SIGSYS. */
    public long callAddr() {
        return SignalfdSiginfo.ssiCallAddr(siginfo);
    }

    /** ssi_arch: the AUDIT_ARCH_* of the system call, for SIGSYS. */
    public int arch() {
        return SignalfdSiginfo.ssiArch(siginfo);
    }

    /** A copy that later reads into this object do not change. */
    public SignalInfo copy() {
        SignalInfo copy = new SignalInfo();
        copy.siginfo.copyFrom(siginfo);
        return copy;
    }

    @Override
    public String toString() {
        return "SignalInfo[" + Signals.name(signo()) + ", code " + code() + ", pid " + pid()
                + ", uid " + uid() + ", status " + status() + "]";
    }
}
