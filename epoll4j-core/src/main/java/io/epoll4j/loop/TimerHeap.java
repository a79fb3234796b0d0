package io.epoll4j.loop;

import java.util.Arrays;

/**
 * The loop's pending timers: a binary min-heap on deadline, each task knowing its index so a
 * cancel removes it in O(log n) instead of leaving it to its deadline. Loop thread only.
 */
final class TimerHeap {
    private ScheduledTask[] heap = new ScheduledTask[64];
    private int size;
    private long sequence;

    int size() {
        return size;
    }

    /** The earliest task, or null. */
    ScheduledTask peek() {
        return size == 0 ? null : heap[0];
    }

    void add(ScheduledTask t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.sequence = sequence++;
        siftUp(size++, t);
    }

    /** Removes and returns the earliest task. */
    ScheduledTask poll() {
        ScheduledTask first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code t} if it is in the heap. */
    void remove(ScheduledTask t) {
        int i = t.heapIndex;
        if (i >= 0 && i < size && heap[i] == t) {
            removeAt(i);
        }
    }

    /** Empties the heap, giving each task to {@code action}. */
    void clear(java.util.function.Consumer<ScheduledTask> action) {
        for (int i = 0; i < size; i++) {
            ScheduledTask t = heap[i];
            heap[i] = null;
            t.heapIndex = -1;
            action.accept(t);
        }
        size = 0;
    }

    private void removeAt(int i) {
        ScheduledTask gone = heap[i];
        gone.heapIndex = -1;
        ScheduledTask last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (heap[i] == last) {
                siftUp(i, last);
            }
        }
    }

    private void siftUp(int i, ScheduledTask t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            ScheduledTask p = heap[parent];
            if (!t.before(p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, t);
    }

    private void siftDown(int i, ScheduledTask t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            ScheduledTask c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(t)) {
                break;
            }
            place(i, c);
            i = child;
        }
        place(i, t);
    }

    private void place(int i, ScheduledTask t) {
        heap[i] = t;
        t.heapIndex = i;
    }
}
