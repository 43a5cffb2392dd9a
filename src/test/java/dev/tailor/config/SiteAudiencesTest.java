package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract.AudiencePlan;
import dev.tailor.config.SiteContract.Behaviour;
import dev.tailor.visitor.SiteAudience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional "audiences" of tailor.json, and a site without an "entry" (issue 12). */
class SiteAudiencesTest {
    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path root;

    @Test
    void theKestrelStoreDefinesThreeAudiencesInItsOrderAndIsMountedByTailor() {
        SiteContract site = loader.load(Path.of("examples/kestrel-outfitters"));
        assertThat(site.audiences().keySet()).extracting(SiteAudience::name)
                .containsExactly("price_sensitive", "social_proof_seeker", "quick_buyer");
        SiteContract.AudienceSpec quick = site.audiences().get(new SiteAudience("quick_buyer"));
        assertThat(quick.topics()).containsExactly("buy");
        assertThat(quick.behaviour()).isEqualTo(Map.of(Behaviour.MOBILE, 0.2, Behaviour.SHORT_SESSIONS, 0.2));
        assertThat(quick.plan()).isEqualTo(new AudiencePlan("fast_checkout", List.of("buy"), true, null));
        assertThat(site.audiences().get(new SiteAudience("price_sensitive")).plan().layoutClass()).isEqualTo("pricing-first");

        assertThat(site.mount()).as("no entry: Tailor mounts the page").isNotNull();
        assertThat(site.entry()).isEqualTo(SiteContract.MountModule.PATH);
        assertThat(site.mount().source()).contains("import { StorePage } from \"./src/StorePage.jsx\";")
                .contains("createRoot(document.getElementById(\"root\")).render(<StorePage />);");
        assertThat(site.buildFiles(Map.of("src/StorePage.jsx", "x"))).containsOnlyKeys("src/StorePage.jsx", SiteContract.MountModule.PATH);
    }

    @Test
    void aDefaultExportIsMountedAsTheDefault() throws Exception {
        write("export default function Page() { return (<main><Hero /><Deals /></main>); }", "{}");
        Files.writeString(root.resolve("tailor.json"), Files.readString(root.resolve("tailor.json")).replace(", \"audiences\": {}", ""));
        SiteContract site = loader.load(root);
        assertThat(site.mount().source()).contains("import Page from \"./src/Page.jsx\";");
        assertThat(site.audiences()).as("no audiences: the built-in personas apply").isEmpty();
    }

    @Test
    void aPageWithoutTheComponentExportCannotBeMounted() throws Exception {
        write("function Page() { return (<main><Hero /><Deals /></main>); }", "{\"deal_hunter\": {\"topics\": [\"deals\"], \"plan\": {\"name\": \"deals_first\"}}}");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly("\"entry\" is absent, so Tailor mounts Page from src/Page.jsx itself, but the page"
                + " exports neither Page nor a default; add \"export\" to Page, or name your own \"entry\"");
    }

    @Test
    void everyMistakeInAnAudienceIsNamedWithItsFix() throws Exception {
        write("export function Page() { return (<main><Hero /><Deals /></main>); }", """
                {"data_focused": {"topics": ["deals"], "plan": {"name": "a"}},
                 "bargain": {"topics": ["price"], "behaviour": {"tablet": 0.2, "mobile": 2}, "plan": {"name": "b", "focus": ["brand"]}},
                 "hunter": {"topics": ["deals"], "plan": {"name": "Deals First!", "layoutClass": "two classes"}},
                 "again": {"topics": ["deals"], "plan": {"name": "b"}},
                 "planless": {"topics": ["deals"]}}""");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly(
                "\"audiences\".\"data_focused\": audience name 'data_focused' is a built-in persona's; a site that defines"
                        + " \"audiences\" names its own (e.g. data_focused_visitors)",
                "\"audiences\".\"bargain\".\"topics\": no section is about \"price\", so no visitor could show interest in it; use one of brand, deals",
                "\"audiences\".\"bargain\".\"behaviour\".\"tablet\": unknown behaviour; Tailor knows mobile, desktop, short_sessions,"
                        + " deep_sessions, returning",
                "\"audiences\".\"bargain\".\"behaviour\".\"mobile\" must be a bonus between 0 and 1, not 2",
                "\"audiences\".\"bargain\".\"plan\".\"focus\": \"brand\" is the first topic of no section Tailor may move, so the plan"
                        + " would emphasize nothing; use one of deals",
                "\"audiences\".\"hunter\".\"plan\".\"name\" must be 1–40 of a-z 0-9 _, starting with a letter (it names the variant's"
                        + " folder), not \"Deals First!\"",
                "\"audiences\".\"hunter\".\"plan\".\"layoutClass\" must be one CSS class name your site styles (e.g. \"pricing-first\"),"
                        + " or absent for none, not \"two classes\"",
                "\"audiences\".\"again\".\"plan\".\"name\": \"b\" is also the plan of bargain; each audience's plan needs its own name"
                        + " (it names the variant)",
                "missing key \"audiences\".\"planless\".\"plan\": {\"name\": \"pricing_first\", \"focus\": [\"price\"], \"simplify\": false,"
                        + " \"layoutClass\": \"pricing-first\"} (only \"name\" is required; focus defaults to the audience's topics)");
    }

    @Test
    void personasAndAudiencesTogetherAreRejected() throws Exception {
        write("export function Page() { return (<main><Hero /><Deals /></main>); }",
                "{\"deal_hunter\": {\"topics\": [\"deals\"], \"plan\": {\"name\": \"deals_first\"}}}, \"personas\": {\"data_focused\": [\"deals\"]}");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly("\"personas\" maps the built-in personas, which a site with its own \"audiences\""
                + " does not use; remove \"personas\" (or \"audiences\")");
    }

    private void write(String page, String audiences) throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/Page.jsx"), page);
        Files.writeString(root.resolve("tailor.json"), """
                {"name":"deals","title":"Deals","page":"src/Page.jsx","component":"Page",
                 "sections":{"Hero":{"topics":["brand"],"pinned":"top"},"Deals":{"topics":["deals"]}},
                 "brand":{"palette":["#000000"],"fonts":["serif"]}, "audiences": %s}
                """.formatted(audiences));
    }
}
