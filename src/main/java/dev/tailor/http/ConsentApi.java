package dev.tailor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.visitor.Consent;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /_tailor/api/consent} {@code {"consent": true|false}}: what the tracker's
 * {@code window.tailor.consent(…)} reports. Consent sets the {@code tailor_consent=yes} cookie and, for a
 * visitor who has none yet, the signed visitor cookie; refusal sets {@code tailor_consent=no} and
 * removes the visitor cookie.
 */
final class ConsentApi {

    private static final int COOKIE_MAX_AGE = 400 * 24 * 3600;

    private final VisitorCookies cookies;
    private final ObjectMapper json;

    ConsentApi(VisitorCookies cookies, ObjectMapper json) {
        this.cookies = cookies;
        this.json = json;
    }

    void consent(Context ctx) {
        // JSON only: a plain form on another site cannot post one, so it cannot consent for the visitor
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiError.badRequest("Content-Type", "send Content-Type: application/json with {\"consent\": true|false}");
        }
        JsonNode given;
        try {
            given = json.readTree(ctx.body()).path("consent");
        } catch (IOException e) {
            given = null;
        }
        if (given == null || !given.isBoolean()) {
            throw ApiError.badRequest("consent", "send {\"consent\": true} or {\"consent\": false}");
        }
        boolean secure = ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        Cookie choice = new Cookie(Consent.COOKIE, given.booleanValue() ? Consent.GIVEN : Consent.REFUSED, "/", COOKIE_MAX_AGE, secure);
        choice.setSameSite(SameSite.LAX);
        ctx.cookie(choice);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("consent", given.booleanValue());
        if (given.booleanValue()) {
            boolean known = cookies.verify(ctx.cookie(VisitorCookies.NAME)).isPresent();
            if (!known) {
                Cookie visitor = new Cookie(VisitorCookies.NAME, cookies.sign(cookies.newVisitorId()), "/", COOKIE_MAX_AGE, secure);
                visitor.setSameSite(SameSite.LAX);
                visitor.setHttpOnly(true);
                ctx.cookie(visitor);
            }
            answer.put("visitor_cookie", known ? "kept" : "set");
        } else {
            ctx.removeCookie(VisitorCookies.NAME, "/");
            answer.put("visitor_cookie", "removed");
        }
        ctx.header("Cache-Control", "no-store").json(answer);
    }
}
