package dev.tailor.http;

import dev.tailor.build.Artifact;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.visitor.Consent;
import dev.tailor.visitor.Automation;
import dev.tailor.visitor.OptOut;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;

/** The edge over HTTP: pages, built files and the tracker, written out as {@link EdgeRouter} decided them. */
final class EdgeHandler {

    static final int COOKIE_MAX_AGE = 400 * 24 * 3600; // the longest browsers keep a cookie
    /** As long as the render watchdog's own mark (IndexHtml): a variant failing for a browser is left alone an hour. */
    static final int RENDER_FAILED_MAX_AGE = 3600;

    /** The request header an operator sends to be told the rollout arm of a page load. */
    static final String DEBUG_HEADER = "X-Tailor-Debug";
    /** The answer's header with the arm, for operators only: a visitor who knew their arm could skew the experiment. */
    static final String ARM_HEADER = "X-Tailor-Arm";

    private final EdgeRouter edge;
    private final VisitorCookies cookies;
    private final ApiAccess access;
    private final boolean consentRequired;

    /** @param consentRequired {@code TAILOR_CONSENT=required}: a visitor without consent is treated as opted out */
    EdgeHandler(EdgeRouter edge, VisitorCookies cookies, ApiAccess access, boolean consentRequired) {
        this.edge = edge;
        this.cookies = cookies;
        this.access = access;
        this.consentRequired = consentRequired;
    }

    /** The visitor id from the signed cookie, if any. */
    Optional<String> visitor(Context ctx) {
        return cookies.verify(ctx.cookie(VisitorCookies.NAME));
    }

    void page(Context ctx) {
        Optional<String> personal = edge.personalizedVisitor(hostName(ctx));
        if (personal.isPresent() && !access.open() && !access.isAdmin(ctx) && !access.signsInWithQueryToken(ctx)
                && !personal.equals(visitor(ctx))) {
            // a visitor's own subdomain shows their variant, and so their persona: theirs or an operator's to see
            // written here, not thrown: pages are also served from the 404 handler, which maps no exceptions
            ApiError refused = ApiError.unauthorized("authorization", "a visitor's personalized page needs their own"
                    + " tailor_vid cookie, or Authorization: Bearer <TAILOR_API_TOKEN> (or ?token= once)");
            refused.headers().forEach(ctx::header);
            ctx.status(refused.getStatus()).json(refused.body());
            return;
        }
        EdgeRouter.Page page = edge.page(new EdgeRouter.PageRequest(hostName(ctx), visitor(ctx),
                OptOut.requested(ctx.header("Sec-GPC"), ctx.header("DNT"))
                        || Consent.withheld(consentRequired, ctx.cookie(Consent.COOKIE)),
                renderFailedArtifact(ctx), Automation.ofUserAgent(ctx.header("User-Agent")).isPresent()));
        page.newVisitorCookie().ifPresent(value -> {
            Cookie cookie = new Cookie(VisitorCookies.NAME, value, "/", COOKIE_MAX_AGE, servedOverHttps(ctx));
            cookie.setSameSite(SameSite.LAX);
            cookie.setHttpOnly(true); // the tracker never reads it
            ctx.cookie(cookie);
        });
        if (ctx.header(DEBUG_HEADER) != null && access.isAdmin(ctx)) {
            page.arm().ifPresent(arm -> ctx.header(ARM_HEADER, arm));
        }
        if (page.deployment().isPresent()) {
            // the variant lives on its own deployment: the visitor goes there, with their signed id handed over
            // once in the URL, which the deployment's server keeps as its own cookie (DenoStaticServer)
            ctx.header("Cache-Control", "no-store");
            ctx.header("Vary", "Cookie");
            ctx.header("X-Tailor-Variant", page.route().variant());
            ctx.redirect(page.deployment().get() + "?" + VisitorCookies.NAME + "="
                    + java.net.URLEncoder.encode(ctx.cookie(VisitorCookies.NAME), java.nio.charset.StandardCharsets.UTF_8),
                    io.javalin.http.HttpStatus.FOUND);
            return;
        }
        if (page.html() == null) {
            ctx.status(503).contentType("text/plain; charset=utf-8").result("The site is being built; try again in a moment.");
            return;
        }
        ctx.header("X-Tailor-Variant", page.route().variant());
        ctx.header("Cache-Control", "no-store");
        ctx.header("Vary", "Cookie");
        ctx.contentType("text/html; charset=utf-8").result(page.html());
    }

    /**
     * The build this browser marked as failing to render: its render watchdog's cookie, or the mark a Freestyle
     * deployment sends back in the URL ({@code ?tailor_fallback=<id>}, see DenoStaticServer), kept then as this
     * domain's cookie for the watchdog's hour so that the visitor is not sent to the deployment again.
     */
    private String renderFailedArtifact(Context ctx) {
        String marked = ctx.cookie(Artifact.RENDER_FAILED_COOKIE);
        String handedBack = ctx.queryParam(Artifact.RENDER_FAILED_COOKIE);
        if (marked != null || handedBack == null || !handedBack.matches("[a-f0-9]{8,64}")) {
            return marked;
        }
        Cookie cookie = new Cookie(Artifact.RENDER_FAILED_COOKIE, handedBack, "/", RENDER_FAILED_MAX_AGE, servedOverHttps(ctx));
        cookie.setSameSite(SameSite.LAX);
        ctx.cookie(cookie);
        return handedBack;
    }

    /** @param path the request path without Tailor's path prefix, {@code /artifacts/<id>/…} */
    void artifactFile(Context ctx, String path) {
        edge.artifactFile(path).ifPresentOrElse(file -> {
            ctx.header("Cache-Control", "public, max-age=31536000, immutable");
            ctx.contentType(file.contentType()).result(file.bytes());
        }, () -> ctx.status(404).result("not found"));
    }

    /** The site's {@code public/} file at this path, if it has one; false when it has not (the caller answers). */
    boolean publicFile(Context ctx) {
        return edge.publicFile(ctx.path()).map(file -> {
            ctx.status(200).header("Cache-Control", "public, max-age=300"); // same path, new content after a site change
            ctx.contentType(file.contentType()).result(file.bytes());
            return true;
        }).orElse(false);
    }

    void tracker(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("text/javascript; charset=utf-8").result(edge.trackerScript());
    }

    /** True when the visitor's browser reached us over https, directly or through a TLS-terminating proxy. */
    private static boolean servedOverHttps(Context ctx) {
        return ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static String hostName(Context ctx) {
        return hostName(ctx.header("Host"));
    }

    /** The Host header's name, without the port, lower case ("" when absent). */
    static String hostName(String host) {
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return (colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host).toLowerCase();
    }
}
