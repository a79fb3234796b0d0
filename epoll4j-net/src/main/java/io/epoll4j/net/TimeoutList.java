package io.epoll4j.net;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.ScheduledTask;

import java.util.concurrent.TimeUnit;

/**
 * The connections of one loop that share one timeout ({@code ConnectionOptions.idleTimeout} or
 * {@code readTimeout} of one length): an intrusive doubly linked list through
 * {@link Connection}'s own link fields, so a waiting connection holds no timer object, and one
 * loop timer for the whole list.
 *
 * <p>Activity costs one store: the connection's {@code since} time. The list is kept sorted by
 * each entry's {@code pos}, a time no later than its {@code since}; the timer is aimed at the
 * head's {@code pos + nanos}, the earliest moment any entry can expire. When it fires, each
 * entry due by {@code pos} either expired (silent since then: the handler hears of it, and it
 * is timed afresh from now) or was active meanwhile and moves back to its true place, by its
 * {@code since}. So a timeout never fires early, and the list work happens once per timeout
 * period per connection, never per read. Loop thread only.
 */
final class TimeoutList {
    /** Which of a connection's two sets of links this list uses. */
    static final int IDLE = 0;
    static final int READ = 1;

    private final EventLoop loop;
    final long nanos;
    private final int kind;
    private final Runnable fire = this::fire;
    private Connection head;
    private Connection tail;
    private ScheduledTask timer;

    TimeoutList(EventLoop loop, long nanos, int kind) {
        this.loop = loop;
        this.nanos = nanos;
        this.kind = kind;
    }

    /** Starts timing {@code c} from {@code now}. */
    void add(Connection c, long now) {
        setSince(c, now);
        insert(c, now);
        if (timer == null) {
            arm(since(head) + nanos, now);
        }
    }

    void remove(Connection c) {
        if (!linked(c)) {
            return;
        }
        unlink(c);
        if (head == null && timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        long now = System.nanoTime();
        Connection c;
        while ((c = head) != null && now - pos(c) >= nanos) {
            unlink(c);
            if (now - since(c) >= nanos) {
                setSince(c, now);    // once per silent period; the handler usually closes it
                insert(c, now);
                c.timedOut(kind == IDLE ? ConnectionHandler.Timeout.IDLE : ConnectionHandler.Timeout.READ);
            } else {
                insert(c, since(c)); // active meanwhile: back to where its last activity puts it
            }
        }
        if (head != null && timer == null) {
            arm(pos(head) + nanos, now);
        }
    }

    private void arm(long deadline, long now) {
        timer = loop.schedule(fire, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
    }

    /** Links {@code c} in at {@code at}, after every entry whose pos is not later (usually the tail). */
    private void insert(Connection c, long at) {
        setPos(c, at);
        setLinked(c, true);
        Connection after = tail;
        while (after != null && pos(after) - at > 0) {
            after = prev(after);
        }
        Connection before = after == null ? head : next(after);
        setPrev(c, after);
        setNext(c, before);
        if (after == null) {
            head = c;
        } else {
            setNext(after, c);
        }
        if (before == null) {
            tail = c;
        } else {
            setPrev(before, c);
        }
    }

    private void unlink(Connection c) {
        Connection p = prev(c);
        Connection n = next(c);
        if (p == null) {
            head = n;
        } else {
            setNext(p, n);
        }
        if (n == null) {
            tail = p;
        } else {
            setPrev(n, p);
        }
        setPrev(c, null);
        setNext(c, null);
        setLinked(c, false);
    }

    // The two sets of links in Connection, by kind: fields, not arrays, to keep connections small.

    private long since(Connection c) {
        return kind == IDLE ? c.idleSince : c.readSince;
    }

    private void setSince(Connection c, long v) {
        if (kind == IDLE) {
            c.idleSince = v;
        } else {
            c.readSince = v;
        }
    }

    private long pos(Connection c) {
        return kind == IDLE ? c.idlePos : c.readPos;
    }

    private void setPos(Connection c, long v) {
        if (kind == IDLE) {
            c.idlePos = v;
        } else {
            c.readPos = v;
        }
    }

    private boolean linked(Connection c) {
        return kind == IDLE ? c.idleLinked : c.readLinked;
    }

    private void setLinked(Connection c, boolean v) {
        if (kind == IDLE) {
            c.idleLinked = v;
        } else {
            c.readLinked = v;
        }
    }

    private Connection prev(Connection c) {
        return kind == IDLE ? c.idlePrev : c.readPrev;
    }

    private void setPrev(Connection c, Connection v) {
        if (kind == IDLE) {
            c.idlePrev = v;
        } else {
            c.readPrev = v;
        }
    }

    private Connection next(Connection c) {
        return kind == IDLE ? c.idleNext : c.readNext;
    }

    private void setNext(Connection c, Connection v) {
        if (kind == IDLE) {
            c.idleNext = v;
        } else {
            c.readNext = v;
        }
    }
}
