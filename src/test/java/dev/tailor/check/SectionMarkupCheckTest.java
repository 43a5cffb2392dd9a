package dev.tailor.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.build.SectionMarkup;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContractLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-section names a bundle sets, checked against the kestrel store's contract. */
class SectionMarkupCheckTest {
    private static final SiteContract KESTREL = new SiteContractLoader(new ObjectMapper()).load(Path.of("examples/kestrel-outfitters"));

    @TempDir
    Path dir;

    @Test
    void readsLiteralAndComputedNamesFromMinifiedBundles() throws Exception {
        Files.writeString(dir.resolve("app.js"), "a(\"section\",{className:\"hero\",\"data-section\":\"hero\"}),"
                + "a(\"div\",{'data-section':'stories'}),a(\"div\",{\"data-section\":n})");
        Files.writeString(dir.resolve("app.css"), "[data-section=\"css-only\"]{}");
        SectionMarkup markup = SectionMarkup.of(new Artifact("x", dir, List.of("app.js", "app.css"), 0));
        assertThat(markup).isEqualTo(new SectionMarkup(true, true, Set.of("hero", "stories")));
    }

    @Test
    void aNameOfNoSectionAndASectionWithoutAMarkerAreWarnings() {
        SectionMarkup markup = new SectionMarkup(true, false, Set.of("site-header", "hero", "pricing", "stories", "buy",
                "site-footer", "testimonials"));
        assertThat(SectionMarkupCheck.check(KESTREL, markup)).containsExactly(
                new SectionMarkupCheck.Finding(false, "the site's markup sets data-section=\"testimonials\", which tailor.json maps to"
                        + " no section, so its seconds count for no topic; add \"aliases\": [\"testimonials\"] to the section it is in"),
                new SectionMarkupCheck.Finding(false, "no element is marked data-section=\"shipping-faq\" (or another name of section"
                        + " ShippingFaq), so attention on it is never measured; add the attribute to its root element, or an alias for"
                        + " the name it uses"));
    }

    @Test
    void noMarkerAtAllIsFatal() {
        assertThat(SectionMarkupCheck.check(KESTREL, new SectionMarkup(false, false, Set.of())))
                .singleElement().satisfies(f -> assertThat(f.fatal()).isTrue());
    }
}
