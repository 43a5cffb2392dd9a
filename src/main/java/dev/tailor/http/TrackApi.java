package dev.tailor.http;

import dev.tailor.stream.EventStream;
import dev.tailor.track.EventParser;
import dev.tailor.track.InvalidEvent;
import dev.tailor.visitor.OptOut;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
 * </ul>
 */
public final class TrackApi {

    private final EventParser parser;
    private final EventStream stream;
    private final Function<Context, Optional<String>> visitorOf;

    public TrackApi(EventParser parser, EventStream stream, Function<Context, Optional<String>> visitorOf) {
        this.parser = parser;
        this.stream = stream;
        this.visitorOf = visitorOf;
    }

    public void track(Context ctx) {
        if (OptOut.requested(ctx.header("Sec-GPC"), ctx.header("DNT"))) {
            // the browser asked not to be tracked: accept nothing, store nothing
            ctx.status(204);
            return;
        }
        EventParser.Parsed parsed = parse(ctx);
        ctx.future(() -> stream.publish(parsed.accepted(), parsed.rejected()).thenAccept(appended -> {
            boolean nothingAccepted = parsed.accepted().isEmpty();
            if (!parsed.batch() && nothingAccepted) {
                InvalidEvent bad = parsed.rejected().get(0);
                throw ApiError.badRequest(bad.field(), bad.reason());
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("accepted", appended.stored().size());
            reply.put("duplicates", appended.duplicates());
            reply.put("duplicate_ids", appended.duplicateIds());
            reply.put("rejected", parsed.rejected().stream().map(r -> Map.of(
                    "index", r.index(), "field", r.field(), "error", r.reason())).toList());
            ctx.status(nothingAccepted ? 400 : 200).json(reply);
        }));
    }

    /** The request's events, checked against the body limit and the visitor's signed cookie. */
    private EventParser.Parsed parse(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > EventParser.MAX_BODY_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            // a chunked body without a length that grew past the limit while being read
            throw tooLarge("over " + EventParser.MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length > EventParser.MAX_BODY_BYTES) {
            throw tooLarge(bytes.length + " bytes");
        }
        try {
            return parser.parse(new String(bytes, StandardCharsets.UTF_8), visitorOf.apply(ctx).orElse(null));
        } catch (EventParser.MalformedBody e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
    }

    private static ApiError tooLarge(String size) {
        return ApiError.tooLarge("body", "body is " + size + "; at most " + EventParser.MAX_BODY_BYTES
                + " bytes per request: split the batch");
    }
}
