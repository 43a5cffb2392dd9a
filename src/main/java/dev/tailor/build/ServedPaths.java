package dev.tailor.build;

import java.util.regex.Pattern;

/**
 * Where Tailor's own files and endpoints are served: the tracker, the event API, the built
 * artifacts, the dashboard and the admin APIs all live under one prefix ({@code /_tailor} by
 * default, {@code TAILOR_PATH_PREFIX}), so that in front of an existing site they cannot collide
 * with the site's own {@code /api}, {@code /dashboard} or {@code /artifacts}.
 *
 * @param prefix the prefix, starting with {@code /}, without a trailing one, e.g. {@code /_tailor}
 * @param legacy the paths Tailor used before the prefix ({@code /api/*}, {@code /dashboard},
 *               {@code /artifacts/*}, {@code /tailor/tracker.js}) are served too and are the ones
 *               built pages reference: the default, when Tailor owns the whole origin
 */
public record ServedPaths(String prefix, boolean legacy) {

    private static final Pattern VALID_PREFIX = Pattern.compile("(/[A-Za-z0-9_.~-]+)+");  // before DEFAULT, which uses it
    public static final String DEFAULT_PREFIX = "/_tailor";
    /** Tailor owning the whole origin: the prefixed paths and the old ones. */
    public static final ServedPaths DEFAULT = new ServedPaths(DEFAULT_PREFIX, true);

    public ServedPaths {
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a path prefix such as " + DEFAULT_PREFIX
                    + " (starting with /, letters, digits, _ . ~ - between the slashes, no trailing /), not " + prefix);
        }
    }

    /** Prefixed only: what a page built for proxy mode references. */
    public static ServedPaths prefixedOnly(String prefix) {
        return new ServedPaths(prefix, false);
    }

    /** Where built pages load artifact {@code id}'s files from, ending with {@code /}. */
    public String artifactBase(String id) {
        return (legacy ? "" : prefix) + "/artifacts/" + id + "/";
    }

    /** Where built pages load the tracker from. */
    public String trackerScript() {
        return legacy ? "/tailor/tracker.js" : prefix + "/tracker.js";
    }

    /** Where the tracker posts its events. */
    public String trackEndpoint() {
        return legacy ? "/api/track" : prefix + "/api/track";
    }

    /** The tracker's script tag; it reads its endpoint from {@code data-endpoint} (default {@code /api/track}). */
    public String trackerTag() {
        return "<script src=\"" + trackerScript() + "\"" + (legacy ? "" : " data-endpoint=\"" + trackEndpoint() + "\"")
                + " defer></script>";
    }

    /** Whether a request path is one of Tailor's own under the prefix (never the site's). */
    public boolean isPrefixed(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** A path under the prefix, e.g. {@code prefixed("/api/track")} is {@code /_tailor/api/track}. */
    public String prefixed(String path) {
        return prefix + path;
    }
}
