package dev.tailor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.stream.EventStream;
import dev.tailor.track.EventLog;
import dev.tailor.track.EventParser;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.RenderError;
import dev.tailor.track.TrackEvent;
import dev.tailor.visitor.Automation;
import dev.tailor.visitor.OptOut;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code POST /api/track}: one event (the original spec's shape) or a batch. Answers only after
 * the accepted events (and the rejected ones, kept for inspection) are on disk.
 *
 * <ul>
 *   <li>single event accepted: 200 {@code {"accepted":1,"duplicates":0,"duplicate_ids":[],"rejected":[]}}</li>
 *   <li>single event rejected: 400 {@code {"error":"…","field":"…"}}</li>
 *   <li>batch: 200 with the counts and one {@code {"index","field","error"}} per rejected event,
 *       or 400 with the same shape when no event in it was accepted or already stored</li>
 *   <li>body over {@value EventParser#MAX_BODY_BYTES} bytes: 413; over {@value EventParser#MAX_BATCH}
 *       events, not JSON, or not an object: 400 with {@code field} {@code body} or {@code events}</li>
 *   <li>{@code Sec-GPC: 1} or {@code DNT: 1}: 204, nothing stored</li>
 *   <li>storage that cannot keep them (a nearly full disk, a deleted or read-only database): 503 with
 *       {@code Retry-After}, nothing stored</li>
 *   <li>over the per-client or per-visitor rate ({@link HttpLimits}): 429 with {@code Retry-After}, nothing stored
 *       (a visitor over their rate is also counted in no experiment from then on)</li>
 *   <li>a body that does not arrive whole within {@code TAILOR_BODY_READ_TIMEOUT}, or slower than
 *       {@code TAILOR_MIN_REQUEST_DATA_RATE}: 408, connection closed</li>
 * </ul>
 *
 * <p>The rules know nothing of Javalin or Jetty: they read a {@link RequestView} and answer a {@link Reply}.
 * Javalin's route ({@link #track(Context)}) and the Jetty handler in front of it
 * ({@link TrackFastPath}) are two ways of reading the request and writing the reply, around this one
 * implementation.
 */
public final class TrackApi {

    /** What the rules read of a request. Header names are case-insensitive. */
    public interface RequestView {
        /** The header's first value, or null. */
        String header(String name);

        /** The cookie's value, or null. */
        String cookie(String name);

        /** The client's address, as the servlet API gives it ({@code getRemoteAddr}). */
        String remoteAddress();

        /** The declared body length, or -1 when none was declared. */
        long contentLength();
    }

    /** Reads the body, failing with an {@link ApiError} (408, 413, 400) when it cannot. */
    @FunctionalInterface
    public interface BodySource {
        CompletableFuture<byte[]> read(int maxBytes, Duration deadline);
    }

    /**
     * The answer: its status, its JSON body (null for none), and headers of its own ({@code Retry-After},
     * {@code Connection: close}). The body's bytes are shared: never written to.
     */
    public record Reply(int status, byte[] json, Map<String, String> headers) {
        static final Reply OPTED_OUT = new Reply(204, null, Map.of());
        /** The answer to nearly every request, written once. */
        private static final Reply ONE_ACCEPTED = accepted(1);

        static Reply accepted(int count) {
            return new Reply(200, ("{\"accepted\":" + count + ",\"duplicates\":0,\"duplicate_ids\":[],\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private final ObjectMapper json;
    private final EventParser parser;
    private final EventStream stream;
    private final Function<RequestView, Optional<String>> visitorOf;
    private final Predicate<RequestView> integration;
    private final HttpLimits limits;
    private final RateLimiter perClient;
    private final RateLimiter perVisitor;
    private final Consumer<String> automated;
    private final Supplier<Optional<String>> storageProblem;
    private final Consumer<RenderError> renderErrors;

    /**
     * @param json        writes the replies the usual one is not (the same mapper as Javalin's)
     * @param visitorOf   the visitor proven by the request's signed cookie
     * @param integration whether the request proves it comes from a server-side integration
     *                    ({@code X-Tailor-Key} or the admin token): it may name visitors without their cookie
     * @param automated   told of each visitor whose events show automation: posted with a bot's or a script's
     *                    user agent (not by a server-side integration), or over the per-visitor rate limit
     * @param storageProblem why what is stored now might not be kept (a nearly full disk, a deleted or
     *                    read-only database), or empty: events are refused meanwhile
     * @param renderErrors told of each {@code render_error} once its event is stored: a page that failed to render
     */
    public TrackApi(ObjectMapper json, EventParser parser, EventStream stream, Function<RequestView, Optional<String>> visitorOf,
                    Predicate<RequestView> integration, HttpLimits limits, Clock clock, Consumer<String> automated,
                    Supplier<Optional<String>> storageProblem, Consumer<RenderError> renderErrors) {
        this.json = json;
        this.renderErrors = renderErrors;
        this.automated = automated;
        this.storageProblem = storageProblem;
        this.parser = parser;
        this.stream = stream;
        this.visitorOf = visitorOf;
        this.integration = integration;
        this.limits = limits;
        this.perClient = new RateLimiter(limits.clientEventsPerSecond(), limits.clientBurst(), HttpLimits.MAX_TRACKED_KEYS, clock);
        this.perVisitor = new RateLimiter(limits.visitorEventsPerSecond(), limits.visitorBurst(), HttpLimits.MAX_TRACKED_KEYS, clock);
    }

    /** Javalin's route: the same rules, read from and written to the servlet's request. */
    public void track(Context ctx) {
        boolean[] reading = {false};
        CompletableFuture<Reply> reply = track(new JavalinRequest(ctx), (maxBytes, deadline) -> {
            reading[0] = true; // the request is in async mode from here: answered through ctx.future
            return BodyReader.read(ctx, maxBytes, deadline);
        });
        if (reading[0]) {
            ctx.future(() -> reply.thenAccept(r -> write(ctx, r)));
        } else {
            write(ctx, reply.join()); // answered before the body (opted out, refused): already done
        }
    }

    private static void write(Context ctx, Reply reply) {
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status());
        if (reply.json() != null) {
            ctx.contentType(ContentType.APPLICATION_JSON).result(reply.json());
        }
    }

    /**
     * The answer to one request, once its events are durable (or known refused). Completes with every
     * refusal as its reply; fails only on a fault of Tailor's own.
     */
    public CompletableFuture<Reply> track(RequestView request, BodySource body) {
        try {
            return accept(request, body).exceptionallyCompose(this::refusal);
        } catch (ApiError | EventStream.Unavailable refused) {
            return refusal(refused);
        }
    }

    private CompletableFuture<Reply> accept(RequestView request, BodySource body) {
        if (OptOut.requested(request.header("Sec-GPC"), request.header("DNT"))) {
            // the browser asked not to be tracked: accept nothing, store nothing
            return CompletableFuture.completedFuture(Reply.OPTED_OUT);
        }
        long declared = request.contentLength();
        if (declared > EventParser.MAX_BODY_BYTES) {
            throw BodyReader.tooLarge(declared + " bytes", EventParser.MAX_BODY_BYTES);
        }
        String client = request.remoteAddress();
        limit(perClient, client, 1, "client", "this address"); // before reading: a flood costs no parsing
        storageProblem.get().ifPresent(problem -> {
            throw ApiError.unavailable("storage", "events are refused, none of them acknowledged, until storage is"
                    + " fixed: " + problem + "; retry later", 30);
        });
        Optional<String> cookieVisitor = visitorOf.apply(request);
        EventParser.Sender sender = integration.test(request) ? EventParser.Sender.INTEGRATION : EventParser.Sender.ANONYMOUS;
        // a server-side integration posts for its visitors with its own client, at its own pace: neither says
        // anything of its visitors
        boolean browserOrScript = sender == EventParser.Sender.ANONYMOUS;
        boolean automatedAgent = browserOrScript && Automation.ofUserAgent(request.header("User-Agent")).isPresent();
        return body.read(EventParser.MAX_BODY_BYTES, limits.bodyReadTimeout())
                .thenCompose(bytes -> {
                    EventParser.Parsed parsed = parse(bytes, cookieVisitor, sender);
                    limitEvents(client, parsed, browserOrScript);
                    if (automatedAgent) {
                        parsed.accepted().stream().map(TrackEvent::userId).distinct().forEach(automated);
                    } else if (browserOrScript) {
                        parsed.webdriverVisitors().forEach(automated); // a browser under automation, whatever its user agent
                    }
                    return stream.publish(parsed.accepted(), parsed.rejected())
                            .exceptionallyCompose(TrackApi::notStored)
                            .thenApply(appended -> {
                                // counted once stored, so a render failure the log does not have never rolls back
                                parsed.renderErrors().forEach(renderErrors);
                                return reply(parsed, appended);
                            });
                });
    }

    /** A refusal as its reply, in the API's JSON error shape; anything else is a fault and stays one. */
    private CompletableFuture<Reply> refusal(Throwable failure) {
        Throwable cause = ApiError.causeOf(failure);
        ApiError refused;
        if (cause instanceof ApiError apiError) {
            refused = apiError;
        } else if (cause instanceof EventStream.Unavailable unavailable) {
            refused = ApiError.unavailable(unavailable);
        } else {
            return CompletableFuture.failedFuture(cause);
        }
        return CompletableFuture.completedFuture(new Reply(refused.getStatus(), bytes(refused.body()), refused.headers()));
    }

    /**
     * The store failed (a full disk, a deleted or read-only file, a closed log): nothing of the
     * request is acknowledged, and the client is told in the API's JSON why and to retry, instead
     * of a 500 in plain text.
     */
    private static CompletableFuture<EventLog.Appended> notStored(Throwable failure) {
        Throwable cause = ApiError.causeOf(failure);
        if (cause instanceof EventStream.Unavailable || cause instanceof ApiError) {
            return CompletableFuture.failedFuture(cause); // already says what to do (the stream's own 503)
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return CompletableFuture.failedFuture(ApiError.unavailable("storage", "the events could not be stored (" + why
                + "); none of them was acknowledged: retry later", 5));
    }

    private Reply reply(EventParser.Parsed parsed, EventLog.Appended appended) {
        boolean nothingAccepted = parsed.accepted().isEmpty();
        if (!parsed.batch() && nothingAccepted) {
            InvalidEvent bad = parsed.rejected().get(0);
            throw ApiError.badRequest(bad.field(), bad.reason());
        }
        if (parsed.rejected().isEmpty() && appended.duplicates() == 0 && appended.duplicateIds().isEmpty()) {
            // the answer to nearly every request, as the mapper writes it, without a map and a mapper pass
            int stored = appended.stored().size();
            return stored == 1 ? Reply.ONE_ACCEPTED : Reply.accepted(stored);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accepted", appended.stored().size());
        reply.put("duplicates", appended.duplicates());
        reply.put("duplicate_ids", appended.duplicateIds());
        reply.put("rejected", parsed.rejected().stream().map(TrackApi::rejection).toList());
        return new Reply(nothingAccepted ? 400 : 200, bytes(reply), Map.of());
    }

    /** One rejected event, its fields always in this order (a {@code Map.of}'s order changed with each JVM). */
    private static Map<String, Object> rejection(InvalidEvent rejected) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", rejected.index());
        entry.put("field", rejected.field());
        entry.put("error", rejected.reason());
        return entry;
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply of maps, lists, strings and numbers could not be written", e);
        }
    }

    /**
     * The client pays for every event it sent (one was paid up front), each visitor for their own; a
     * visitor over their rate in a browser's (or a script's) request is counted in no experiment from now on.
     */
    private void limitEvents(String client, EventParser.Parsed parsed, boolean browserOrScript) {
        int events = parsed.accepted().size() + parsed.rejected().size();
        limit(perClient, client, events - 1, "client", "this address");
        Map<String, Integer> perUser = new HashMap<>();
        parsed.accepted().forEach(e -> perUser.merge(e.userId(), 1, Integer::sum));
        perUser.forEach((user, count) -> {
            try {
                limit(perVisitor, user, count, "user_id", "visitor '" + user + "'");
            } catch (ApiError tooMany) {
                if (browserOrScript) {
                    automated.accept(user); // no browser's tracker sends this many
                }
                throw tooMany;
            }
        });
    }

    private static void limit(RateLimiter limiter, String key, int cost, String field, String who) {
        if (cost <= 0) {
            return;
        }
        OptionalLong retryAfter = limiter.spend(key, cost);
        if (retryAfter.isPresent()) {
            throw ApiError.tooManyRequests(field, "too many events from " + who + ": retry after " + retryAfter.getAsLong()
                    + " s (limits: TAILOR_RATE_LIMIT_CLIENT, TAILOR_RATE_LIMIT_VISITOR)", retryAfter.getAsLong());
        }
    }

    /** The request's events, checked against the visitor's signed cookie. */
    private EventParser.Parsed parse(byte[] bytes, Optional<String> cookieVisitor, EventParser.Sender sender) {
        try {
            return parser.parse(new String(bytes, StandardCharsets.UTF_8), cookieVisitor.orElse(null), sender);
        } catch (EventParser.MalformedBody e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
    }

    /** Javalin's request as the rules read it. */
    private record JavalinRequest(Context ctx) implements RequestView {
        @Override
        public String header(String name) {
            return ctx.header(name);
        }

        @Override
        public String cookie(String name) {
            return ctx.cookie(name);
        }

        @Override
        public String remoteAddress() {
            return ctx.req().getRemoteAddr();
        }

        @Override
        public long contentLength() {
            return ctx.req().getContentLengthLong();
        }
    }
}
