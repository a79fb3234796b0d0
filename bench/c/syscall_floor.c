/*
 * The C floor of the JMH syscall benchmarks (io.epoll4j.bench.jmh.SyscallFloorBench): the same
 * calls on the same kinds of descriptors, timed in a plain loop, so that the cost epoll4j adds
 * over the kernel can be stated as a ratio measured in the same run.
 *
 *   syscall_floor [ITERATIONS] [REPEATS]
 *
 * Prints one line per call, "name ns_per_op", the median over REPEATS timed loops of
 * ITERATIONS calls each (after one untimed loop to warm caches and the branch predictors):
 *
 *   epoll_ctl_mod      epoll_ctl(EPOLL_CTL_MOD) of a registered eventfd, mask unchanged
 *   eventfd_write_read write(2) of 1 to a non-blocking eventfd, then read(2) of it back
 *   epoll_wait_0       epoll_wait(timeout 0) with one idle eventfd registered, nothing ready
 *   epoll_pwait2_0     epoll_pwait2 with a zero timespec, the same (Linux 5.11, glibc 2.35)
 *
 * The median rather than the mean: the machine is shared, and a preempted loop should not
 * move the floor.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 64
#define MAX_REPEATS 64

static int epfd;
static int ready_fd;   /* registered, written to and read back */
static int idle_fd;    /* registered, never ready */
static struct epoll_event events[MAX_EVENTS];

static void die(const char *what) {
    fprintf(stderr, "syscall_floor: %s: %s\n", what, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static void ctl_mod(long n) {
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
    for (long i = 0; i < n; i++) {
        if (epoll_ctl(epfd, EPOLL_CTL_MOD, ready_fd, &ev) != 0) die("epoll_ctl");
    }
}

static void eventfd_write_read(long n) {
    uint64_t one = 1, value;
    for (long i = 0; i < n; i++) {
        if (write(ready_fd, &one, sizeof one) != sizeof one) die("write");
        if (read(ready_fd, &value, sizeof value) != sizeof value) die("read");
    }
}

static void wait_0(long n) {
    for (long i = 0; i < n; i++) {
        if (epoll_wait(epfd, events, MAX_EVENTS, 0) != 0) die("epoll_wait");
    }
}

static void pwait2_0(long n) {
    struct timespec zero = { 0, 0 };
    for (long i = 0; i < n; i++) {
        if (epoll_pwait2(epfd, events, MAX_EVENTS, &zero, NULL) != 0) die("epoll_pwait2");
    }
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static void measure(const char *name, void (*loop)(long), long iterations, int repeats) {
    double ns[MAX_REPEATS];
    loop(iterations / 4 + 1);
    for (int r = 0; r < repeats; r++) {
        uint64_t start = now_ns();
        loop(iterations);
        ns[r] = (double) (now_ns() - start) / (double) iterations;
    }
    qsort(ns, (size_t) repeats, sizeof ns[0], by_value);
    printf("%s %.2f\n", name, ns[repeats / 2]);
    fflush(stdout);
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 7;
    if (iterations < 1 || repeats < 1 || repeats > MAX_REPEATS) {
        fprintf(stderr, "usage: syscall_floor [ITERATIONS] [REPEATS 1..%d]\n", MAX_REPEATS);
        return 2;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    ready_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    idle_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd < 0 || ready_fd < 0 || idle_fd < 0) die("setup");
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, ready_fd, &ev) != 0) die("epoll_ctl(ADD)");
    ev.data.u64 = 2;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, idle_fd, &ev) != 0) die("epoll_ctl(ADD)");

    measure("epoll_ctl_mod", ctl_mod, iterations, repeats);
    measure("eventfd_write_read", eventfd_write_read, iterations, repeats);
    measure("epoll_wait_0", wait_0, iterations, repeats);
    measure("epoll_pwait2_0", pwait2_0, iterations, repeats);
    return 0;
}
