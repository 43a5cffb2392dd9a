package dev.tailor.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What proxy mode adds to the site's own page, and when it refuses to touch it. */
class PageInjectionTest {

    private static final String TRACKER = "<script src=\"/_tailor/tracker.js\" defer></script>";
    private static final PageInjection ORIGINAL = PageInjection.trackerOnly(TRACKER);
    private static final PageInjection VARIANT = new PageInjection(TRACKER + "<link rel=\"stylesheet\" href=\"/_tailor/artifacts/abc/app.css\">",
            Optional.of("<script src=\"/_tailor/artifacts/abc/app.js\" defer></script>"));

    private static String apply(PageInjection injection, String html) {
        return injection.applyTo(html.getBytes(StandardCharsets.ISO_8859_1)).map(b -> new String(b, StandardCharsets.ISO_8859_1))
                .orElse(null);
    }

    @Test
    void theTrackerGoesBeforeTheHeadEndAndNothingElseChanges() {
        String page = "<html><HEAD><title>Café</title></HEAD ><body><div id=root></div></body></html>";
        assertThat(apply(ORIGINAL, page)).isEqualTo("<html><HEAD><title>Café</title>" + TRACKER + "\n</HEAD ><body><div id=root></div></body></html>");
    }

    @Test
    void aPageWithoutHeadGetsTheTrackerBeforeTheBodyEndOrAtTheEnd() {
        assertThat(apply(ORIGINAL, "<p>hi</p></body>")).isEqualTo("<p>hi</p>" + TRACKER + "</body>");
        assertThat(apply(ORIGINAL, "<p>hi</p>")).isEqualTo("<p>hi</p>" + TRACKER);
    }

    @Test
    void theVariantsBundleTakesThePlaceOfTheMarkedEntryScriptsAndTheOthersStay() {
        String page = "<head><script async src=\"https://cdn.example/analytics.js\"></script></head><body><div id=\"root\"></div>"
                + "<script type=\"module\" src=\"/assets/index-1.js\" data-tailor-entry></script>"
                + "<script src=\"/assets/vendor.js\" data-tailor-entry=\"\"></script><script src=\"/chat.js\"></script></body>";
        assertThat(apply(VARIANT, page)).isEqualTo("<head><script async src=\"https://cdn.example/analytics.js\"></script>"
                + TRACKER + "<link rel=\"stylesheet\" href=\"/_tailor/artifacts/abc/app.css\">\n</head><body><div id=\"root\"></div>"
                + "<script src=\"/_tailor/artifacts/abc/app.js\" defer></script><script src=\"/chat.js\"></script></body>");
    }

    @Test
    void aVariantIsNotAppliedToAPageWhoseEntryIsNotMarkedOrThatHasNoHead() {
        assertThat(apply(VARIANT, "<head></head><body><script src=\"/assets/index.js\"></script></body>")).isNull();
        assertThat(apply(VARIANT, "<body><script src=\"/a.js\" data-tailor-entry></script></body>")).isNull();
    }

    @Test
    void bytesOutsideTheInsertionAreKeptInAnyAsciiCompatibleCharset() {
        byte[] latin1 = "<head><title>Caf\u00e9</title></head>".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "<head><title>Caf\u00e9 \u2615</title></head>".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(ORIGINAL.applyTo(latin1).orElseThrow(), StandardCharsets.ISO_8859_1)).contains("Caf\u00e9</title>");
        assertThat(new String(ORIGINAL.applyTo(utf8).orElseThrow(), StandardCharsets.UTF_8)).contains("Caf\u00e9 \u2615</title>" + TRACKER);
    }
}
