package dev.tailor.edge;

import dev.tailor.build.Artifact;
import dev.tailor.build.ServedPaths;
import dev.tailor.experiment.Experiments;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.OptOut;
import dev.tailor.visitor.VisitorCookies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tailor's local edge: decides per page load whether a visitor gets their personalized variant
 * or the original site, and serves the built artifacts. Any failure on the way serves the
 * original: a visitor never sees an error because personalization broke. It knows nothing of
 * HTTP: it answers a {@link PageRequest} with a {@link Page} that {@code http/} writes out.
 */
public final class EdgeRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeRouter.class);
    private static final Pattern ARTIFACT_FILE = Pattern.compile("/artifacts/([a-f0-9]{8,64})/((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+)");
    private static final String PERSONALIZED_MARK = "-personalized.";
    private static final Pattern PERSONALIZED_HOST = Pattern.compile("([a-z0-9_-]{1,64})" + Pattern.quote(PERSONALIZED_MARK) + ".*");
    private static final Pattern PUBLIC_PATH = Pattern.compile("/((?:[A-Za-z0-9_.@+-]+/)*[A-Za-z0-9_.@+-]+)");
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"), Map.entry("map", "application/json"), Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("woff2", "font/woff2"),
            Map.entry("ico", "image/x-icon"));

    /** What a page load resolved to. */
    public record Route(String variant, String artifactId, String reason) {
    }

    /**
     * A page load as routing sees it.
     *
     * @param host           the Host header's name, without the port, lower case ("" when absent)
     * @param visitor        the visitor id proven by the signed cookie, if any
     * @param optedOut       the browser sent {@code Sec-GPC: 1} or {@code DNT: 1}
     * @param renderFailedArtifact the artifact this browser marked as failing to render, or null
     * @param automated      the request's user agent is a bot's, a headless browser's or a script's ({@code visitor.Automation})
     */
    public record PageRequest(String host, Optional<String> visitor, boolean optedOut, String renderFailedArtifact,
                              boolean automated) {
    }

    /**
     * The answer to a page load.
     *
     * @param document         the page as prepared once for its artifact, or null when not even the original is built yet
     * @param newVisitorCookie the signed value of a visitor cookie to set, for a visitor who had none
     * @param arm              which rollout arm the visitor is in (told only to operators, {@code X-Tailor-Arm}), if any
     * @param deployment       where the visitor's variant is served instead (its Freestyle deployment), if elsewhere
     */
    public record Page(Route route, ServedFile document, Optional<String> newVisitorCookie, Optional<String> arm,
                       Optional<String> deployment) {
        /** The page's bytes, or null when not even the original is built yet. */
        public byte[] html() {
            return document == null ? null : document.bytes();
        }
    }

    /**
     * The answer to a page load in proxy mode, where the upstream site serves the page itself.
     *
     * @param injection what to add to the upstream's page for this visitor
     * @param original  the same for the original site, for when the variant's cannot be applied
     */
    public record UpstreamPage(Route route, PageInjection injection, PageInjection original,
                               Optional<String> newVisitorCookie, Optional<String> arm) {
    }

    private final Path artifactsDir;
    private final Supplier<String> originalArtifactId;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final VisitorCookies cookies;
    private final ArtifactFiles files;
    private final byte[] trackerScript;
    private final ServedPaths paths;
    private final boolean variantsServedRemotely;

    /** @param trackerScript the tracker served at {@code /tailor/tracker.js} */
    public EdgeRouter(Path artifactsDir, Supplier<String> originalArtifactId, VariantCatalog catalog, Experiments experiments,
                      VisitorCookies cookies, byte[] trackerScript) {
        this(artifactsDir, originalArtifactId, catalog, experiments, cookies, trackerScript, ServedPaths.DEFAULT);
    }

    /** @param paths where the tracker is served, for the pages of an upstream site (proxy mode) */
    public EdgeRouter(Path artifactsDir, Supplier<String> originalArtifactId, VariantCatalog catalog, Experiments experiments,
                      VisitorCookies cookies, byte[] trackerScript, ServedPaths paths) {
        this(artifactsDir, originalArtifactId, catalog, experiments, cookies, trackerScript, paths, false);
    }

    /**
     * @param variantsServedRemotely the variants are deployed outside Tailor (Freestyle): a visitor routed
     *                               to one is sent to its deployment, the original is still served here
     */
    public EdgeRouter(Path artifactsDir, Supplier<String> originalArtifactId, VariantCatalog catalog, Experiments experiments,
                      VisitorCookies cookies, byte[] trackerScript, ServedPaths paths, boolean variantsServedRemotely) {
        this.variantsServedRemotely = variantsServedRemotely;
        this.paths = paths;
        this.artifactsDir = artifactsDir;
        this.files = new ArtifactFiles(artifactsDir);
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

    /**
     * The visitor whose own subdomain a host is ({@code <id>-personalized.<host>}), or empty for
     * any other host, including a shared variant's audience label, which names no person.
     */
    public Optional<String> personalizedVisitor(String host) {
        return personalizedLabel(host).filter(label -> catalog.byAudience(label).isEmpty());
    }

    /** The page for this load: the visitor's variant, the original, or the original after any failure. */
    public Page page(PageRequest request) {
        Resolution resolved = routed(request);
        Route route = resolved.route();
        boolean preview = isPreview(request);
        ServedFile html = index(route.artifactId(), preview);
        if (html == null && !route.variant().equals("original")) {
            log.warn("variant {} artifact {} is unreadable, serving the original site", route.variant(), route.artifactId());
            route = new Route("original", originalArtifactId.get(), "variant artifact missing");
            html = index(route.artifactId(), preview);
        }
        return new Page(route, html, resolved.newVisitorCookie(), resolved.arm(), deploymentOf(route, request));
    }

    /** The deployment a visitor routed to a variant gets it from, when variants are served elsewhere. */
    private Optional<String> deploymentOf(Route route, PageRequest request) {
        if (!variantsServedRemotely || route.variant().equals("original") || PERSONALIZED_HOST.matcher(request.host()).matches()) {
            return Optional.empty();
        }
        return catalog.all().stream().filter(v -> v.artifactId().equals(route.artifactId()) && v.planName().equals(route.variant()))
                .map(LiveVariant::url).filter(url -> url.startsWith("https://") || url.startsWith("http://")).findFirst();
    }

    /**
     * A preview URL ({@code <name>-personalized.<host>}) is someone looking at a variant, not a visit of
     * the site: it is served without the tracker, so it sends no events (its host has no visitor cookie
     * to send them with, and an operator's look must not count in the profile or the rollout).
     */
    private static boolean isPreview(PageRequest request) {
        return isPersonalizedHost(request.host());
    }

    /**
     * Whether a host is a preview or a visitor's own subdomain ({@code <name>-personalized.<host>}),
     * whose pages are served differently (no tracker; only to their visitor or an operator).
     */
    public static boolean isPersonalizedHost(String host) {
        return personalizedLabel(host).isPresent();
    }

    /** The label of a personalized host ({@code <label>-personalized.<host>}): a visitor's id or an audience. */
    private static Optional<String> personalizedLabel(String host) {
        // every page load asks: a plain search first, the pattern only for a host that may be one
        if (!host.contains(PERSONALIZED_MARK)) {
            return Optional.empty();
        }
        Matcher m = PERSONALIZED_HOST.matcher(host);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private byte[] withoutTracker(byte[] html) {
        String page = new String(html, java.nio.charset.StandardCharsets.UTF_8);
        return page.replace(paths.trackerTag(), "<!-- a preview: not tracked -->").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The page load in proxy mode: the same routing as {@link #page}, answered with what to inject
     * into the upstream's page: the tracker, and for a variant its styles and bundle. A variant built
     * without them (not for proxy mode) or gone from disk serves the original.
     */
    public UpstreamPage upstreamPage(PageRequest request) {
        Resolution resolved = routed(request);
        Route route = resolved.route();
        String tracker = isPreview(request) ? "" : paths.trackerTag();
        PageInjection original = PageInjection.trackerOnly(tracker);
        PageInjection injection = original;
        if (!route.variant().equals("original")) {
            Optional<PageInjection> variant = variantInjection(route.artifactId(), tracker);
            if (variant.isPresent()) {
                injection = variant.get();
            } else {
                log.warn("variant {} artifact {} has no proxy-mode injection, serving the original site", route.variant(),
                        route.artifactId());
                route = new Route("original", originalArtifactId.get(), "variant artifact missing");
            }
        }
        return new UpstreamPage(route, injection, original, resolved.newVisitorCookie(), resolved.arm());
    }

    private Optional<PageInjection> variantInjection(String artifactId, String tracker) {
        if (artifactId == null || !artifactId.matches("[a-f0-9]{8,64}")) {
            return Optional.empty();
        }
        Path dir = artifactsDir.resolve(artifactId);
        Optional<ServedFile> head = files.read(dir.resolve(Artifact.INJECT_HEAD), CONTENT_TYPES.get("txt"));
        Optional<ServedFile> entry = files.read(dir.resolve(Artifact.INJECT_ENTRY), CONTENT_TYPES.get("txt"));
        if (head.isEmpty() || entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PageInjection(tracker + "\n" + new String(head.get().bytes(), StandardCharsets.UTF_8),
                Optional.of(new String(entry.get().bytes(), StandardCharsets.UTF_8))));
    }

    /**
     * The visitor's route, or the original after a routing error or when this browser marked the
     * variant as failing to render (which counts for the rollout's render_fallbacks guardrail).
     */
    private Resolution routed(PageRequest request) {
        Resolution resolved;
        try {
            resolved = resolve(request);
        } catch (RuntimeException e) {
            log.warn("routing failed, serving the original site: {}", e.toString());
            return new Resolution(new Route("original", originalArtifactId.get(), "routing error"));
        }
        Route route = resolved.route();
        if (!route.variant().equals("original") && route.artifactId().equals(request.renderFailedArtifact())) {
            resolved.variantKey().ifPresent(key -> countRenderFallback(key, request.visitor().orElse(null)));
            return new Resolution(new Route("original", originalArtifactId.get(), "the variant failed to render in this browser"),
                    resolved.newVisitorCookie(), resolved.arm(), resolved.variantKey());
        }
        return resolved;
    }

    /** The render_fallbacks guardrail of the visitor's rollout; never in the way of serving the original. */
    private void countRenderFallback(String variantKey, String visitor) {
        if (visitor == null) {
            return;
        }
        try {
            experiments.renderFailed(variantKey, visitor);
        } catch (RuntimeException e) {
            log.warn("could not count a render fallback of {}: {}", variantKey, e.toString());
        }
    }

    /**
     * The tracker on a page reported that it failed to render ({@code render_error}): counted for the
     * visitor's rollout when the page was the variant the edge serves them now, in its treatment arm (the
     * report names the page's artifact; what a visitor claims of any other variant counts for nothing).
     * Works wherever the page was served, on Freestyle too, where the edge never sees the browser's
     * render-failure mark.
     *
     * @return whether the report counted
     */
    public boolean renderFailureReported(String visitor, String artifactId) {
        Optional<LiveVariant> assigned = catalog.variantOf(visitor);
        if (assigned.isEmpty() || !assigned.get().artifactId().equals(artifactId)
                || !experiments.arm(assigned.get().key(), visitor).variant()) {
            return false;
        }
        countRenderFallback(assigned.get().key(), visitor);
        return true;
    }

    /**
     * A route and what the visitor must be told with it.
     *
     * @param variantKey the variant the visitor was routed to by their rollout, if any
     */
    private record Resolution(Route route, Optional<String> newVisitorCookie, Optional<String> arm, Optional<String> variantKey) {
        Resolution(Route route) {
            this(route, Optional.empty(), Optional.empty(), Optional.empty());
        }

        Resolution(Route route, Optional<String> newVisitorCookie, Optional<String> arm) {
            this(route, newVisitorCookie, arm, Optional.empty());
        }
    }

    /** Which artifact this page load gets, and why. Issues a visitor cookie when there is none. */
    private Resolution resolve(PageRequest request) {
        String original = originalArtifactId.get();
        Optional<String> personalized = personalizedLabel(request.host());
        if (personalized.isPresent()) {
            String label = personalized.get();
            Optional<LiveVariant> v = catalog.byAudience(label).or(() -> catalog.variantOf(label))
                    .filter(x -> !experiments.rolledBack(x.key()));
            return new Resolution(v.map(x -> new Route(x.planName(), x.artifactId(), "personalized host"))
                    .orElse(new Route("original", original, "no live variant named " + label)));
        }
        if (request.optedOut()) {
            return new Resolution(new Route("original", original, "visitor opted out of tracking"));
        }
        if (request.visitor().isEmpty()) {
            return new Resolution(new Route("original", original, "new visitor"),
                    Optional.of(cookies.sign(cookies.newVisitorId())), Optional.empty());
        }
        String visitor = request.visitor().get();
        if (request.automated()) {
            experiments.flagAutomated(visitor); // served as anyone, counted in no experiment
        }
        Optional<LiveVariant> assigned = catalog.variantOf(visitor);
        if (assigned.isEmpty()) {
            return new Resolution(new Route("original", original, "no variant for visitor"));
        }
        LiveVariant v = assigned.get();
        Experiments.Route arm = experiments.route(v.key(), visitor);
        Optional<String> armHeader = Optional.of(arm.arm() + "; " + v.planName() + " at " + arm.percent() + "%");
        return arm.variant()
                ? new Resolution(new Route(v.planName(), v.artifactId(), "assigned, in treatment"), Optional.empty(), armHeader,
                        Optional.of(v.key()))
                : new Resolution(new Route("original", original, "assigned, in " + arm.arm()), Optional.empty(), armHeader);
    }

    /** A built file under {@code /artifacts/<id>/…}, or empty for anything else. */
    public Optional<ServedFile> artifactFile(String path) {
        Matcher m = ARTIFACT_FILE.matcher(path);
        if (!m.matches() || m.group(2).contains("..")) {
            return Optional.empty();
        }
        return read(artifactsDir.resolve(m.group(1)).resolve(m.group(2)).normalize());
    }

    /**
     * One of the site's {@code public/} files at its own path ({@code /favicon.svg}, {@code /robots.txt}),
     * from the original's artifact: a variant changes the page component, never these.
     */
    public Optional<ServedFile> publicFile(String path) {
        Matcher m = PUBLIC_PATH.matcher(path);
        String original = originalArtifactId.get();
        if (!m.matches() || m.group(1).contains("..") || original == null) {
            return Optional.empty();
        }
        return read(artifactsDir.resolve(original).resolve(Artifact.PUBLIC_DIR).resolve(m.group(1)).normalize());
    }

    private Optional<ServedFile> read(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return files.read(file, CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"));
    }

    /** The tracker served at {@code /tailor/tracker.js}. */
    public byte[] trackerScript() {
        return trackerScript;
    }

    /** The artifact's page, or null when it is not on disk (removed behind our back: its bundles are gone too). */
    private ServedFile index(String artifactId, boolean preview) {
        if (artifactId == null) {
            return null;
        }
        Path index = artifactsDir.resolve(artifactId).resolve("index.html");
        String type = CONTENT_TYPES.get("html");
        return (preview ? files.read(index, "preview", type, this::withoutTracker) : files.read(index, type)).orElse(null);
    }

    /** Stops watching the artifacts for changes. */
    @Override
    public void close() {
        files.close();
    }
}
