package dev.tailor.track;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.visitor.CharClass;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a request body into events, validating every field at the boundary. Accepts the
 * original spec's single event ({@code {"event":"page_view","page":…,"user_id":…}}) and batches
 * ({@code {"events":[…]}}). Each bad event is reported with the field and the reason; good
 * events in the same batch are still accepted.
 *
 * <p>Limits (also in {@code docs/tracking.md}):
 * <table>
 *   <caption>What {@code POST /api/track} accepts</caption>
 *   <tr><th>limit</th><th>value</th><th>when exceeded</th></tr>
 *   <tr><td>request body</td><td>{@value #MAX_BODY_BYTES} bytes (1 MiB)</td>
 *       <td>413, {@code field: "body"}; nothing stored</td></tr>
 *   <tr><td>events per batch</td><td>{@value #MAX_BATCH}</td>
 *       <td>400, {@code field: "events"}; nothing stored</td></tr>
 *   <tr><td>empty batch</td><td>at least 1 event</td><td>400, {@code field: "events"}</td></tr>
 *   <tr><td>{@code user_id}</td><td>1–128 of {@code A-Z a-z 0-9 _ . : @ -}; with a valid visitor
 *       cookie, absent or the cookie's visitor</td><td>event rejected</td></tr>
 *   <tr><td>{@code event_id}, {@code session_id}, {@code section}/{@code page}, {@code goal}</td>
 *       <td>1–128 of {@code A-Z a-z 0-9 _ . : / -}</td><td>event rejected</td></tr>
 *   <tr><td>{@code time_spent}</td><td>0–86400 seconds</td><td>event rejected</td></tr>
 *   <tr><td>{@code scroll_depth}</td><td>0–100 percent</td><td>event rejected</td></tr>
 *   <tr><td>{@code artifact}, {@code reason} (a {@code render_error})</td><td>required: the page's build id, 8–64
 *       of {@code 0-9 a-f}; one of {@code error}, {@code unhandledrejection}, {@code empty_root}</td><td>event rejected</td></tr>
 *   <tr><td>{@code ts}</td><td>epoch ms ≥ 0; clamped to at most 5 minutes ahead of the server</td>
 *       <td>event rejected when negative or not a number</td></tr>
 * </table>
 */
public final class EventParser {

    public static final Set<String> TYPES = Set.of(
            "page_view", "section_dwell", "scroll", "goal", "click", "error", "session_start", RenderError.EVENT);
    public static final Set<String> DEVICES = Set.of("desktop", "tablet", "mobile");
    /**
     * Each type and device by itself: an event carries these instances, not the fresh copies read off the body,
     * so the single event-log writer compares and hashes strings whose hash is already cached.
     */
    private static final Map<String, String> CANONICAL_TYPES = canonical(TYPES);
    private static final Map<String, String> CANONICAL_DEVICES = canonical(DEVICES);
    public static final int MAX_BATCH = 500;
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Fields beyond the known ones kept in the stored payload (the tracker's error {@code message}, an integration's extras). */
    public static final int MAX_EXTRA_FIELDS = 8;
    /** The longest extra string value kept; longer ones, and objects and arrays, are dropped. */
    public static final int MAX_EXTRA_VALUE_CHARS = 256;
    /**
     * The longest event text stored as received; a longer one (whitespace can make any event long) is stored as
     * its fields written out again, so that what is kept stays bounded by the fields' own limits.
     */
    static final int MAX_RECEIVED_PAYLOAD_CHARS = 2_048;
    /** How much of a rejected event's payload is kept for inspection. */
    public static final int MAX_REJECTED_PAYLOAD_CHARS = 2_048;
    /** Why an event whose user_id is not the signed cookie's visitor is rejected. */
    public static final String USER_ID_DIFFERS = "user_id differs from the visitor cookie";

    private static final CharClass TOKEN = CharClass.of("A-Za-z0-9_.:/-", 1, 128);
    private static final CharClass FIELD_NAME = CharClass.of("A-Za-z0-9_", 1, 64);
    /** A build's id, as the page's {@code tailor-artifact} names it. */
    private static final Pattern ARTIFACT_ID = Pattern.compile("[a-f0-9]{8,64}");
    private static final Set<String> KNOWN_FIELDS = Set.of("event", "user_id", "event_id", "session_id", "section", "page",
            "time_spent", "scroll_depth", "goal", "device", "ts", "artifact", "reason");
    private static final long MAX_CLOCK_SKEW_MS = 5 * 60_000;

    /** Why an event for a Tailor-issued visitor id without that visitor's cookie is rejected. */
    public static final String ISSUED_ID_NEEDS_COOKIE = "user_id is a visitor id Tailor issued: its events need that"
            + " visitor's tailor_vid cookie (server-side integrations send X-Tailor-Key)";
    /** Why a cookie-less event is rejected when the site requires the integration key for them. */
    public static final String NEEDS_INTEGRATION_KEY = "an event without a tailor_vid cookie needs X-Tailor-Key (the"
            + " site's integration key, in TAILOR_DATA_DIR/integration.key) or Authorization: Bearer <TAILOR_API_TOKEN>";

    /** Who sent the request, beyond the visitor cookie it may carry. */
    public enum Sender {
        /** A browser or anyone: may name a visitor only as the parser's policy allows. */
        ANONYMOUS,
        /** A server-side integration that proved itself with the site's key (or the admin token). */
        INTEGRATION
    }

    /** One JSON value and nothing after it: trailing bytes were silently ignored before. Made once: it is immutable. */
    private final ObjectReader reader;
    /** Reads one event's tree off a stream ({@link #plainBatch}): no check for what follows it. */
    private final ObjectReader treeReader;
    private final Clock clock;
    private final boolean cookielessNeedsKey;

    public EventParser(ObjectMapper json, Clock clock) {
        this(json, clock, false);
    }

    /**
     * @param cookielessNeedsKey whether an anonymous sender may name any visitor in {@code user_id}
     *                           without their cookie (false: open, local use) or none (true: with
     *                           {@code TAILOR_API_TOKEN}); a Tailor-issued id always needs its cookie
     */
    public EventParser(ObjectMapper json, Clock clock, boolean cookielessNeedsKey) {
        this.reader = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.treeReader = json.reader();
        this.clock = clock;
        this.cookielessNeedsKey = cookielessNeedsKey;
    }

    /**
     * The events and rejections in one request body.
     *
     * @param webdriverVisitors the visitors of accepted events that report {@code "webdriver": true}: the
     *                          tracker's {@code navigator.webdriver}, set by a browser under automation
     * @param renderErrors      the accepted {@code render_error} events, for the rollouts of the variants they name
     */
    public record Parsed(List<TrackEvent> accepted, List<InvalidEvent> rejected, boolean batch, Set<String> webdriverVisitors,
                         List<RenderError> renderErrors) {
        public Parsed {
            renderErrors = List.copyOf(renderErrors);
        }
    }

    /** The field the tracker sets when {@code navigator.webdriver} is true (kept in the payload as an extra). */
    public static final String WEBDRIVER = "webdriver";

    /** A body that is not an event or a batch at all (not JSON, wrong shape, too long). */
    public static final class MalformedBody extends Exception {
        private final String field;

        MalformedBody(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * @param body           the request body
     * @param cookieVisitor  the visitor id from the signed cookie (null without one): used when an
     *                       event has no user_id, and an event naming another user_id is rejected
     */
    public Parsed parse(String body, String cookieVisitor) throws MalformedBody {
        return parse(body, cookieVisitor, Sender.ANONYMOUS);
    }

    /** @param sender whether the request proved it comes from a server-side integration */
    public Parsed parse(String body, String cookieVisitor, Sender sender) throws MalformedBody {
        List<Item> items = plainBatch(body);
        boolean batch = true;
        if (items == null) {
            items = new ArrayList<>();
            batch = itemsOf(body, items);
        }
        List<TrackEvent> accepted = new ArrayList<>();
        List<InvalidEvent> rejected = new ArrayList<>();
        Set<String> webdriver = new java.util.HashSet<>();
        List<RenderError> renderErrors = new ArrayList<>();
        Values values = new Values();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i).node();
            try {
                TrackEvent event = toEvent(item, items.get(i).text(), cookieVisitor, sender, values);
                if (event.event().equals(RenderError.EVENT)) {
                    renderErrors.add(renderError((ObjectNode) item, event.userId()));
                }
                accepted.add(event);
                if (item.path(WEBDRIVER).booleanValue()) {
                    webdriver.add(event.userId());
                }
            } catch (FieldError e) {
                rejected.add(new InvalidEvent(i, e.field, e.getMessage(), truncated(item.toString()), claimedUser(item, cookieVisitor)));
            }
        }
        return new Parsed(accepted, rejected, batch, Set.copyOf(webdriver), renderErrors);
    }

    private static Map<String, String> canonical(Set<String> names) {
        return names.stream().collect(Collectors.toUnmodifiableMap(name -> name, name -> name));
    }

    /**
     * One instance per distinct value in a body (a batch's events are nearly always one visitor's, on a few
     * sections), its hash computed here: the request threads run in parallel, while the one event-log writer
     * would otherwise hash a fresh copy of the same visitor and section in every event (dedup, profiles).
     */
    private static final class Values {
        private final Map<String, String> seen = new HashMap<>();

        String of(String value) {
            if (value == null) {
                return null;
            }
            String first = seen.putIfAbsent(value, value);
            return first == null ? value : first;
        }
    }

    /** One event of a body, and its text as received when it is cheap to know (else null). */
    private record Item(JsonNode node, String text) {
    }

    /**
     * The items of the usual batch, {@code {"events":[…]}} and nothing else, read as a stream so that each
     * event's text as received is known and can be stored as its payload instead of being written out again.
     * Null for any other body, a malformed one included: {@link #itemsOf} then reads it, and says what is wrong.
     */
    private List<Item> plainBatch(String body) {
        try (JsonParser p = treeReader.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"events".equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<Item> items = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null || items.size() == MAX_BATCH) {
                    return null;
                }
                int start = (int) p.currentTokenLocation().getCharOffset();
                JsonNode node = p.readValueAsTree();
                items.add(new Item(node, t == JsonToken.START_OBJECT
                        ? body.substring(start, (int) p.currentLocation().getCharOffset()) : null));
            }
            if (items.isEmpty() || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return items;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads any body as one tree into its items; whether it was a batch. */
    private boolean itemsOf(String body, List<Item> items) throws MalformedBody {
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (Exception e) {
            throw new MalformedBody("body", "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedBody("body", "body must be a JSON object: one event, or {\"events\":[…]}");
        }
        boolean batch = root.has("events");
        if (batch) {
            JsonNode events = root.get("events");
            if (!events.isArray()) {
                throw new MalformedBody("events", "events must be an array of event objects");
            }
            if (events.size() == 0) {
                throw new MalformedBody("events", "events is empty: send at least one event");
            }
            if (events.size() > MAX_BATCH) {
                throw new MalformedBody("events", "events has " + events.size() + " items; at most " + MAX_BATCH + " per request");
            }
            events.forEach(e -> items.add(new Item(e, null)));
        } else {
            items.add(new Item(root, null));
        }
        return batch;
    }

    /** A {@code render_error}'s page and reason, both required and checked strictly: they decide a rollback. */
    private static RenderError renderError(ObjectNode event, String userId) throws FieldError {
        String artifact = text(event, "artifact", true);
        if (!ARTIFACT_ID.matcher(artifact).matches()) {
            throw new FieldError("artifact", "artifact must be the page's build id (its tailor-artifact: 8-64 of 0-9 a-f), got '"
                    + snippet(artifact) + "'");
        }
        String reason = text(event, "reason", true);
        RenderError.Reason parsed = RenderError.Reason.fromWire(reason).orElseThrow(() -> new FieldError("reason",
                "reason of a render_error must be one of " + RenderError.Reason.accepted() + ", not '" + snippet(reason) + "'"));
        return new RenderError(userId, artifact, parsed);
    }

    private static String snippet(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /**
     * Whose event a rejected one is, for erasure (not trusted for anything else): the signed
     * cookie's visitor when there is one (they sent it, whatever it claims), else the user_id it names.
     */
    private static String claimedUser(JsonNode item, String cookieVisitor) {
        if (cookieVisitor != null) {
            return cookieVisitor;
        }
        JsonNode id = item.isObject() ? item.get("user_id") : null;
        if (id != null && id.isTextual() && !id.asText().isEmpty()) {
            String text = id.asText();
            return text.length() > 128 ? text.substring(0, 128) : text;
        }
        return cookieVisitor;
    }

    /** @param text the event as received, or null: its payload when nothing of it is dropped */
    private TrackEvent toEvent(JsonNode node, String text, String cookieVisitor, Sender sender, Values values) throws FieldError {
        if (!node.isObject()) {
            throw new FieldError("event", "each event must be a JSON object");
        }
        ObjectNode event = (ObjectNode) node;
        String named = text(event, "event", true);
        String type = CANONICAL_TYPES.get(named);
        if (type == null) {
            throw new FieldError("event", "unknown event type '" + named + "'; expected one of " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        String userId = text(event, "user_id", false);
        if (userId == null) {
            userId = cookieVisitor;
        } else if (cookieVisitor != null && !userId.equals(cookieVisitor)) {
            // a browser proves who it is with the signed cookie: it cannot write another visitor's
            // events. Server-to-server callers (no cookie) name the visitor in user_id, as allowed below.
            throw new FieldError("user_id", USER_ID_DIFFERS);
        }
        if (userId == null) {
            throw new FieldError("user_id", "user_id is required (or a tailor_vid cookie from a page Tailor served)");
        }
        if (!VisitorCookies.isValidId(userId)) {
            throw new FieldError("user_id", "user_id must be 1-128 characters of letters, digits and _ . : @ -");
        }
        if (cookieVisitor == null && sender != Sender.INTEGRATION) {
            // without the cookie anyone who saw an id could write events in its name
            if (VisitorCookies.isIssuedId(userId)) {
                throw new FieldError("user_id", ISSUED_ID_NEEDS_COOKIE);
            }
            if (cookielessNeedsKey) {
                throw new FieldError("user_id", NEEDS_INTEGRATION_KEY);
            }
        }
        String section = token(event, "section");
        if (section == null) {
            section = token(event, "page");
        }
        double timeSpent = number(event, "time_spent", 0, 86_400, 0);
        double scrollDepth = number(event, "scroll_depth", 0, 100, -1);
        String goal = token(event, "goal");
        if (type.equals("goal") && goal == null) {
            throw new FieldError("goal", "a goal event needs the goal's name in 'goal'");
        }
        String device = text(event, "device", false);
        if (device != null) {
            String known = CANONICAL_DEVICES.get(device);
            if (known == null) {
                throw new FieldError("device", "device must be desktop, tablet or mobile, not '" + device + "'");
            }
            device = known;
        }
        String eventId = token(event, "event_id");
        if (eventId == null) {
            eventId = "srv-" + UUID.randomUUID();
        }
        eventId.hashCode(); // cached in the string: the writer's dedup key hashes it (see Values)
        String sessionId = values.of(token(event, "session_id"));
        long now = clock.millis();
        long occurredAt = now;
        if (event.has("ts")) {
            double ts = number(event, "ts", 0, Long.MAX_VALUE, now);
            // a client clock ahead of ours cannot put events in the future
            occurredAt = (long) Math.min(ts, now + MAX_CLOCK_SKEW_MS);
        }
        ObjectNode kept = storedPayload(event);
        return new TrackEvent(eventId, values.of(userId), sessionId, type, values.of(section), timeSpent, scrollDepth, values.of(goal), device,
                occurredAt, kept == event && text != null && text.length() <= MAX_RECEIVED_PAYLOAD_CHARS ? text : kept.toString());
    }

    /**
     * What is kept of the event: the known fields (each already bounded above) and at most
     * {@value #MAX_EXTRA_FIELDS} extra scalar fields with short values. Everything else is dropped,
     * so that one client cannot fill the disk with fields Tailor never reads.
     */
    private static ObjectNode storedPayload(ObjectNode event) {
        if (keepsEverything(event)) {
            return event;
        }
        ObjectNode kept = event.objectNode();
        int extras = 0;
        for (var it = event.fields(); it.hasNext(); ) {
            var field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (KNOWN_FIELDS.contains(name)) {
                kept.set(name, value);
            } else if (extras < MAX_EXTRA_FIELDS && keptExtra(name, value)) {
                kept.set(name, value);
                extras++;
            }
        }
        return kept;
    }

    /** Whether {@link #storedPayload} keeps every field of the event: then it is the event itself. */
    private static boolean keepsEverything(ObjectNode event) {
        int extras = 0;
        for (var it = event.fields(); it.hasNext(); ) {
            var field = it.next();
            if (KNOWN_FIELDS.contains(field.getKey())) {
                continue;
            }
            if (extras == MAX_EXTRA_FIELDS || !keptExtra(field.getKey(), field.getValue())) {
                return false;
            }
            extras++;
        }
        return true;
    }

    /** Whether a field the API does not name is kept in the stored payload (while there is room for one more). */
    private static boolean keptExtra(String name, JsonNode value) {
        return FIELD_NAME.matches(name) && (value.isNumber() || value.isBoolean()
                || value.isTextual() && value.asText().length() <= MAX_EXTRA_VALUE_CHARS);
    }

    private static String truncated(String payload) {
        return payload.length() <= MAX_REJECTED_PAYLOAD_CHARS ? payload
                : payload.substring(0, MAX_REJECTED_PAYLOAD_CHARS) + "…(truncated from " + payload.length() + " chars)";
    }

    private static String text(ObjectNode event, String field, boolean required) throws FieldError {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new FieldError(field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new FieldError(field, field + " must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }

    private static String token(ObjectNode event, String field) throws FieldError {
        String value = text(event, field, false);
        if (value != null && !TOKEN.matches(value)) {
            throw new FieldError(field, field + " must be 1-128 characters of letters, digits and _ . : / -");
        }
        return value;
    }

    private static double number(ObjectNode event, String field, double min, double max, double fallback) throws FieldError {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new FieldError(field, field + " must be a number, got " + value.getNodeType().name().toLowerCase());
        }
        double d = value.asDouble();
        if (!(d >= min && d <= max)) {
            throw new FieldError(field, field + " must be between " + fmt(min) + " and " + fmt(max) + ", got " + value.asText());
        }
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static final class FieldError extends Exception {
        final String field;

        FieldError(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
