package dev.tailor.http;

import dev.tailor.build.ServedPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /api/track} answered by a Jetty handler in front of Javalin's servlet: the same rules
 * ({@link TrackApi}), without the servlet request, its session handler and async context, or the
 * servlet response's copy buffer. The body is read with Jetty's {@link Content.Source} into an array
 * of the declared length, without holding a thread while it arrives; the reply is written in one
 * {@link Response#write} with its constant headers encoded once.
 *
 * <p>It answers exactly as Javalin's route would, headers included ({@code Content-Type} of a 204 as
 * Javalin defaults it, a reply of 1,500 bytes or more gzip-compressed when the client takes gzip,
 * as Javalin's compression does, on the same {@code Accept-Encoding}s). A request it cannot answer the same way goes on to Javalin's
 * routes unchanged: another method or path, no {@code Content-Length} (a chunked body), an
 * {@code Expect} header, a content type other than JSON or plain text.
 */
final class TrackFastPath extends Handler.Wrapper {

    /** Javalin's compression: replies from this size on, when the client takes gzip. */
    static final int MIN_SIZE_FOR_GZIP = 1_500;
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    /** What Javalin's servlet response says of a body-less answer (its default content type). */
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

    private final TrackApi track;
    private final Set<String> trackPaths;
    private final long minRequestDataRate;

    /**
     * @param minRequestDataRate bytes per second below which an upload is a 408, as Jetty's servlet layer
     *                           measures it (from the body's first byte); 0 for none
     */
    TrackFastPath(TrackApi track, ServedPaths paths, long minRequestDataRate, Handler next) {
        super(next);
        this.track = track;
        // the route's paths: under the prefix always, at the old path when Tailor owns the origin
        this.trackPaths = paths.legacy() ? Set.of(paths.prefixed("/api/track"), "/api/track")
                : Set.of(paths.prefixed("/api/track"));
        this.minRequestDataRate = minRequestDataRate;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (HttpMethod.POST.is(request.getMethod()) && trackPaths.contains(request.getHttpURI().getPath())
                && answersLikeTheRoute(request.getHeaders())) {
            JettyRequest view = new JettyRequest(request);
            track.track(view, (maxBytes, deadline) -> new BodyRead(request, view.contentLength(), deadline).start())
                    .whenComplete((reply, failure) -> {
                        if (failure != null) {
                            callback.failed(failure); // a fault of Tailor's: Jetty answers 500
                            return;
                        }
                        try {
                            write(reply, request, response, callback);
                        } catch (RuntimeException e) {
                            callback.failed(e); // never a connection left waiting for an answer
                        }
                    });
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** Whether this request is one the fast path answers as the route would. */
    static boolean answersLikeTheRoute(HttpFields headers) {
        long length = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        if (length < 0 || headers.contains(HttpHeader.EXPECT) || headers.contains(HttpHeader.TRANSFER_ENCODING)) {
            return false;
        }
        String type = headers.get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return true;
        }
        int parameters = type.indexOf(';');
        String mime = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return mime.equalsIgnoreCase("application/json") || mime.equalsIgnoreCase("text/plain");
    }

    private static void write(TrackApi.Reply reply, Request request, Response response, Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        // in Javalin's order: its content type is set before the route runs, the reply's own headers after
        headers.put(reply.json() == null ? TEXT : JSON);
        reply.headers().forEach(headers::put);
        response.setStatus(reply.status());
        if (reply.json() == null) {
            response.write(true, null, callback);
            return;
        }
        byte[] body = reply.json();
        if (body.length >= MIN_SIZE_FOR_GZIP && acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING))) {
            body = gzip(body);
            headers.put(GZIP);
        }
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
    }

    /** Javalin's choice of compressor: one of the listed codings is exactly {@code gzip} (with a weight, it is not). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            if (coding.strip().equalsIgnoreCase("gzip")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the declared body into one array, called again by Jetty each time more has arrived (no thread
     * waits); fails with the same {@link ApiError}s as {@link BodyReader}: 408 past the deadline or below the
     * minimum data rate, 400 when the client goes away.
     */
    private final class BodyRead implements Runnable {
        private final Request request;
        private final byte[] body;
        private final Duration deadline;
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private int read;
        private long firstByteNanos = Long.MIN_VALUE;

        BodyRead(Request request, long declared, Duration deadline) {
            this.request = request;
            this.body = new byte[(int) declared]; // the rules refused more than their maximum before reading
            this.deadline = deadline;
        }

        CompletableFuture<byte[]> start() {
            run();
            return done.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
                Throwable cause = ApiError.causeOf(e);
                return CompletableFuture.failedFuture(cause instanceof TimeoutException ? BodyReader.slow(deadline) : cause);
            });
        }

        @Override
        public void run() {
            while (!done.isDone()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // the client went away, or the connection sat idle past its timeout
                    done.completeExceptionally(BodyReader.failed(chunk.getFailure(), deadline));
                    return;
                }
                try {
                    ByteBuffer bytes = chunk.getByteBuffer();
                    int n = bytes.remaining();
                    if (n > 0) {
                        if (firstByteNanos == Long.MIN_VALUE) {
                            firstByteNanos = System.nanoTime();
                        }
                        bytes.get(body, read, n); // Jetty's parser holds a body to its Content-Length
                        read += n;
                    }
                    if (chunk.isLast()) {
                        done.complete(body);
                        return;
                    }
                } finally {
                    chunk.release();
                }
                if (belowMinimumRate()) {
                    done.completeExceptionally(BodyReader.slow(deadline));
                    return;
                }
            }
        }

        /** Jetty's own measure (its servlet layer's): fewer bytes than the rate times the time since the first. */
        private boolean belowMinimumRate() {
            if (minRequestDataRate <= 0 || firstByteNanos == Long.MIN_VALUE) {
                return false;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstByteNanos);
            return millis > 0 && read < minRequestDataRate * millis / 1000;
        }
    }

    /** Jetty's request as the rules read it. */
    private static final class JettyRequest implements TrackApi.RequestView {
        private final Request request;
        private List<HttpCookie> cookies;

        JettyRequest(Request request) {
            this.request = request;
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public String cookie(String name) {
            if (cookies == null) {
                cookies = Request.getCookies(request);
            }
            for (HttpCookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
            return null;
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public long contentLength() {
            return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        }
    }
}
