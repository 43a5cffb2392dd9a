package dev.tailor.http;

import io.javalin.http.HttpResponseException;
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

    /** 503: Tailor cannot take this now; the client should send it again later. */
    public static ApiError unavailable(String field, String message) {
        return new ApiError(503, field, message, Map.of("Retry-After", "5"));
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
