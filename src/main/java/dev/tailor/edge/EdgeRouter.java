package dev.tailor.edge;

import dev.tailor.build.Artifact;
import dev.tailor.experiment.Experiments;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.OptOut;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tailor's local edge: decides per page load whether a visitor gets their personalized variant
 * or the original site, and serves the built artifacts. Any failure on the way serves the
 * original: a visitor never sees an error because personalization broke.
 */
public final class EdgeRouter {

    private static final Logger log = LoggerFactory.getLogger(EdgeRouter.class);
    private static final Pattern ARTIFACT_FILE = Pattern.compile("/artifacts/([a-f0-9]{8,64})/((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+)");
    private static final Pattern PERSONALIZED_HOST = Pattern.compile("([a-z0-9_-]{1,64})-personalized\\..*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8",
            "map", "application/json", "json", "application/json", "svg", "image/svg+xml", "png", "image/png",
            "jpg", "image/jpeg", "woff2", "font/woff2", "ico", "image/x-icon");
    private static final int COOKIE_MAX_AGE = 400 * 24 * 3600; // the longest browsers keep a cookie

    /** What a page load resolved to. */
    public record Route(String variant, String artifactId, String reason) {
    }

    private final Path artifactsDir;
    private final Supplier<String> originalArtifactId;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final VisitorCookies cookies;
    private final Map<String, byte[]> indexCache = new ConcurrentHashMap<>();
    private final byte[] trackerScript;

    /** @param trackerScript the tracker served at {@code /tailor/tracker.js} */
    public EdgeRouter(Path artifactsDir, Supplier<String> originalArtifactId, VariantCatalog catalog, Experiments experiments,
                      VisitorCookies cookies, byte[] trackerScript) {
        this.artifactsDir = artifactsDir;
        this.originalArtifactId = originalArtifactId;
        this.catalog = catalog;
        this.experiments = experiments;
        this.cookies = cookies;
        this.trackerScript = trackerScript.clone();
    }

    /**
     * Whether a path that matched no route is one of the site's client-side pages (served the page)
     * rather than a missing file such as {@code /favicon.ico} (a plain 404, and no visitor cookie).
     */
    public static boolean isPageRoute(String path) {
        if (path.startsWith("/api/") || path.startsWith("/artifacts/") || path.startsWith("/tailor/")) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }

    /** The visitor id from the signed cookie, if any. */
    public Optional<String> visitor(Context ctx) {
        return cookies.verify(ctx.cookie(VisitorCookies.NAME));
    }

    public void servePage(Context ctx) {
        Route route;
        try {
            route = resolve(ctx);
        } catch (RuntimeException e) {
            log.warn("routing failed, serving the original site: {}", e.toString());
            route = new Route("original", originalArtifactId.get(), "routing error");
        }
        if (!route.variant().equals("original") && route.artifactId().equals(ctx.cookie(Artifact.RENDER_FAILED_COOKIE))) {
            route = new Route("original", originalArtifactId.get(), "the variant failed to render in this browser");
        }
        byte[] html = index(route.artifactId());
        if (html == null && !route.variant().equals("original")) {
            log.warn("variant {} artifact {} is unreadable, serving the original site", route.variant(), route.artifactId());
            route = new Route("original", originalArtifactId.get(), "variant artifact missing");
            html = index(route.artifactId());
        }
        if (html == null) {
            ctx.status(503).contentType("text/plain; charset=utf-8").result("The site is being built; try again in a moment.");
            return;
        }
        ctx.header("X-Tailor-Variant", route.variant());
        ctx.header("Cache-Control", "no-store");
        ctx.header("Vary", "Cookie");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** Which artifact this page load gets, and why. Issues a visitor cookie when there is none. */
    Route resolve(Context ctx) {
        String original = originalArtifactId.get();
        Matcher host = PERSONALIZED_HOST.matcher(hostName(ctx));
        if (host.matches()) {
            String label = host.group(1);
            Optional<LiveVariant> v = catalog.byAudience(label).or(() -> catalog.variantOf(label))
                    .filter(x -> !experiments.rolledBack(x.key()));
            return v.map(x -> new Route(x.planName(), x.artifactId(), "personalized host"))
                    .orElse(new Route("original", original, "no live variant named " + label));
        }
        if (OptOut.requested(ctx.header("Sec-GPC"), ctx.header("DNT"))) {
            return new Route("original", original, "visitor opted out of tracking");
        }
        Optional<String> visitor = visitor(ctx);
        if (visitor.isEmpty()) {
            String id = cookies.newVisitorId();
            Cookie cookie = new Cookie(VisitorCookies.NAME, cookies.sign(id), "/", COOKIE_MAX_AGE, servedOverHttps(ctx));
            cookie.setSameSite(SameSite.LAX); cookie.setHttpOnly(true); // the tracker never reads it
            ctx.cookie(cookie);
            return new Route("original", original, "new visitor");
        }
        Optional<LiveVariant> assigned = catalog.variantOf(visitor.get());
        if (assigned.isEmpty()) {
            return new Route("original", original, "no variant for visitor");
        }
        LiveVariant v = assigned.get();
        Experiments.Route arm = experiments.route(v.key(), visitor.get());
        ctx.header("X-Tailor-Arm", arm.arm() + "; " + v.planName() + " at " + arm.percent() + "%");
        return arm.variant()
                ? new Route(v.planName(), v.artifactId(), "assigned, in treatment")
                : new Route("original", original, "assigned, in " + arm.arm());
    }

    /** True when the visitor's browser reached us over https, directly or through a TLS-terminating proxy. */
    static boolean servedOverHttps(Context ctx) {
        return ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    public void serveArtifactFile(Context ctx) {
        Matcher m = ARTIFACT_FILE.matcher(ctx.path());
        if (!m.matches() || m.group(2).contains("..")) {
            ctx.status(404).result("not found");
            return;
        }
        Path file = artifactsDir.resolve(m.group(1)).resolve(m.group(2)).normalize();
        if (!file.startsWith(artifactsDir.normalize()) || !Files.isRegularFile(file)) {
            ctx.status(404).result("not found");
            return;
        }
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"));
        try {
            ctx.result(Files.readAllBytes(file));
        } catch (IOException e) {
            ctx.status(404).result("not found");
        }
    }

    public void serveTracker(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("text/javascript; charset=utf-8").result(trackerScript);
    }

    private byte[] index(String artifactId) {
        if (artifactId == null) {
            return null;
        }
        if (!Files.isRegularFile(artifactsDir.resolve(artifactId).resolve("index.html"))) {
            indexCache.remove(artifactId); // removed from disk behind our back: its bundles are gone too
            return null;
        }
        return indexCache.computeIfAbsent(artifactId, id -> {
            try {
                return Files.readAllBytes(artifactsDir.resolve(id).resolve("index.html"));
            } catch (IOException e) {
                return null;
            }
        });
    }

    private static String hostName(Context ctx) {
        String host = ctx.header("Host");
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return (colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host).toLowerCase();
    }
}
