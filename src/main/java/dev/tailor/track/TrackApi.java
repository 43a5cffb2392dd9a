package dev.tailor.track;

import dev.tailor.edge.EdgeRouter;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code POST /api/track}: one event (the original spec's shape) or a batch. Answers only after
 * the accepted events (and the rejected ones, kept for inspection) are on disk.
 */
public final class TrackApi {

    private final EventParser parser;
    private final EventLog log;
    private final Function<Context, Optional<String>> visitorOf;

    public TrackApi(EventParser parser, EventLog log, Function<Context, Optional<String>> visitorOf) {
        this.parser = parser;
        this.log = log;
        this.visitorOf = visitorOf;
    }

    public void track(Context ctx) {
        if (EdgeRouter.optedOut(ctx)) {
            // the browser asked not to be tracked: accept nothing, store nothing
            ctx.status(204);
            return;
        }
        String body = ctx.body();
        if (body.length() > EventParser.MAX_BODY_BYTES) {
            ctx.status(413).json(error("body", "body is " + body.length() + " bytes; at most " + EventParser.MAX_BODY_BYTES));
            return;
        }
        EventParser.Parsed parsed;
        try {
            parsed = parser.parse(body, visitorOf.apply(ctx).orElse(null));
        } catch (EventParser.MalformedBody e) {
            ctx.status(400).json(error(e.field(), e.getMessage()));
            return;
        }
        ctx.future(() -> log.append(parsed.accepted(), parsed.rejected()).thenAccept(appended -> {
            boolean nothingAccepted = parsed.accepted().isEmpty();
            if (!parsed.batch() && nothingAccepted) {
                InvalidEvent bad = parsed.rejected().get(0);
                ctx.status(400).json(error(bad.field(), bad.reason()));
                return;
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("accepted", appended.stored().size());
            reply.put("duplicates", appended.duplicates());
            reply.put("rejected", parsed.rejected().stream().map(r -> Map.of(
                    "index", r.index(), "field", r.field(), "error", r.reason())).toList());
            ctx.status(nothingAccepted ? 400 : 200).json(reply);
        }));
    }

    /** A JSON error that names the field, as every Tailor API answers bad input. */
    public static Map<String, Object> error(String field, String message) {
        return Map.of("error", message, "field", field);
    }
}
