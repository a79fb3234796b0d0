package io.epoll4j.sys;

/**
 * A thread that carries its own state for downcalls (errno capture segment and scratch), so
 * that every system call it makes finds that state with a type check instead of a
 * {@code ThreadLocal} lookup. Event loops run on one.
 *
 * {@snippet :
 * Thread loop = NativeThread.of("io-1", false, () -> System.out.println("on the loop"));
 * loop.start();
 * }
 *
 * <p>Any other thread works too: it gets its state from a {@code ThreadLocal} on its first call.
 */
public final class NativeThread extends Thread {
    final ThreadState state = new ThreadState(Native.CAPTURE);

    private NativeThread(Runnable task, String name) {
        super(task, name);
    }

    /** A platform thread called {@code name}, a daemon or not, that will run {@code task}. */
    public static NativeThread of(String name, boolean daemon, Runnable task) {
        NativeThread t = new NativeThread(task, name);
        t.setDaemon(daemon);
        return t;
    }
}
