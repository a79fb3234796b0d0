package io.epoll4j.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;

/** A thread blocked in {@link Selector#select()}, woken by {@link Selector#wakeup()}. */
final class SelectorWakeTarget implements WakeTarget {
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long rounds;

    SelectorWakeTarget() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().daemon().name("selector-loop").start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                // With nothing registered a return is a wakeup (or, rarely, an interrupt).
                selector.select();
                rounds = rounds + 1; // single writer
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void wake() {
        selector.wakeup();
    }

    @Override
    public long rounds() {
        return rounds;
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        thread.join();
        selector.close();
    }
}
