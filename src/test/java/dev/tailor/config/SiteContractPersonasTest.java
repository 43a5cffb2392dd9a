package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.visitor.Persona;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional "personas" key of tailor.json: which of the site's topics each persona sees first. */
class SiteContractPersonasTest {
    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path root;

    private void site(String personas) throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/main.jsx"), "import './Page.jsx';");
        Files.writeString(root.resolve("src/Page.jsx"), """
                const Page = () => (<main><Header /><Products /><Guides /><Join /><Footer /></main>);
                export default Page;
                """);
        Files.writeString(root.resolve("tailor.json"), """
                {"name":"shop","title":"Shop","entry":"src/main.jsx","page":"src/Page.jsx","component":"Page",
                 "sections":{"Header":{"topics":["navigation"],"required":true,"pinned":"top"},
                             "Products":{"topics":["products","shop"]},
                             "Guides":{"topics":["content"]},
                             "Join":{"topics":["cta"]},
                             "Footer":{"topics":["navigation"],"required":true,"pinned":"bottom"}},
                 "brand":{"palette":["#000000"],"fonts":["serif"],"requiredElements":["Header"],"allowedOrigins":[]}
                """ + (personas == null ? "" : ", \"personas\": " + personas) + "}");
    }

    @Test
    void absentMeansTailorsDefault() throws Exception {
        site(null);
        assertThat(loader.load(root).personas()).isEmpty();
        assertThat(loader.load(root).primaryTopics()).containsExactly("products", "content", "cta");
    }

    @Test
    void mapsPersonasToTheSitesTopicsInOrder() throws Exception {
        site("{\"data_focused\": [\"products\"], \"quick_decider\": [\"cta\", \"products\"]}");
        SiteContract contract = loader.load(root);
        assertThat(contract.personas()).isEqualTo(Map.of(Persona.DATA_FOCUSED, List.of("products"),
                Persona.QUICK_DECIDER, List.of("cta", "products")));
    }

    @Test
    void everyMistakeIsNamedWithWhatToWriteInstead() throws Exception {
        site("""
                {"data_focussed": ["products"], "content_explorer": [], "quick_decider": ["cta", "shop", "cta", 7, "navigation"]}
                """);
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly(
                "\"personas\".\"data_focussed\": unknown persona; Tailor's personas are data_focused, content_explorer, quick_decider",
                "\"personas\".\"content_explorer\" must be a non-empty list of topics, e.g. [\"products\"], not []",
                "\"personas\".\"quick_decider\": topic \"shop\" is the first topic of no section Tailor may move, so it would"
                        + " emphasize nothing; use one of products, content, cta",
                "\"personas\".\"quick_decider\": topic \"cta\" is listed twice",
                "\"personas\".\"quick_decider\": 7 is not a topic name",
                "\"personas\".\"quick_decider\": topic \"navigation\" is the first topic of no section Tailor may move, so it"
                        + " would emphasize nothing; use one of products, content, cta");
    }

    @Test
    void notAnObject() throws Exception {
        site("[\"products\"]");
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactly("\"personas\" must be an object of persona → list of topics, e.g. "
                + "{\"data_focused\": [\"products\"]}, not [\"products\"]");
    }

    @Test
    void bothExampleSitesDeclareTheirPersonas() {
        assertThat(loader.load(Path.of("examples/brightside-coffee")).personas()).isEqualTo(Map.of(
                Persona.DATA_FOCUSED, List.of("products"), Persona.CONTENT_EXPLORER, List.of("content"),
                Persona.QUICK_DECIDER, List.of("cta", "subscription")));
        assertThat(loader.load(Path.of("examples/acme-site")).personas()).containsOnlyKeys(
                Persona.DATA_FOCUSED, Persona.CONTENT_EXPLORER, Persona.QUICK_DECIDER);
    }
}
