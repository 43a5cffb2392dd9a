package dev.tailor.build;

import java.util.Optional;

/**
 * The page that boots a built site. Asset URLs are absolute under {@code /artifacts/<id>/}: the edge
 * serves every artifact at that prefix, so many artifacts coexist and each is cacheable forever.
 */
final class IndexHtml {

    /**
     * Runs before the bundle: when the page throws before anything is rendered, or renders nothing
     * within 3 s of loading, it marks this build as failed for this browser (one hour) and reloads;
     * the edge then serves the original site. Compiling proves a variant builds, not that it renders.
     */
    private static final String RENDER_WATCHDOG = """
            <script>(function(){var id="%s",k="%s=",r=function(){return document.getElementById("root")};
            function fail(){if(document.cookie.indexOf(k+id)>=0)return;
            document.cookie=k+id+"; path=/; max-age=3600; SameSite=Lax";location.reload()}
            addEventListener("error",function(){var e=r();if(!e||!e.children.length)fail()});
            addEventListener("load",function(){setTimeout(function(){var e=r();if(e&&!e.children.length)fail()},3000)})})();</script>
            """;

    private IndexHtml() {
    }

    static final String INJECT_HEAD = Artifact.INJECT_HEAD;
    static final String INJECT_ENTRY = Artifact.INJECT_ENTRY;

    /** The page, with Tailor's first-party tracker served by Tailor itself rather than baked into each artifact. */
    static String render(ServedPaths paths, String artifactId, String title, String jsFile, Optional<String> cssFile) {
        String base = paths.artifactBase(artifactId);
        StringBuilder html = new StringBuilder(512);
        html.append("<!doctype html>\n")
                .append("<html lang=\"en\">\n")
                .append("<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"tailor-artifact\" content=\"").append(artifactId).append("\">\n")
                .append("<title>").append(escape(title)).append("</title>\n");
        cssFile.ifPresent(css -> html.append("<link rel=\"stylesheet\" href=\"").append(base).append(css).append("\">\n"));
        html.append(RENDER_WATCHDOG.formatted(artifactId, Artifact.RENDER_FAILED_COOKIE))
                .append("</head>\n")
                .append("<body>\n")
                .append("<div id=\"root\"></div>\n")
                .append("<script src=\"").append(base).append(jsFile).append("\"></script>\n")
                .append(paths.trackerTag()).append("\n")
                .append("</body>\n")
                .append("</html>\n");
        return html.toString();
    }

    /** The styles and the render watchdog, for the head of an upstream page (proxy mode). */
    static String injectHead(ServedPaths paths, String artifactId, Optional<String> cssFile) {
        StringBuilder html = new StringBuilder(512);
        cssFile.ifPresent(css -> html.append("<link rel=\"stylesheet\" href=\"").append(paths.artifactBase(artifactId))
                .append(css).append("\">\n"));
        return html.append(RENDER_WATCHDOG.formatted(artifactId, Artifact.RENDER_FAILED_COOKIE)).toString();
    }

    /** The bundle, deferred so that it runs once the page's mount element is parsed wherever it is placed. */
    static String injectEntry(ServedPaths paths, String artifactId, String jsFile) {
        return "<script src=\"" + paths.artifactBase(artifactId) + jsFile + "\" defer></script>";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
