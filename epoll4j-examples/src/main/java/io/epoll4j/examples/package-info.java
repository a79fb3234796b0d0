/**
 * Runnable programs on epoll4j. Each has a {@code main} and a method the tests drive:
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run stdin           # StdinExample: echo what arrives on stdin
 * epoll4j-examples/run echo 7007       # EchoServer: a TCP echo server
 * epoll4j-examples/run proxy 7008 127.0.0.1:7007   # TcpProxy: relay connections to a backend
 * epoll4j-examples/run watch /tmp      # FileWatcher: inotify events of a directory
 * epoll4j-examples/run child sleep 1   # ChildExitWaiter: wait for a child through a pidfd
 * epoll4j-examples/run ticker 250 8    # TimerTicker: a timerfd ticking every 250 ms, 8 times
 * epoll4j-examples/run http 8081       # HttpExample: the HTTP server with a route of its own
 * }
 */
package io.epoll4j.examples;
