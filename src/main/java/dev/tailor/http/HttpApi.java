package dev.tailor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.monitor.Health;
import dev.tailor.monitor.Metrics;
import dev.tailor.privacy.VisitorErasure;
import dev.tailor.track.EventParser;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tailor over HTTP: the whole route table in one place, each route with the {@link Role} that may
 * call it (checked once, by {@link ApiAccess#check}), and every {@link ApiError} turned into its
 * response once. Handlers return values or throw; only this package touches a request.
 */
public final class HttpApi {

    /** Where to listen. */
    public record Listen(String host, int port) {
    }

    /** What the routes serve. */
    public record Handlers(TrackApi track, ProfileApi profiles, OptimizeApi optimize, VisitorErasure erasure,
                           Metrics metrics, Health health, EdgeRouter edge, byte[] dashboard) {
    }

    /** The header a server-side integration proves itself with ({@link VisitorCookies#integrationKey()}). */
    public static final String INTEGRATION_KEY_HEADER = "X-Tailor-Key";

    private HttpApi() {
    }

    /**
     * Whether a request comes from a server-side integration, which may post events for visitors
     * without their cookie: it sends the site's integration key, or the admin token.
     */
    public static Predicate<Context> integration(Optional<String> apiToken, VisitorCookies cookies) {
        ApiAccess access = new ApiAccess(apiToken, ctx -> Optional.empty());
        return ctx -> cookies.isIntegrationKey(ctx.header(INTEGRATION_KEY_HEADER)) || access.presentsToken(ctx);
    }

    /** A server, not yet started, serving the routes. */
    public static Javalin create(Listen listen, ObjectMapper json, Optional<String> apiToken, VisitorCookies cookies,
                                 Handlers handlers, HttpLimits limits) {
        ApiAccess access = new ApiAccess(apiToken, ctx -> cookies.verify(ctx.cookie(VisitorCookies.NAME)));
        EdgeHandler edge = new EdgeHandler(handlers.edge(), cookies, access);
        return Javalin.create(c -> {
            c.jetty.host = listen.host();
            c.jetty.port = listen.port();
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = EventParser.MAX_BODY_BYTES;
            // a client that uploads slower than this is cut off by Jetty, and one that sends
            // nothing at all by the idle timeout: neither can hold a connection open for long
            c.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(limits.minRequestDataRate()));
            c.jetty.modifyServer(server -> {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof org.eclipse.jetty.server.AbstractConnector network) {
                        network.setIdleTimeout(limits.idleTimeout().toMillis());
                    }
                }
            });
            c.startup.showJavalinBanner = false;

            c.routes.beforeMatched(access::check);
            c.routes.exception(ApiError.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                ctx.status(e.getStatus()).json(e.body());
            });

            c.routes.post("/api/track", handlers.track()::track, Role.ANYONE);
            c.routes.get("/api/profile/{user_id}", ctx -> ctx.json(handlers.profiles().profile(ctx.pathParam("user_id"))),
                    Role.ADMIN_OR_SELF);
            c.routes.get("/api/optimize", ctx -> ctx.json(handlers.optimize().optimize(ctx.queryParam("user_id"))),
                    Role.ADMIN);
            c.routes.delete("/api/users/{user_id}", ctx -> ctx.json(handlers.erasure().erase(ctx.pathParam("user_id"))),
                    Role.ADMIN_OR_SELF);
            c.routes.get("/api/metrics", ctx -> ctx.json(handlers.metrics().snapshot()), Role.ADMIN);
            c.routes.get("/dashboard", ctx -> ctx.contentType("text/html; charset=utf-8")
                    .header("Cache-Control", "no-store").result(handlers.dashboard()), Role.DASHBOARD);
            c.routes.get("/healthz", ctx -> {
                Health.Report health = handlers.health().check();
                ctx.status(health.healthy() ? 200 : 503).json(health.details());
            }, Role.ANYONE);
            c.routes.get("/tailor/tracker.js", edge::tracker, Role.ANYONE);
            c.routes.get("/artifacts/*", edge::artifactFile, Role.ANYONE);
            c.routes.get("/", edge::page, Role.ANYONE);
            c.routes.error(404, ctx -> {
                if (ctx.method().name().equals("GET") && EdgeRouter.isPageRoute(ctx.path())) {
                    ctx.status(200);
                    edge.page(ctx); // client-side routes of the site: the page decides (and may refuse)
                }
            });
        });
    }
}
