package dev.tailor.build;

import java.nio.file.Path;
import java.util.List;

/**
 * An immutable, built site: {@code index.html} plus hashed bundles in one directory.
 *
 * @param id          content hash of everything that went into the build; the directory's name
 * @param dir         where the files are; never changed after the build
 * @param files       paths of the files, relative to {@code dir}
 * @param buildMillis how long esbuild and the surrounding work took
 */
public record Artifact(String id, Path dir, List<String> files, long buildMillis) {

    /**
     * Set by an artifact's page, to the artifact's id, when it failed to render in this browser;
     * the edge then serves the original site to that browser instead.
     */
    public static final String RENDER_FAILED_COOKIE = "tailor_fallback";
    /**
     * In an artifact built for proxy mode ({@link ServedPaths#legacy()} false): the tags that go before
     * the upstream page's {@code </head>} (styles, render watchdog), and the one that takes the place of
     * the upstream page's own entry script (the bundle).
     */
    public static final String INJECT_HEAD = "inject-head.html";
    public static final String INJECT_ENTRY = "inject-entry.html";
    /**
     * The attribute a site puts on the script tag of its own page bundle (in its index.html, or in the
     * upstream's page in proxy mode), for Tailor's bundle to replace.
     */
    public static final String ENTRY_ATTRIBUTE = "data-tailor-entry";
    /** Where an artifact keeps the site's {@code public/} files, served at the site's own paths. */
    public static final String PUBLIC_DIR = "public";

    public Artifact {
        files = List.copyOf(files);
    }

    public Path indexHtml() {
        return dir.resolve("index.html");
    }
}
