package io.epoll4j.http;

/**
 * The HTTP versions this server speaks. Any other well-formed version is answered with
 * 505 HTTP Version Not Supported.
 *
 * {@snippet :
 * boolean persistent = request.version() == HttpVersion.HTTP_1_1;
 * }
 */
public enum HttpVersion {
    /** HTTP/1.0: the connection closes after each response unless the client asks for keep-alive. */
    HTTP_1_0,
    /** HTTP/1.1: connections persist unless either side sends {@code Connection: close}. */
    HTTP_1_1
}
