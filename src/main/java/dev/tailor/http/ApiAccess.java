package dev.tailor.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The dashboard's cookie: a random session value (not derived from the token, so it reveals
     * nothing and dies with the process), HttpOnly and SameSite=Strict, so the page's fetches carry it.
     */
    public static final String ADMIN_COOKIE = "tailor_admin";
    /** Wrong tokens one address may try: this many at once, then one every 6 s. */
    static final int WRONG_TOKEN_BURST = 10;
    private static final int MAX_SESSIONS = 1_000;

    private final Optional<byte[]> tokenDigest;
    private final Function<Context, Optional<String>> visitorOf;
    private final RateLimiter wrongTokens = new RateLimiter(1 / 6.0, WRONG_TOKEN_BURST, 10_000, java.time.Clock.systemUTC());
    private final SecureRandom random = new SecureRandom();
    /** The admin sessions the dashboard signed in, newest last; the oldest is dropped past the bound. */
    private final Map<String, Boolean> sessions = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_SESSIONS;
        }
    });

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
        String address = ctx.req().getRemoteAddr();
        boolean triesToken = ctx.header("Authorization") != null || ctx.queryParam("token") != null;
        if (triesToken && !wrongTokens.allows(address)) {
            // guessing the token: each address gets a few tries, then one every few seconds
            long retryAfter = wrongTokens.secondsUntilAllowed(address);
            throw ApiError.tooManyRequests("authorization", "too many wrong tokens from this address: retry after "
                    + retryAfter + " s", retryAfter);
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
        if (triesToken) {
            wrongTokens.spend(address, 1);
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
        byte[] session = new byte[32];
        random.nextBytes(session);
        String value = HexFormat.of().formatHex(session);
        sessions.put(value, Boolean.TRUE);
        Cookie cookie = new Cookie(ADMIN_COOKIE, value, "/", -1,
                "https".equalsIgnoreCase(ctx.scheme()));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.header("Referrer-Policy", "no-referrer"); // the token is in this page's URL
        return true;
    }

    /** Whether the request carries {@code Authorization: Bearer <token>} (never true without a token). */
    boolean presentsToken(Context ctx) {
        return presentsToken(ctx.header("Authorization"));
    }

    /** Whether this {@code Authorization} header is {@code Bearer <token>} (never true without a token). */
    boolean presentsToken(String authorization) {
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
        return cookie != null && sessions.containsKey(cookie);
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
