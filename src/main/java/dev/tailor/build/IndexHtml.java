package dev.tailor.build;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page that boots a built site. Asset URLs are absolute under {@code /artifacts/<id>/}: the edge
 * serves every artifact at that prefix, so many artifacts coexist and each is cacheable forever.
 */
final class IndexHtml {

    /**
     * Runs before the bundle: when the page's own bundle (a script under {@code /artifacts/<id>/}) throws,
     * or rejects a promise unhandled, before anything is rendered, or nothing is rendered within 3 s of
     * loading, the page failed to render. The watchdog then leaves {@code window.__tailorRenderFailure}
     * and fires {@code tailor:render-failure} for the tracker to report ({@code render_error}, which counts
     * wherever the page is served, on Freestyle too), marks this build as failed for this browser (one
     * hour) and reloads once; Tailor's edge then serves the original site. Compiling proves a variant
     * builds, not that it renders.
     *
     * <p>The tracker is deferred, so a bundle often fails before it has loaded: the reload then waits until the
     * tracker says it handled the failure ({@code tailor:render-failure-handled}, once its report is on its way or
     * it may not send one), at most 2 s; a reload at once would leave the report unsent and the rollback uncounted.
     */
    private static final String RENDER_WATCHDOG = """
            <script>(function(){var id="%s",k="%s=",own="/artifacts/"+id+"/",done,
            r=function(){return document.getElementById("root")},empty=function(){var e=r();return !e||!e.children.length};
            function fail(reason,message){if(done)return;done=1;
            window.__tailorRenderFailure={artifact:id,reason:reason,message:String(message||"").slice(0,200)};
            var again=document.cookie.indexOf(k+id)<0,gone;function reload(){if(!gone){gone=1;location.reload()}}
            if(again){document.cookie=k+id+"; path=/; max-age=3600; SameSite=Lax";
            addEventListener("tailor:render-failure-handled",reload);setTimeout(reload,2000)}
            dispatchEvent(new Event("tailor:render-failure"));
            if(again&&window.tailor)reload()}
            function ours(x){return String(x&&x.stack||"").indexOf(own)>=0}
            addEventListener("error",function(e){if(empty()&&(String(e.filename||"").indexOf(own)>=0||ours(e.error)))fail("error",e.message)});
            addEventListener("unhandledrejection",function(e){if(empty()&&ours(e.reason))fail("unhandledrejection",e.reason&&e.reason.message)});
            addEventListener("load",function(){setTimeout(function(){var e=r();if(e&&!e.children.length)fail("empty_root","")},3000)})})();</script>
            """;

    private static final Pattern HEAD_END = Pattern.compile("</head\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROOT_ELEMENT = Pattern.compile("\\sid\\s*=\\s*[\"']?root[\"'\\s>]", Pattern.CASE_INSENSITIVE);
    /** An external script with no inline code: what loads a page's bundle. */
    private static final Pattern EXTERNAL_SCRIPT = Pattern.compile("<script\\b([^>]*)>\\s*</script\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = Pattern.compile("\\ssrc\\s*=\\s*[\"']?([^\"'\\s>]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTRY_MARK = Pattern.compile("\\s" + Artifact.ENTRY_ATTRIBUTE + "\\b", Pattern.CASE_INSENSITIVE);

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

    /**
     * The site's own index.html, built: everything it has (head, meta tags, favicon, third-party
     * scripts) stays; the script that loads its entry (marked {@code data-tailor-entry}, or whose
     * {@code src} is the entry, as in a Vite site's {@code <script type="module" src="/src/main.jsx">})
     * becomes the bundle; the styles and render watchdog go before {@code </head>}, the tracker before
     * {@code </body>}. {@code %PUBLIC_URL%} (Create React App) is the root: public files are served there.
     *
     * @param entryAdded the entry is Tailor's generated mount, which the site's page cannot load itself:
     *                   the bundle goes before {@code </body>} when no script is marked
     */
    static String fromSite(String siteHtml, ServedPaths paths, String artifactId, String title, String entry, boolean entryAdded,
                           String jsFile, Optional<String> cssFile) throws BuildException {
        String html = siteHtml.replace("%PUBLIC_URL%", "");
        if (!HEAD_END.matcher(html).find()) {
            throw new BuildException("the site's index.html has no </head>: Tailor adds its styles and render check there;"
                    + " give the page a <head>…</head>");
        }
        if (!ROOT_ELEMENT.matcher(html).find()) {
            throw new BuildException("the site's index.html has no element with id=\"root\": the page renders into it and"
                    + " Tailor checks it rendered; add <div id=\"root\"></div> to its <body>");
        }
        String bundle = "<script src=\"" + paths.artifactBase(artifactId) + jsFile + "\" defer></script>";
        StringBuilder out = new StringBuilder(html.length() + 1024);
        Matcher scripts = EXTERNAL_SCRIPT.matcher(html);
        int last = 0;
        boolean replaced = false;
        while (scripts.find()) {
            if (loadsEntry(scripts.group(1), entry)) {
                out.append(html, last, scripts.start());
                if (!replaced) {
                    out.append(bundle);
                    replaced = true;
                }
                last = scripts.end();
            }
        }
        out.append(html, last, html.length());
        if (!replaced && !entryAdded) {
            throw new BuildException("the site's index.html loads no script for the entry " + entry + ": keep the"
                    + " <script type=\"module\" src=\"/" + entry + "\"></script> that loads it, or mark the script that does"
                    + " with " + Artifact.ENTRY_ATTRIBUTE);
        }
        StringBuilder head = new StringBuilder(512)
                .append("<meta name=\"tailor-artifact\" content=\"").append(artifactId).append("\">\n");
        if (!TITLE.matcher(html).find()) {
            head.append("<title>").append(escape(title)).append("</title>\n");
        }
        head.append(injectHead(paths, artifactId, cssFile));
        String withHead = insertBefore(HEAD_END, out.toString(), head.toString());
        return insertBefore(BODY_END, withHead, (replaced ? "" : bundle + "\n") + paths.trackerTag() + "\n");
    }

    private static boolean loadsEntry(String attributes, String entry) {
        if (ENTRY_MARK.matcher(attributes).find()) {
            return true;
        }
        Matcher src = SRC.matcher(attributes);
        if (!src.find()) {
            return false;
        }
        String path = src.group(1);
        return path.equals(entry) || path.equals("/" + entry) || path.equals("./" + entry);
    }

    /** {@code text} inserted before the first match of {@code tag}, or at the end when there is none. */
    private static String insertBefore(Pattern tag, String html, String text) {
        Matcher m = tag.matcher(html);
        int at = m.find() ? m.start() : html.length();
        return html.substring(0, at) + text + html.substring(at);
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
