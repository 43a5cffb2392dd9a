package dev.tailor.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SiteContractLoaderTest {
    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path root;

    private static final String PAGE = """
            export default function Homepage() {
              return (<div className="homepage"><Navigation /><Hero /><Footer /></div>);
            }
            """;

    private void site(String tailorJson) throws Exception {
        Files.createDirectories(root.resolve("src/components"));
        Files.writeString(root.resolve("src/main.jsx"), "import './components/Homepage.jsx';");
        Files.writeString(root.resolve("src/components/Homepage.jsx"), PAGE);
        Files.writeString(root.resolve("tailor.json"), tailorJson);
    }

    private static final String VALID = """
            {"name":"acme","title":"Acme","entry":"src/main.jsx","page":"src/components/Homepage.jsx","component":"Homepage",
             "sections":{"Navigation":{"topics":["navigation"],"required":true,"pinned":"top","props":{}},
                         "Hero":{"topics":["content"],"props":{"tone":["calm","bold"],"count":[1,2.5]}},
                         "Footer":{"topics":["navigation"],"required":true,"pinned":"bottom"}},
             "brand":{"palette":["#4f46e5"],"fonts":["Inter"],"requiredElements":["Navigation","Hero","Footer"],
                      "allowedOrigins":["https://docs.acme.example"]}}
            """;

    @Test
    void loadsAValidContractKeepingSectionOrder() throws Exception {
        site(VALID);
        SiteContract site = loader.load(root);
        assertThat(site.sections().keySet()).containsExactly("Navigation", "Hero", "Footer");
        assertThat(site.sections().get("Navigation").pinned()).isEqualTo("top");
        assertThat(site.sections().get("Hero").props().get("count")).containsExactly(1, 2.5);
        assertThat(site.sections().get("Hero").required()).as("brand elements are required").isTrue();
        assertThat(site.pageFileName()).isEqualTo("Homepage.jsx");
        assertThat(site.brand().allowedOrigins()).containsExactly("https://docs.acme.example");
    }

    @Test
    void loadsBothShippedFixtures() {
        for (String name : new String[]{"acme", "landing"}) {
            Path fixture = Path.of("src/test/resources/generate", name);
            assertThat(loader.load(fixture).sections()).isNotEmpty();
        }
    }

    @Test
    void sectionsListedInAnotherOrderThanThePageRendersThemAreRejected() throws Exception {
        site(VALID.replace("\"Navigation\":{\"topics\":[\"navigation\"],\"required\":true,\"pinned\":\"top\",\"props\":{}},", "")
                .replace("\"Footer\":{\"topics\":[\"navigation\"],\"required\":true,\"pinned\":\"bottom\"}}",
                        "\"Footer\":{\"topics\":[\"navigation\"],\"required\":true,\"pinned\":\"bottom\"},"
                                + "\"Navigation\":{\"topics\":[\"navigation\"],\"required\":true,\"pinned\":\"top\",\"props\":{}}}"));
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e).isNotNull();
        assertThat(e.problems()).containsExactly("\"sections\" lists the page's sections in the order [Hero, Footer, Navigation],"
                + " but src/components/Homepage.jsx renders them in the order [Navigation, Hero, Footer];"
                + " reorder the keys of \"sections\" in tailor.json to match the page (Tailor reads that order as the page's)");
    }

    @Test
    void onlySectionsThePageRootRendersDirectlyAreOrdered() throws Exception {
        // a section used elsewhere first (a loading state) does not count; only the root's children do
        site(VALID);
        Files.writeString(root.resolve("src/components/Homepage.jsx"), """
                export default function Homepage({ loading }) {
                  if (loading) return (<div><Footer /><Hero /></div>);
                  return (<div className="homepage"><Navigation /><Hero /><Footer /></div>);
                }
                """);
        assertThat(loader.load(root).sections().keySet()).containsExactly("Navigation", "Hero", "Footer");
    }

    @Test
    void theExampleSitesListTheirSectionsInPageOrder() {
        for (String name : new String[]{"acme-site", "brightside-coffee"}) {
            SiteContract site = loader.load(Path.of("examples", name));
            assertThat(site.sections()).as(name).isNotEmpty();
        }
    }

    @Test
    void missingFileNamesThePathAndShowsAnExample() {
        assertThatThrownBy(() -> loader.load(root))
                .isInstanceOf(InvalidSiteContractException.class)
                .hasMessageContaining(root.resolve("tailor.json").toString())
                .hasMessageContaining("\"sections\"");
    }

    @Test
    void invalidJsonNamesTheLine() throws Exception {
        site("{\n\"name\": \"x\",,\n}");
        assertThatThrownBy(() -> loader.load(root)).hasMessageContaining("not valid JSON at line 2");
    }

    @Test
    void collectsEveryProblemInOneError() throws Exception {
        site("""
                {"title":"Acme","entry":"src/nope.jsx","page":"src/components/Homepage.jsx","component":"Homepage",
                 "sections":{"Navigation":{"topics":["navigation"],"pinned":"middle","props":{"x":"a"}},
                             "hero":{"topics":["content"]},
                             "Pricing":{"topics":["cta"]}},
                 "brand":{"palette":["blue"],"fonts":["Inter"],"requiredElements":["Footer"],"allowedOrigins":["docs.acme.example/x"]}}
                """);
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "missing key \"name\"",
                "\"entry\": file src/nope.jsx does not exist (looked for " + root.resolve("src/nope.jsx").toAbsolutePath() + ")",
                "\"sections\".\"Navigation\".\"pinned\" must be \"top\", \"bottom\" or absent, not \"middle\"",
                "\"sections\".\"Navigation\".\"props\".\"x\" must be a non-empty list of allowed values, e.g. [false, true], not \"a\"",
                "\"sections\".\"hero\": section names must be React component identifiers (e.g. \"Hero\"), starting upper-case",
                "\"sections\".\"hero\": the page src/components/Homepage.jsx has no <hero /> element; remove it from the catalog or add it to the page",
                "\"sections\".\"Pricing\": the page src/components/Homepage.jsx has no <Pricing /> element; remove it from the catalog or add it to the page",
                "\"brand\".\"palette\": blue is not a CSS hex colour like #4f46e5",
                "\"brand\".\"requiredElements\": Footer has no entry in \"sections\"; add it there with \"required\": true",
                "\"brand\".\"allowedOrigins\": docs.acme.example/x is not an origin; write scheme and host only, e.g. https://docs.acme.example");
        assertThat(e.getMessage()).startsWith("10 problems in " + root.resolve("tailor.json"));
    }

    @Test
    void missingPageAndSectionsAreNamed() throws Exception {
        site("""
                {"name":"a","title":"A","entry":"src/main.jsx","page":"src/Missing.jsx","component":"Homepage","brand":{"palette":[],"fonts":[]}}
                """);
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(root), InvalidSiteContractException.class);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("\"page\": file src/Missing.jsx does not exist"))
                .anyMatch(p -> p.startsWith("missing key \"sections\""));
    }
}
