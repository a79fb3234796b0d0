/*
 * The C floor of the macro benchmark: the least work a single-threaded epoll server can do
 * to answer GET /plaintext honestly.
 *
 *   epoll_server HOST PORT
 *
 * Edge-triggered, non-blocking sockets. A request is recognised by its terminating
 * "\r\n\r\n" (a small state machine keeps a match that straddles two reads), so pipelined
 * requests are answered one response each, and all responses of one read batch leave in a
 * single send(2). The Date header is rebuilt at most once per second. No request bodies,
 * no header parsing: this is the floor, not a web server.
 *
 * recv(2) and send(2), not read(2) and write(2): on a socket they skip the VFS layer
 * (rw_verify_area, fsnotify), about 3 % of a request's CPU on loopback, and a floor is the
 * least work; epoll4j calls them too.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 512
#define READ_SIZE 65536
#define BODY "Hello, World!"

/* Per-connection state. Output that did not fit in the socket waits in pending. */
struct conn {
    int fd;
    int match;          /* how many bytes of "\r\n\r\n" matched at the end of the last read */
    char *pending;
    size_t pending_len;
    size_t pending_cap;
};

static char response[256];
static size_t response_len;
static time_t response_second;

static void refresh_response(time_t now) {
    char date[64];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    response_len = (size_t) snprintf(response, sizeof response,
        "HTTP/1.1 200 OK\r\nServer: bench\r\nDate: %s\r\n"
        "Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
        date, strlen(BODY), BODY);
    response_second = now;
}

/* Counts complete request heads in buf, carrying a partial terminator match in *match.
   Outside a match it jumps to the next '\r' with memchr, which is most of the bytes. */
static size_t count_requests(const char *buf, size_t len, int *match) {
    static const char term[4] = {'\r', '\n', '\r', '\n'};
    size_t n = 0;
    int m = *match;
    size_t i = 0;
    while (i < len) {
        if (m == 0) {
            const char *cr = memchr(buf + i, '\r', len - i);
            if (cr == NULL) break;
            i = (size_t) (cr - buf);
        }
        char c = buf[i++];
        if (c == term[m]) {
            if (++m == 4) { n++; m = 0; }
        } else {
            m = (c == '\r') ? 1 : 0;
        }
    }
    *match = m;
    return n;
}

static void close_conn(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->pending);
    free(c);
}

static int append_pending(struct conn *c, const char *data, size_t len) {
    if (c->pending_len + len > c->pending_cap) {
        size_t cap = c->pending_cap ? c->pending_cap : 4096;
        while (cap < c->pending_len + len) cap *= 2;
        char *p = realloc(c->pending, cap);
        if (!p) return -1;
        c->pending = p;
        c->pending_cap = cap;
    }
    memcpy(c->pending + c->pending_len, data, len);
    c->pending_len += len;
    return 0;
}

/* Writes what is pending; returns 0 when drained, 1 when the socket is full, -1 on error. */
static int flush_pending(struct conn *c) {
    size_t off = 0;
    while (off < c->pending_len) {
        ssize_t w = send(c->fd, c->pending + off, c->pending_len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            return -1;
        }
        off += (size_t) w;
    }
    memmove(c->pending, c->pending + off, c->pending_len - off);
    c->pending_len -= off;
    return c->pending_len ? 1 : 0;
}

/* Writes data, keeping what the socket did not take; returns -1 on a broken connection. */
static int send_or_keep(struct conn *c, const char *data, size_t len) {
    if (c->pending_len) return append_pending(c, data, len); /* keep the order */
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(c->fd, data + off, len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            return -1;
        }
        off += (size_t) w;
    }
    return off < len ? append_pending(c, data + off, len - off) : 0;
}

/* Returns -1 when it closed the connection. */
static int on_readable(int ep, struct conn *c, uint32_t e, char *in, char **out, size_t *out_cap) {
    for (;;) {
        ssize_t r = recv(c->fd, in, READ_SIZE, 0);
        if (r == 0) { close_conn(ep, c); return -1; }
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return 0;
            close_conn(ep, c);
            return -1;
        }
        size_t n = count_requests(in, (size_t) r, &c->match);
        if (n > 0) {
            size_t need = n * response_len;
            if (need > *out_cap) {
                while (*out_cap < need) *out_cap *= 2;
                *out = realloc(*out, *out_cap);
                if (!*out) { perror("realloc"); exit(1); }
            }
            for (size_t i = 0; i < n; i++) memcpy(*out + i * response_len, response, response_len);
            if (send_or_keep(c, *out, need) < 0) { close_conn(ep, c); return -1; }
        }
        /* A short read drained the socket: new data raises a new edge, so the read that
           would only return EAGAIN is skipped. A hang-up still needs the read that sees 0. */
        if ((size_t) r < READ_SIZE && !(e & (EPOLLRDHUP | EPOLLHUP))) return 0;
    }
}

static int on_writable(int ep, struct conn *c) {
    if (c->pending_len && flush_pending(c) < 0) { close_conn(ep, c); return -1; }
    return 0;
}

static void on_acceptable(int ep, int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN) perror("accept4");
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        if (!c) { close(fd); return; }
        c->fd = fd;
        struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
                                  .data.ptr = c };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(c); }
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s HOST PORT\n", argv[0]); return 2; }
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[2])) };
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) { fprintf(stderr, "bad host\n"); return 2; }
    if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, 4096) < 0) { perror("listen"); return 1; }

    int ep = epoll_create1(EPOLL_CLOEXEC);
    /* The listener is level-triggered on purpose: a burst bigger than one accept loop is
       simply reported again. Its data.ptr is NULL, which no connection has. */
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);

    size_t out_cap = 65536;
    char *out = malloc(out_cap);
    char *in = malloc(READ_SIZE);
    refresh_response(time(NULL));
    fprintf(stderr, "epoll_server listening on %s:%s\n", argv[1], argv[2]);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, 1000);
        if (n < 0 && errno != EINTR) { perror("epoll_wait"); return 1; }
        time_t now = time(NULL); /* vDSO: no system call */
        if (now != response_second) refresh_response(now);
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) { on_acceptable(ep, lfd); continue; }
            uint32_t e = events[i].events;
            if (e & EPOLLERR) { close_conn(ep, c); continue; }
            if ((e & EPOLLOUT) && on_writable(ep, c) < 0) continue;
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) on_readable(ep, c, e, in, &out, &out_cap);
        }
    }
}
