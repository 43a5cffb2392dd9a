package dev.tailor.http;

import dev.tailor.stream.EventStream;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request Tailor refuses, thrown by a handler (or by the access check) and turned into a
 * response in one place, {@link HttpApi}: the status, and the JSON error shape every Tailor API
 * answers bad input with — {@code {"error": "…", "field": "…"}}, the field naming what to fix.
 */
public final class ApiError extends HttpResponseException {

    private final String field;
    private final Map<String, String> headers;

    private ApiError(int status, String field, String message, Map<String, String> headers) {
        super(status, message, Map.of());
        this.field = field;
        this.headers = headers;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, field, message, Map.of());
    }

    public static ApiError notFound(String field, String message) {
        return new ApiError(404, field, message, Map.of());
    }

    /** 409: the request is understood but the thing is not in a state that allows it. */
    public static ApiError conflict(String field, String message) {
        return new ApiError(409, field, message, Map.of());
    }

    public static ApiError tooLarge(String field, String message) {
        return new ApiError(413, field, message, Map.of());
    }

    /** 408: the body did not arrive in time; the connection is closed. */
    public static ApiError requestTimeout(String field, String message) {
        return new ApiError(408, field, message, Map.of("Connection", "close"));
    }

    /** 429 with {@code Retry-After}, in whole seconds (at least 1), so a client knows when to come back. */
    public static ApiError tooManyRequests(String field, String message, long retryAfterSeconds) {
        return new ApiError(429, field, message, Map.of("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds))));
    }

    /** 503 with {@code Retry-After}: Tailor cannot keep what it was sent right now, and acknowledged none of it. */
    public static ApiError unavailable(String field, String message, long retryAfterSeconds) {
        return new ApiError(503, field, message, Map.of("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds))));
    }

    /** The event stream's refusal (a broker that does not acknowledge) as the API answers it. */
    static ApiError unavailable(EventStream.Unavailable refused) {
        return unavailable("events", refused.getMessage(), 5);
    }

    /** What a future failed with: the failure itself, not the {@link CompletionException} around it. */
    static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** 401 with the challenge a client needs to know what to send. */
    public static ApiError unauthorized(String field, String message) {
        return new ApiError(401, field, message, Map.of("WWW-Authenticate", "Bearer"));
    }

    public String field() {
        return field;
    }

    /** Response headers that belong to this refusal. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    public Map<String, Object> body() {
        return error(field, getMessage());
    }

    /** The JSON error shape, for answers that carry it inside a larger reply. */
    public static Map<String, Object> error(String field, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        out.put("field", field);
        return out;
    }
}
