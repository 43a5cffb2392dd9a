package dev.tailor.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may read and erase visitors' data. With no {@code TAILOR_API_TOKEN} (the default, for local
 * use) everything is open. With one, the admin endpoints answer only a request that carries
 * {@code Authorization: Bearer <token>} (or the admin cookie the dashboard sets), and 401 with a
 * JSON error otherwise; a visitor may still read and erase their own profile, proven by their
 * signed {@code tailor_vid} cookie. {@code /api/track} and the site's pages stay open.
 */
public final class ApiAccess {

    /** The dashboard's cookie: the token's SHA-256, HttpOnly and SameSite=Strict, so the page's fetches carry it. */
    public static final String ADMIN_COOKIE = "tailor_admin";

    private final Optional<byte[]> tokenDigest;
    private final Function<Context, Optional<String>> visitorOf;

    /**
     * @param token     the admin token, or empty for open access
     * @param visitorOf the visitor id proven by the request's signed cookie
     */
    public ApiAccess(Optional<String> token, Function<Context, Optional<String>> visitorOf) {
        this.tokenDigest = token.map(ApiAccess::digest);
        this.visitorOf = visitorOf;
    }

    public boolean open() {
        return tokenDigest.isEmpty();
    }

    /**
     * The one access check, run before every matched route: lets the request through when it may
     * call the route's {@link Role}, and throws a 401 {@link ApiError} otherwise.
     */
    public void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (open() || roles.isEmpty() || roles.contains(Role.ANYONE)) {
            return;
        }
        if (roles.contains(Role.DASHBOARD) && signsInWithQueryToken(ctx) || isAdmin(ctx)) {
            return;
        }
        if (roles.contains(Role.ADMIN_OR_SELF)) {
            Optional<String> visitor = visitorOf.apply(ctx);
            if (visitor.isPresent() && visitor.get().equals(ctx.pathParam("user_id"))) {
                return;
            }
        }
        throw ApiError.unauthorized("authorization",
                "this endpoint needs Authorization: Bearer <TAILOR_API_TOKEN> (a visitor may read and erase"
                        + " only their own data, proven by their tailor_vid cookie)");
    }

    /**
     * The dashboard's {@code ?token=}, once: sets the admin cookie so that the page's own requests
     * are let in too.
     */
    boolean signsInWithQueryToken(Context ctx) {
        String query = ctx.queryParam("token");
        if (query == null || open() || !matches(query)) {
            return false;
        }
        Cookie cookie = new Cookie(ADMIN_COOKIE, HexFormat.of().formatHex(digest(query)), "/", -1,
                "https".equalsIgnoreCase(ctx.scheme()));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.header("Referrer-Policy", "no-referrer"); // the token is in this page's URL
        return true;
    }

    /** Whether the request carries {@code Authorization: Bearer <token>} (never true without a token). */
    boolean presentsToken(Context ctx) {
        String authorization = ctx.header("Authorization");
        return tokenDigest.isPresent() && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(authorization.substring(7).strip());
    }

    /** An operator: anyone without a token, else the bearer token or the dashboard's admin cookie. */
    boolean isAdmin(Context ctx) {
        if (tokenDigest.isEmpty()) {
            return true;
        }
        if (presentsToken(ctx)) {
            return true;
        }
        String cookie = ctx.cookie(ADMIN_COOKIE);
        if (cookie != null) {
            try {
                return MessageDigest.isEqual(tokenDigest.get(), HexFormat.of().parseHex(cookie));
            } catch (IllegalArgumentException notHex) {
                return false;
            }
        }
        return false;
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(tokenDigest.orElseThrow(), digest(candidate));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
