package dev.tailor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.build.ServedPaths;
import dev.tailor.edge.EdgeRouter;
import dev.tailor.edge.PageInjection;
import dev.tailor.visitor.Consent;
import dev.tailor.visitor.Automation;
import dev.tailor.visitor.OptOut;
import dev.tailor.visitor.VisitorCookies;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AfterContentTransformer;
import org.eclipse.jetty.ee10.proxy.AsyncMiddleManServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy mode ({@code TAILOR_UPSTREAM}): Tailor in front of an existing site. Every request outside
 * Tailor's path prefix goes to the upstream through Jetty's reverse proxy ({@link AsyncMiddleManServlet},
 * which streams and keeps method, headers, body, status, redirects and cookies); Tailor's own routes
 * are served by Javalin as usual. A page load (a GET for HTML) is routed by {@link EdgeRouter} first,
 * and the upstream's HTML gets what {@link PageInjection} adds for this visitor, server-side, before
 * the response leaves. An upstream that is down or too slow is answered 502/504 with a page (or
 * JSON) that names the upstream and the setting, never a broken page.
 */
public final class UpstreamProxy {

    private static final Logger log = LoggerFactory.getLogger(UpstreamProxy.class);
    private static final String SERVLET_NAME = "tailor-upstream";
    private static final String PAGE_ATTRIBUTE = UpstreamProxy.class.getName() + ".page";
    private static final String INJECT_ATTRIBUTE = UpstreamProxy.class.getName() + ".inject";
    /** Copied into the response as they came: the servlet API would rewrite them. */
    private static final java.util.Set<HttpHeader> RAW_HEADERS = java.util.EnumSet.of(
            HttpHeader.CONTENT_TYPE, HttpHeader.SET_COOKIE, HttpHeader.LOCATION);
    private static final int COOKIE_MAX_AGE = 400 * 24 * 3600;
    /** Upstream pages larger than this are passed through without injection rather than held in memory. */
    private static final long MAX_INJECTED_PAGE_BYTES = 8L << 20;

    /**
     * @param upstream the site, e.g. {@code https://www.example.com} or {@code http://127.0.0.1:8080}
     * @param timeout  how long the upstream may stay silent (connecting, or between two bytes of a response)
     */
    public record Settings(URI upstream, Duration timeout) {
        /** The setting naming the upstream, quoted in every error about it. */
        public static final String VARIABLE = "TAILOR_UPSTREAM";

        /** {@code scheme://host[:port]}: what the upstream's absolute redirects start with. */
        String origin() {
            return upstream.getScheme() + "://" + upstream.getRawAuthority();
        }
    }

    private UpstreamProxy() {
    }

    /** Puts the upstream behind every path outside {@code paths}' prefix, in front of Javalin's routes. */
    static void install(JavalinConfig c, Settings settings, ServedPaths paths, EdgeRouter edge, VisitorCookies cookies,
                        ObjectMapper json, boolean consentRequired) {
        c.jetty.modifyServletContextHandler(context -> {
            ServletHolder proxy = new ServletHolder(SERVLET_NAME, new PassThrough(settings, edge, cookies, json, consentRequired));
            proxy.setInitParameter("proxyTo", settings.upstream().toString());
            proxy.setInitParameter("idleTimeout", Long.toString(settings.timeout().toMillis()));
            proxy.setInitParameter("timeout", "0"); // no cap on a whole response: streams may last
            proxy.setInitParameter("maxThreads", "-"); // the server's thread pool
            proxy.setAsyncSupported(true);
            context.getServletHandler().addServlet(proxy);
            FilterHolder filter = new FilterHolder(new ToUpstream(paths));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        });
    }

