package io.epoll4j.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * GET /plaintext the way a Netty application answers it: a {@link FullHttpResponse} per
 * request with {@code Server}, {@code Date}, {@code Content-Type} and {@code Content-Length}
 * (the same 130 bytes as the other peers), written as requests are decoded and flushed once
 * per read batch, so 16 pipelined requests cost one write. Keep-alive as HTTP/1.1 says.
 */
final class NettyHttpCodecHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BODY));
    private static final AsciiString SERVER = AsciiString.cached("bench");
    private static final AsciiString LENGTH = AsciiString.cached(Integer.toString(BODY.length));
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private static volatile AsciiString date = date(System.currentTimeMillis() / 1000);
    private static volatile long dateSecond = System.currentTimeMillis() / 1000;

    private boolean keepAlive = true;

    private static AsciiString date(long epochSecond) {
        return new AsciiString(HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond),
                ZoneOffset.UTC)));
    }

    private static AsciiString now() {
        long s = System.currentTimeMillis() / 1000;
        if (s != dateSecond) {
            // Racing loops build the same value; the last write wins and is equally right.
            date = date(s);
            dateSecond = s;
        }
        return date;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            keepAlive = HttpUtil.isKeepAlive(request);
        }
        if (msg instanceof LastHttpContent) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    CONTENT.duplicate());
            response.headers()
                    .set(HttpHeaderNames.SERVER, SERVER)
                    .set(HttpHeaderNames.DATE, now())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .set(HttpHeaderNames.CONTENT_LENGTH, LENGTH);
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by wrk at the end of a run is normal; nothing to report
    }
}
