package dev.tailor.http;

import dev.tailor.build.Artifact;
import dev.tailor.build.ServedPaths;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.edge.ServedFile;
import dev.tailor.visitor.Automation;
import dev.tailor.visitor.Consent;
import dev.tailor.visitor.OptOut;
import dev.tailor.visitor.VisitorCookies;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The two requests a site's visitors make most, the page and its hashed assets, answered by a Jetty
 * handler in front of Javalin's servlet: no servlet request, session, route regex or compression
 * stream on their way. The route is an exact path ({@code /}) or the artifacts' path prefix; the body
 * is the file as prepared once ({@link ServedFile}: bytes, gzip form, ETag) and the constant headers
 * are encoded once. A request this handler does not answer exactly as {@link EdgeHandler} would
 * (another method, a personalized host, an operator's debug header, a file that is not there) goes
 * on to Javalin's routes unchanged.
 */
final class EdgeFastPath extends Handler.Wrapper {

    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL,
            "public, max-age=31536000, immutable");
    private static final HttpField VARY_COOKIE = new PreEncodedHttpField(HttpHeader.VARY, "Cookie");
    private static final HttpField VARY_COOKIE_ENCODING = new PreEncodedHttpField(HttpHeader.VARY, "Cookie, Accept-Encoding");
    private static final HttpField VARY_ENCODING = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    /** The page's type as Javalin's servlet response spelled it. */
    private static final HttpField HTML = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    /** An asset's content type, encoded once per type (the edge knows a handful) rather than per request. */
    private static final Map<String, HttpField> CONTENT_TYPE_FIELDS = new ConcurrentHashMap<>();
    private static final byte[] BUILDING = "The site is being built; try again in a moment.".getBytes(StandardCharsets.UTF_8);
    private static final String VARIANT_HEADER = "X-Tailor-Variant";

    private final EdgeRouter edge;
    private final VisitorCookies cookies;
    private final boolean consentRequired;
    private final Set<String> pagePaths;
    private final List<String> artifactPrefixes;

    /**
     * @param servesPages Tailor serves the site's page at {@code /} (not in proxy mode, where the upstream does)
     */
    EdgeFastPath(EdgeRouter edge, VisitorCookies cookies, boolean consentRequired, ServedPaths paths, boolean servesPages) {
        this.edge = edge;
        this.cookies = cookies;
        this.consentRequired = consentRequired;
        this.pagePaths = servesPages ? Set.of("/") : Set.of();
        // the artifacts under the prefix always; at their old path only when Tailor owns the origin
        this.artifactPrefixes = paths.legacy() && servesPages
                ? List.of(paths.prefixed("/artifacts/"), "/artifacts/") : List.of(paths.prefixed("/artifacts/"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (HttpMethod.GET.is(request.getMethod())) {
            String path = request.getHttpURI().getPath();
            if (pagePaths.contains(path) ? page(request, response, callback) : artifact(path, request, response, callback)) {
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    /** A hashed asset: from memory, never changing under its name, so cached for a year. */
    private boolean artifact(String path, Request request, Response response, Callback callback) {
        for (String prefix : artifactPrefixes) {
            if (path.startsWith(prefix)) {
                Optional<ServedFile> file = edge.artifactFile(path.substring(prefix.length() - "/artifacts/".length()));
                if (file.isEmpty()) {
                    return false; // Javalin's route answers the 404, as it always has
                }
                HttpFields.Mutable headers = response.getHeaders();
                headers.add(IMMUTABLE);
                write(file.get(), file.get().gzip().isPresent() ? VARY_ENCODING : null,
                        CONTENT_TYPE_FIELDS.computeIfAbsent(file.get().contentType(), t -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, t)),
                        request, response, callback);
                return true;
            }
        }
        return false;
    }

    /** The page for this visitor, as {@link EdgeHandler#page} writes it, for every host but a personalized one. */
    private boolean page(Request request, Response response, Callback callback) {
        HttpFields fields = request.getHeaders();
        String host = EdgeHandler.hostName(fields.get(HttpHeader.HOST));
        if (EdgeRouter.isPersonalizedHost(host) || fields.contains(EdgeHandler.DEBUG_HEADER)) {
            return false; // who may see it, and the arm header, are decided by the route's access checks
        }
        String query = request.getHttpURI().getQuery();
        if (query != null && query.contains(Artifact.RENDER_FAILED_COOKIE + "=")) {
            return false; // a Freestyle deployment's render-failure mark, which the route keeps as a cookie
        }
        List<HttpCookie> sent = Request.getCookies(request);
        String visitorCookie = cookie(sent, VisitorCookies.NAME);
        EdgeRouter.Page page = edge.page(new EdgeRouter.PageRequest(host, cookies.verify(visitorCookie),
                OptOut.requested(fields.get("Sec-GPC"), fields.get("DNT"))
                        || Consent.withheld(consentRequired, cookie(sent, Consent.COOKIE)),
                cookie(sent, Artifact.RENDER_FAILED_COOKIE), Automation.ofUserAgent(fields.get(HttpHeader.USER_AGENT)).isPresent()));
        page.newVisitorCookie().ifPresent(value -> Response.addCookie(response, HttpCookie.build(VisitorCookies.NAME, value)
                .path("/").maxAge(EdgeHandler.COOKIE_MAX_AGE).secure(servedOverHttps(request)).httpOnly(true) // the tracker never reads it
                .sameSite(HttpCookie.SameSite.LAX).build()));
        HttpFields.Mutable headers = response.getHeaders();
        if (page.deployment().isPresent()) {
            // the variant lives on its own deployment: the visitor goes there, their signed id handed over once in the URL
            headers.put(NO_STORE);
            headers.put(VARY_COOKIE);
            headers.put(VARIANT_HEADER, page.route().variant());
            headers.put(HttpHeader.LOCATION, page.deployment().get() + "?" + VisitorCookies.NAME + "="
                    + URLEncoder.encode(visitorCookie, StandardCharsets.UTF_8));
            response.setStatus(HttpStatus.FOUND_302);
            headers.put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
            return true;
        }
        if (page.document() == null) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            headers.put(TEXT);
            headers.put(HttpHeader.CONTENT_LENGTH, BUILDING.length);
            response.write(true, ByteBuffer.wrap(BUILDING), callback);
            return true;
        }
        headers.add(VARIANT_HEADER, page.route().variant());
        headers.add(NO_STORE);
        write(page.document(), page.document().gzip().isPresent() ? VARY_COOKIE_ENCODING : VARY_COOKIE, HTML,
                request, response, callback);
        return true;
    }

    /**
     * The file, gzip-compressed when the client takes it, or 304 when the client holds it already. Its
     * headers are added, not put: a fresh response has none of them, and a put compares every field's
     * name with the new one's.
     */
    private static void write(ServedFile file, HttpField vary, HttpField contentType, Request request, Response response,
                              Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        boolean gzip = file.gzip().isPresent() && acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        String etag = gzip ? file.gzipEtag() : file.etag();
        if (vary != null) {
            headers.add(vary);
        }
        headers.add(HttpHeader.ETAG, etag);
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), file)) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return;
        }
        headers.add(contentType);
        // a view of its own (position, limit) over the file's prepared buffer, shared by every response
        ByteBuffer body = (gzip ? file.gzipBody().get() : file.body()).slice();
        if (gzip) {
            headers.add(GZIP);
        }
        response.setStatus(HttpStatus.OK_200);
        headers.add(HttpHeader.CONTENT_LENGTH, body.remaining());
        response.write(true, body, callback);
    }

    /** Whether {@code If-None-Match} names either representation of this file (or is {@code *}). */
    static boolean matches(String ifNoneMatch, ServedFile file) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2); // If-None-Match compares weakly
            }
            if (t.equals("*") || t.equals(file.etag()) || t.equals(file.gzipEtag())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code Accept-Encoding} takes gzip: named (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip();
            if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
                    if (param.startsWith("q=") && param.substring(2).strip().matches("0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static String cookie(List<HttpCookie> cookies, String name) {
        for (HttpCookie cookie : cookies) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static boolean servedOverHttps(Request request) {
        return "https".equals(request.getHttpURI().getScheme())
                || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }
}
