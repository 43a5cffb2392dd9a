package dev.tailor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.ServedPaths;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.monitor.Health;
import dev.tailor.monitor.Metrics;
import dev.tailor.monitor.PrometheusMetrics;
import dev.tailor.privacy.VisitorErasure;
import dev.tailor.stream.EventStream;
import dev.tailor.track.EventParser;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
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
                           Metrics metrics, Health health, EdgeRouter edge, byte[] dashboard, RolloutApi rollouts,
                           PrometheusMetrics prometheus) {
    }

    /**
     * Which origin Tailor is: the whole site (the default: Tailor's paths under the prefix and at
     * their old places), or in front of an upstream site (proxy mode: Tailor's paths only under the
     * prefix, everything else passed to the upstream).
     */
    public record Origin(ServedPaths paths, Optional<UpstreamProxy.Settings> upstream, boolean consentRequired) {
        public static final Origin DEFAULT = new Origin(ServedPaths.DEFAULT, Optional.empty(), false);
    }

    /** The header a server-side integration proves itself with ({@link VisitorCookies#integrationKey()}). */
    public static final String INTEGRATION_KEY_HEADER = "X-Tailor-Key";

    /**
     * Connections the kernel may hold for Jetty to accept (the listen backlog; Linux caps it at
     * {@code net.core.somaxconn}, 4096 by default). Jetty's default, 0, is Java's 50: when thousands of
     * visitors arrived within seconds, connections beyond it were dropped (the browser waits 1, 2, 4 s to
     * try again) or, once SYN cookies were on, reset when their first request came.
     */
    static final int ACCEPT_QUEUE = 4096;

    private HttpApi() {
    }

    /**
     * Whether a request comes from a server-side integration, which may post events for visitors
     * without their cookie: it sends the site's integration key, or the admin token.
     */
    public static Predicate<TrackApi.RequestView> integration(Optional<String> apiToken, VisitorCookies cookies) {
        ApiAccess access = new ApiAccess(apiToken, ctx -> Optional.empty());
        return request -> cookies.isIntegrationKey(request.header(INTEGRATION_KEY_HEADER))
                || access.presentsToken(request.header("Authorization"));
    }

    /**
     * A server, not yet started, serving the routes at the origin's paths.
     *
     * @param trackFastPath {@code POST /api/track} answered by {@link TrackFastPath} before Javalin's servlet
     *                      ({@code TAILOR_TRACK_FAST_PATH}, on by default; off: by the route, to compare them)
     */
    public static Javalin create(Listen listen, ObjectMapper json, Optional<String> apiToken, VisitorCookies cookies,
                                 Handlers handlers, Origin origin, HttpLimits limits, boolean trackFastPath) {
        ServedPaths paths = origin.paths();
        ApiAccess access = new ApiAccess(apiToken, ctx -> cookies.verify(ctx.cookie(VisitorCookies.NAME)));
        EdgeHandler edge = new EdgeHandler(handlers.edge(), cookies, access, origin.consentRequired());
        return Javalin.create(c -> {
            c.jetty.host = listen.host();
            c.jetty.port = listen.port();
            c.jsonMapper(new JavalinJackson(json, false));
            c.http.maxRequestSize = EventParser.MAX_BODY_BYTES;
            // a client that uploads slower than this is cut off by Jetty, and one that sends
            // nothing at all by the idle timeout: neither can hold a connection open for long
            c.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(limits.minRequestDataRate());
                // Jetty's default keeps a header cache per connection (a 25 KB char table and its nodes, ~30 KB):
                // 10,000 open visitors' connections held 300 MB of it and ran a 512 MB heap out of memory.
                // Without it each request's headers are parsed into fields of their own, as they mostly are
                // anyway (every visitor's cookie differs)
                http.setHeaderCacheSize(0);
            });
            c.jetty.modifyServer(server -> {
                // Javalin adds its connector after this runs, so the connector is set as the server starts, before
                // it opens its socket (set here, the idle timeout had met no connector and Jetty's 30 s applied)
                server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle starting) {
                        for (var connector : server.getConnectors()) {
                            if (connector instanceof org.eclipse.jetty.server.AbstractConnector network) {
                                network.setIdleTimeout(limits.idleTimeout().toMillis());
                            }
                            if (connector instanceof org.eclipse.jetty.server.ServerConnector listening) {
                                listening.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                });
                // the page, the hashed assets and the tracker's posts are answered before Javalin's servlet
                // (Javalin nests its servlet context inside the innermost of these handlers); every other
                // request passes through them untouched
                EdgeFastPath edgeFastPath = new EdgeFastPath(handlers.edge(), cookies, origin.consentRequired(), paths,
                        origin.upstream().isEmpty());
                server.setHandler(trackFastPath
                        ? new TrackFastPath(handlers.track(), paths, limits.minRequestDataRate(), edgeFastPath)
                        : edgeFastPath);
            });
            c.startup.showJavalinBanner = false;

            c.routes.beforeMatched(access::check);
            c.routes.exception(ApiError.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                ctx.status(e.getStatus()).json(e.body());
            });
            c.routes.exception(EventStream.Unavailable.class, (e, ctx) -> {
                ApiError refused = ApiError.unavailable(e);
                refused.headers().forEach(ctx::header);
                ctx.status(refused.getStatus()).json(refused.body());
            });

            // each of Tailor's own routes under the prefix, and at its old path too when Tailor owns the origin
            Routes routes = new Routes(c, paths);
            routes.post("/api/track", "/api/track", handlers.track()::track, Role.ANYONE);
            routes.post("/api/consent", "/api/consent", new ConsentApi(cookies, json)::consent, Role.ANYONE);
            routes.get("/api/profile/{user_id}", "/api/profile/{user_id}",
                    ctx -> ctx.json(handlers.profiles().profile(ctx.pathParam("user_id"))), Role.ADMIN_OR_SELF);
            routes.get("/api/optimize", "/api/optimize",
                    ctx -> ctx.json(handlers.optimize().optimize(ctx.queryParam("user_id"))), Role.ADMIN);
            routes.delete("/api/users/{user_id}", "/api/users/{user_id}",
                    ctx -> ctx.json(handlers.erasure().erase(ctx.pathParam("user_id"))), Role.ADMIN_OR_SELF);
            routes.get("/api/metrics", "/api/metrics", ctx -> ctx.json(handlers.metrics().snapshot()), Role.ADMIN);
            // Prometheus' scrape (bearer token in its scrape config when TAILOR_API_TOKEN is set)
            routes.get("/metrics", "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(handlers.prometheus().scrape()), Role.ADMIN);
            routes.get("/api/rollouts", "/api/rollouts", ctx -> ctx.json(handlers.rollouts().list()), Role.ADMIN);
            routes.get("/api/rollouts.csv", "/api/rollouts.csv", ctx -> ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"rollouts.csv\"").result(handlers.rollouts().csv()), Role.ADMIN);
            routes.get("/api/rollouts/{variant_key}", "/api/rollouts/{variant_key}",
                    ctx -> ctx.json(handlers.rollouts().rollout(ctx.pathParam("variant_key"))), Role.ADMIN);
            routes.post("/api/rollouts/{variant_key}/retry", "/api/rollouts/{variant_key}/retry",
                    ctx -> ctx.json(handlers.rollouts().retry(ctx.pathParam("variant_key"))), Role.ADMIN);
            routes.get("/dashboard", "/dashboard", ctx -> ctx.contentType("text/html; charset=utf-8")
                    .header("Cache-Control", "no-store").result(handlers.dashboard()), Role.DASHBOARD);
            routes.get("/healthz", "/healthz", ctx -> {
                Health.Report health = handlers.health().check();
                ctx.status(health.healthy() ? 200 : 503).json(health.details());
            }, Role.ANYONE);
            routes.get("/tailor/tracker.js", "/tracker.js", edge::tracker, Role.ANYONE);
            routes.get("/artifacts/*", "/artifacts/*", ctx -> edge.artifactFile(ctx,
                    paths.isPrefixed(ctx.path()) ? ctx.path().substring(paths.prefix().length()) : ctx.path()), Role.ANYONE);
            origin.upstream().ifPresentOrElse(
                    upstream -> UpstreamProxy.install(c, upstream, paths, handlers.edge(), cookies, json,
                            origin.consentRequired()),
                    () -> c.routes.get("/", edge::page, Role.ANYONE));
            c.routes.error(404, ctx -> {
                if (origin.upstream().isEmpty() && ctx.method().name().equals("GET") && !paths.isPrefixed(ctx.path())) {
                    if (edge.publicFile(ctx)) { // the site's public/ files, at their own paths
                        return;
                    }
                    if (EdgeRouter.isPageRoute(ctx.path())) {
                        ctx.status(200);
                        edge.page(ctx); // client-side routes of the site: the page decides (and may refuse)
                    }
                }
            });
        });
    }

    /** Registers a route at {@code prefix + path}, and at {@code legacyPath} when the paths are legacy. */
    private record Routes(JavalinConfig c, ServedPaths paths) {
        void get(String legacyPath, String path, Handler handler, Role role) {
            c.routes.get(paths.prefixed(path), handler, role);
            if (paths.legacy()) {
                c.routes.get(legacyPath, handler, role);
            }
        }

        void post(String legacyPath, String path, Handler handler, Role role) {
            c.routes.post(paths.prefixed(path), handler, role);
            if (paths.legacy()) {
                c.routes.post(legacyPath, handler, role);
            }
        }

        void delete(String legacyPath, String path, Handler handler, Role role) {
            c.routes.delete(paths.prefixed(path), handler, role);
            if (paths.legacy()) {
                c.routes.delete(legacyPath, handler, role);
            }
        }
    }
}
