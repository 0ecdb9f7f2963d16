package dev.gatehouse.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the bytes already sent on a client connection reach the socket before the connection closes.
 * Netty drops what is still queued when a channel closes, and on io_uring a write is still queued
 * until the kernel completes it, after the call that sent it returned: Vert.x's graceful shutdown
 * closes a connection right after its last answer ends, which cut the end of a stream finishing
 * during a drain (the last chunk and {@code [DONE]}). So a close that finds writes queued waits for
 * them (an empty write completes after everything queued before it), for {@link #MAX_WAIT_MILLIS}
 * at most, so a client that stopped reading cannot hold its connection open.
 */
@ChannelHandler.Sharable
final class WritesBeforeClose extends ChannelOutboundHandlerAdapter {

    /** Long enough for any write a reading client will take; a close is never delayed beyond it. */
    static final long MAX_WAIT_MILLIS = 2_000;

    private static final WritesBeforeClose INSTANCE = new WritesBeforeClose();

    private WritesBeforeClose() {}

    /** Adds the handler next to the socket of {@code connection}, so it sees every close. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().pipeline().addFirst(INSTANCE);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelOutboundBuffer queued = ctx.channel().unsafe().outboundBuffer();
        if (queued == null || queued.isEmpty() || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeOnce = () -> {
            if (closed.compareAndSet(false, true)) {
                ctx.close(promise);
            }
        };
        ScheduledFuture<?> backstop = ctx.executor().schedule(closeOnce, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            backstop.cancel(false);
            closeOnce.run();
        });
    }
}
