package dev.tailor.edge;

import dev.tailor.build.Artifact;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What proxy mode adds to the upstream site's own page, server-side, before the response leaves
 * (so there is no flicker): Tailor's tags before {@code </head>}, and for a variant its bundle in
 * place of the site's own entry script, the {@code <script … data-tailor-entry>} the site marks.
 * Everything else of the page — its head, meta tags, third-party scripts — stays as the site
 * serves it. Works on bytes read as ISO-8859-1, so a page in any ASCII-compatible charset keeps
 * every byte Tailor does not touch.
 *
 * @param head  the tags to add before {@code </head>} (the tracker, a variant's styles)
 * @param entry a variant's bundle tag, replacing the site's entry script; empty for the original
 */
public record PageInjection(String head, Optional<String> entry) {

    /** The attribute a site puts on the script tag of its own page bundle, for a variant to replace. */
    public static final String ENTRY_ATTRIBUTE = Artifact.ENTRY_ATTRIBUTE;

    private static final Pattern HEAD_END = Pattern.compile("</head\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTRY_SCRIPT = Pattern.compile(
            "<script\\b[^>]*\\s" + ENTRY_ATTRIBUTE + "\\b[^>]*>\\s*</script\\s*>", Pattern.CASE_INSENSITIVE);

    /** The original site: only the tracker. */
    public static PageInjection trackerOnly(String trackerTag) {
        return new PageInjection(trackerTag, Optional.empty());
    }

    /**
     * The page with the injection, or empty when this injection cannot be applied to it: a variant
     * needs the page's {@code </head>} and its marked entry script (without them its bundle would
     * run beside the site's own, and the page would break). The tracker alone goes before
     * {@code </head>}, else before {@code </body>}, else at the end.
     */
    public Optional<byte[]> applyTo(byte[] page) {
        String html = new String(page, StandardCharsets.ISO_8859_1);
        Matcher headEnd = HEAD_END.matcher(html);
        boolean hasHead = headEnd.find();
        if (entry.isPresent()) {
            if (!hasHead) {
                return Optional.empty();
            }
            Matcher scripts = ENTRY_SCRIPT.matcher(html);
            StringBuilder out = new StringBuilder(html.length() + head.length() + 256);
            int last = 0;
            boolean replaced = false;
            while (scripts.find()) {
                out.append(html, last, scripts.start());
                if (!replaced) {
                    out.append(entry.get()); // the first marked script becomes the variant's bundle; others go
                    replaced = true;
                }
                last = scripts.end();
            }
            if (!replaced) {
                return Optional.empty();
            }
            out.append(html, last, html.length());
            return Optional.of(insertBeforeHeadEnd(out.toString()));
        }
        if (hasHead) {
            return Optional.of(insertBeforeHeadEnd(html));
        }
        Matcher bodyEnd = BODY_END.matcher(html);
        int at = bodyEnd.find() ? bodyEnd.start() : html.length();
        return Optional.of((html.substring(0, at) + head + html.substring(at)).getBytes(StandardCharsets.ISO_8859_1));
    }

    private byte[] insertBeforeHeadEnd(String html) {
        Matcher headEnd = HEAD_END.matcher(html);
        if (!headEnd.find()) {
            throw new IllegalStateException("checked before");
        }
        return (html.substring(0, headEnd.start()) + head + "\n" + html.substring(headEnd.start()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