    /** Sends every request outside Tailor's prefix to the proxy servlet; Tailor's own go on to Javalin. */
    private record ToUpstream(ServedPaths paths) implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String path = ((HttpServletRequest) request).getRequestURI();
            if (paths.isPrefixed(path)) {
                chain.doFilter(request, response);
            } else {
                request.getServletContext().getNamedDispatcher(SERVLET_NAME).forward(request, response);
            }
        }
    }

    /** Jetty's reverse proxy, plus Tailor's routing and injection for page loads and readable failures. */
    private static final class PassThrough extends AsyncMiddleManServlet.Transparent {
        private final Settings settings;
        private final EdgeRouter edge;
        private final VisitorCookies cookies;
        private final ObjectMapper json;
        private final boolean consentRequired;

        PassThrough(Settings settings, EdgeRouter edge, VisitorCookies cookies, ObjectMapper json, boolean consentRequired) {
            this.consentRequired = consentRequired;
            this.settings = settings;
            this.edge = edge;
            this.cookies = cookies;
            this.json = json;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            if (isPageLoad(request)) {
                request.setAttribute(PAGE_ATTRIBUTE, edge.upstreamPage(new EdgeRouter.PageRequest(hostName(request),
                        cookies.verify(cookie(request, VisitorCookies.NAME)),
                        OptOut.requested(request.getHeader("Sec-GPC"), request.getHeader("DNT"))
                                || Consent.withheld(consentRequired, cookie(request, Consent.COOKIE)),
                        cookie(request, Artifact.RENDER_FAILED_COOKIE),
                        Automation.ofUserAgent(request.getHeader("User-Agent")).isPresent())));
            }
            super.service(request, response);
        }

        @Override
        protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
            super.copyRequestHeaders(clientRequest, proxyRequest);
            if (clientRequest.getAttribute(PAGE_ATTRIBUTE) != null) {
                // the page is rewritten: it must come whole and uncompressed, never as "not modified"
                proxyRequest.headers(h -> h.remove(HttpHeader.ACCEPT_ENCODING).remove(HttpHeader.IF_NONE_MATCH)
                        .remove(HttpHeader.IF_MODIFIED_SINCE).remove(HttpHeader.IF_MATCH).remove(HttpHeader.RANGE));
            }
        }

        @Override
        protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                               Response serverResponse) {
            super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
            // as the upstream wrote them: the servlet API would re-render these (cookies, a relative Location)
            HttpFields.Mutable raw = ServletContextResponse.getServletContextResponse(proxyResponse).getHeaders();
            for (HttpField field : serverResponse.getHeaders()) {
                if (RAW_HEADERS.contains(field.getHeader())) {
                    raw.add(rewriteLocation(field));
                }
            }
            EdgeRouter.UpstreamPage page = (EdgeRouter.UpstreamPage) clientRequest.getAttribute(PAGE_ATTRIBUTE);
            if (page == null || !isInjectable(serverResponse)) {
                return;
            }
            clientRequest.setAttribute(INJECT_ATTRIBUTE, page);
            // after the upstream's headers, so that none of them replaces Tailor's
            page.newVisitorCookie().ifPresent(value -> proxyResponse.addHeader("Set-Cookie", VisitorCookies.NAME + "=" + value
                    + "; Path=/; Max-Age=" + COOKIE_MAX_AGE + "; HttpOnly; SameSite=Lax" + (servedOverHttps(clientRequest) ? "; Secure" : "")));
            // no X-Tailor-Arm here: a visitor who knew their arm could skew the experiment
            proxyResponse.setHeader("X-Tailor-Variant", page.route().variant());
            proxyResponse.setHeader("Cache-Control", "no-store");
            proxyResponse.addHeader("Vary", "Cookie");
            for (String stale : new String[] {"ETag", "Last-Modified", "Content-Length", "Content-MD5"}) {
                proxyResponse.setHeader(stale, null); // the body changes
            }
        }

        @Override
        protected ContentTransformer newServerResponseContentTransformer(HttpServletRequest clientRequest,
                                                                         HttpServletResponse proxyResponse,
                                                                         Response serverResponse) {
            EdgeRouter.UpstreamPage page = (EdgeRouter.UpstreamPage) clientRequest.getAttribute(INJECT_ATTRIBUTE);
            return page == null ? ContentTransformer.IDENTITY : new Injecting(page, proxyResponse, clientRequest.getRequestURI());
        }

        @Override
        protected HttpField filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse,
                                                       HttpField field) {
            if (RAW_HEADERS.contains(field.getHeader())) {
                return null; // copied raw, see onServerResponseHeaders
            }
            return super.filterServerResponseHeader(clientRequest, serverResponse, field);
        }

        /** A redirect to the upstream's own origin stays on Tailor's: the visitor never leaves the proxy. */
        private HttpField rewriteLocation(HttpField field) {
            String value = field.getValue();
            if (field.getHeader() == HttpHeader.LOCATION && value != null
                    && value.regionMatches(true, 0, settings.origin(), 0, settings.origin().length())) {
                String rest = value.substring(settings.origin().length());
                return new HttpField(HttpHeader.LOCATION, rest.isEmpty() ? "/" : rest);
            }
            return field;
        }

        @Override
        protected void writeProxyResponseContent(ServletOutputStream output, ByteBuffer content) throws IOException {
            super.writeProxyResponseContent(output, content);
            if (output.isReady()) {
                output.flush(); // streamed as it comes: an answer that trickles (server-sent events, progress) must not wait
            }
        }

        @Override
        protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
            try {
                if (proxyResponse.isCommitted()) {
                    super.sendProxyResponseError(clientRequest, proxyResponse, status); // only closing is left
                    return;
                }
                String problem = status == 504
                        ? "did not answer within " + settings.timeout().toSeconds() + " s"
                        : "could not be reached or broke off its answer";
                String message = "The site behind Tailor (" + Settings.VARIABLE + "=" + settings.upstream() + ") " + problem
                        + ". Check that it is running and reachable from Tailor, or point " + Settings.VARIABLE
                        + " at it (TAILOR_UPSTREAM_TIMEOUT sets how long Tailor waits).";
                log.warn("{} {}: upstream answer failed ({}): {}", clientRequest.getMethod(), clientRequest.getRequestURI(),
                        status, problem);
                proxyResponse.resetBuffer();
                proxyResponse.setStatus(status);
                proxyResponse.setHeader("Cache-Control", "no-store");
                proxyResponse.setHeader("Connection", "close");
                proxyResponse.setHeader("Content-Length", null);
                byte[] body;
                String accept = Optional.ofNullable(clientRequest.getHeader("Accept")).orElse("");
                if (accept.contains("text/html")) {
                    proxyResponse.setContentType("text/html; charset=utf-8");
                    body = errorPage(status, message).getBytes(StandardCharsets.UTF_8);
                } else {
                    proxyResponse.setContentType("application/json");
                    Map<String, Object> error = new LinkedHashMap<>(ApiError.error(Settings.VARIABLE, message));
                    error.put("upstream", settings.upstream().toString());
                    error.put("status", status);
                    body = json.writeValueAsBytes(error);
                }
                proxyResponse.setContentLength(body.length);
                proxyResponse.getOutputStream().write(body);
            } catch (IOException | RuntimeException e) {
                log.debug("could not write the upstream error answer", e);
            } finally {
                if (clientRequest.isAsyncStarted()) {
                    clientRequest.getAsyncContext().complete();
                }
            }
        }

        private static String errorPage(int status, String message) {
            return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                    + " — the site is not answering</title></head>\n<body style=\"font-family:system-ui,sans-serif;max-width:40em;margin:3em auto\">"
                    + "<h1>The site is not answering</h1>\n<p>" + escape(message) + "</p>\n<p>Try again in a moment.</p></body></html>\n";
        }
    }

    /** Holds the upstream's page (memory, then a temporary file) and writes it out with the injection. */
    private static final class Injecting extends AfterContentTransformer {
        private final EdgeRouter.UpstreamPage page;
        private final HttpServletResponse response;
        private final String path;

        Injecting(EdgeRouter.UpstreamPage page, HttpServletResponse response, String path) {
            this.page = page;
            this.response = response;
            this.path = path;
            setMaxInputBufferSize(1L << 20);
            setMaxOutputBufferSize(1L << 20);
        }

        @Override
        public boolean transform(Source source, Sink sink) throws IOException {
            byte[] html;
            try (InputStream in = source.getInputStream()) {
                html = in.readNBytes((int) MAX_INJECTED_PAGE_BYTES + 1);
            }
            if (html.length > MAX_INJECTED_PAGE_BYTES) {
                log.warn("{}: the upstream page is over {} bytes; passed through without the tracker", path, MAX_INJECTED_PAGE_BYTES);
                return false;
            }
            Optional<byte[]> injected = page.injection().applyTo(html);
            if (injected.isEmpty()) {
                log.warn("{}: variant {} not applied: the upstream page has no </head> or no <script {}> (the site's own"
                        + " page bundle, which the variant's replaces); serving the site's page", path, page.route().variant(),
                        PageInjection.ENTRY_ATTRIBUTE);
                if (!response.isCommitted()) {
                    response.setHeader("X-Tailor-Variant", "original");
                }
                injected = page.original().applyTo(html);
            }
            try (OutputStream out = sink.getOutputStream()) {
                out.write(injected.orElse(html));
            }
            return true;
        }
    }

    /** A top-level navigation asking for HTML, outside Tailor's own paths: the site's page. */
    private static boolean isPageLoad(HttpServletRequest request) {
        if (!request.getMethod().equals("GET")) {
            return false;
        }
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (dest != null && !dest.equals("document")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static boolean isInjectable(Response response) {
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String encoding = response.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        return response.getStatus() == 200 && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")
                && (encoding == null || encoding.equalsIgnoreCase("identity"));
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] all = request.getCookies();
        if (all != null) {
            for (Cookie c : all) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static boolean servedOverHttps(HttpServletRequest request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    private static String hostName(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return (colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
