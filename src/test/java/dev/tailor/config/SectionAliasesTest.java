package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code "aliases"} of a section in tailor.json: the data-section names a site's markup uses for it. */
class SectionAliasesTest {
    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path root;

    private void site(String heroAliases, String footerAliases) throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/main.jsx"), "import './Page.jsx';");
        Files.writeString(root.resolve("src/Page.jsx"),
                "export function Page() { return (<div><SiteHeader /><PricingTable /></div>); }");
        Files.writeString(root.resolve("tailor.json"), """
                {"name":"store","title":"Store","entry":"src/main.jsx","page":"src/Page.jsx","component":"Page",
                 "sections":{"SiteHeader":{"topics":["navigation"],"pinned":"top","aliases":%s},
                             "PricingTable":{"topics":["price"],"aliases":%s}},
                 "brand":{"palette":["#000000"],"fonts":["Inter"]}}
                """.formatted(heroAliases, footerAliases));
    }

    @Test
    void everyTrackedNameMapsToItsSection() throws Exception {
        site("[\"site-header\"]", "[\"pricing\", \"prices\"]");
        SiteContract contract = loader.load(root);
        assertThat(contract.sections().get("PricingTable").aliases()).containsExactly("pricing", "prices");
        assertThat(contract.trackedNames()).containsEntry("PricingTable", "PricingTable")
                .containsEntry("pricing_table", "PricingTable").containsEntry("pricing-table", "PricingTable")
                .containsEntry("pricing", "PricingTable").containsEntry("prices", "PricingTable")
                .containsEntry("site_header", "SiteHeader").containsEntry("site-header", "SiteHeader")
                .doesNotContainKey("header");
    }

    @Test
    void aNameOfTwoSectionsIsRejectedNamingBoth() throws Exception {
        site("[\"pricing\"]", "[\"pricing\"]");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly("\"sections\".\"PricingTable\".\"aliases\": \"pricing\" already names section"
                + " SiteHeader; a data-section name must map to one section: remove it from one of them");
    }

    @Test
    void anAliasThatIsAnotherSectionsDerivedNameIsRejected() throws Exception {
        site("[\"pricing-table\"]", "[]");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).singleElement().asString().startsWith("\"sections\".\"SiteHeader\".\"aliases\": \"pricing-table\" already names section PricingTable");
    }

    @Test
    void anAliasTheTrackerCannotReportIsRejectedWithTheCharset() throws Exception {
        site("[\"site header\"]", "\"pricing\"");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly(
                "\"sections\".\"SiteHeader\".\"aliases\": \"site header\" cannot be a data-section name the tracker reports;"
                        + " use 1–128 of A-Z a-z 0-9 _ . : / - (e.g. \"pricing\", \"site-header\")",
                "\"sections\".\"PricingTable\".\"aliases\" must be a list of strings, not \"pricing\"");
    }
}
