package dev.tailor.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body without holding a thread while the client sends it: the servlet's
 * non-blocking {@link ReadListener} is called only when bytes have arrived, so a client trickling
 * one byte every few seconds costs a connection, not one of Jetty's threads (a blocking
 * {@code ctx.bodyAsBytes()} let ~250 such clients take every thread, and the site with them). The
 * whole body must arrive within the read deadline, else 408; more than the limit is 413.
 */
final class BodyReader {

    private BodyReader() {
    }

    /**
     * Starts reading; the future completes with the body, or fails with an {@link ApiError}. The
     * request is put in async mode here, so the handler must answer through {@code ctx.future}.
     */
    static CompletableFuture<byte[]> read(Context ctx, int maxBytes, Duration deadline) {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        AsyncContext async = ctx.req().isAsyncStarted() ? ctx.req().getAsyncContext() : ctx.req().startAsync();
        async.setTimeout(0); // the deadline below answers; the container's own timeout would answer 500
        ServletInputStream in;
        try {
            in = ctx.req().getInputStream();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(aborted());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bufferSize(ctx.req().getContentLengthLong()));
        in.setReadListener(new ReadListener() {
            // sized to the declared body when there is one: a single event is a few hundred bytes, read once
            private final byte[] buffer = new byte[bufferSize(ctx.req().getContentLengthLong())];

            @Override
            public void onDataAvailable() throws IOException {
                while (!body.isDone() && in.isReady()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    if (out.size() + n > maxBytes) {
                        body.completeExceptionally(tooLarge("over " + maxBytes + " bytes", maxBytes));
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            }

            @Override
            public void onAllDataRead() {
                body.complete(out.toByteArray());
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(failed(t, deadline));
            }
        });
        return body.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = ApiError.causeOf(e);
            if (cause instanceof TimeoutException) {
                ctx.header("Connection", "close");
                return CompletableFuture.failedFuture(slow(deadline));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static int bufferSize(long declared) {
        return declared > 0 ? (int) Math.min(16 * 1024, declared + 1) : 16 * 1024;
    }

    static ApiError tooLarge(String size, int maxBytes) {
        return ApiError.tooLarge("body", "body is " + size + "; at most " + maxBytes + " bytes per request: split the batch");
    }

    /** Why a body's read failed: the client went away (400), or sent slower than the minimum data rate or idled (408). */
    static ApiError failed(Throwable failure, Duration deadline) {
        boolean tooSlow = failure instanceof TimeoutException
                || failure instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 408;
        return tooSlow ? slow(deadline) : aborted();
    }

    static ApiError slow(Duration deadline) {
        return ApiError.requestTimeout("body", "the body did not arrive within " + deadline.toSeconds()
                + " s (TAILOR_BODY_READ_TIMEOUT) or came slower than TAILOR_MIN_REQUEST_DATA_RATE: send it at once");
    }

    private static ApiError aborted() {
        return ApiError.badRequest("body", "the body was cut off before its end: resend the request");
    }
}
