package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code "pages"} in tailor.json: several personalizable pages, each with its own catalog, and what is wrong with one. */
class SiteContractPagesTest {
    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path tmp;

    @Test
    void theTeaShopDeclaresItsHomeAndPricingPagesEachWithItsOwnCatalog() {
        SiteContract site = loader.load(Path.of("examples", "tidewater-tea"));

        assertThat(site.pages()).extracting(SiteContract.SitePage::path).containsExactly("/", "/pricing");
        assertThat(site.page()).as("the page at / is the primary one").isEqualTo("src/pages/Home.jsx");
        assertThat(site.component()).isEqualTo("Home");
        assertThat(site.sections().keySet()).containsExactly("Header", "Hero", "TeaShelf", "BrewingNotes", "Reviews",
                "Newsletter", "Footer");
        SiteContract.SitePage pricing = site.pages().get(1);
        assertThat(pricing.page()).isEqualTo("src/pages/Pricing.jsx");
        assertThat(pricing.component()).isEqualTo("Pricing");
        assertThat(pricing.sections().keySet()).containsExactly("Header", "PlanTable", "PricingFaq", "Reviews", "JoinNow", "Footer");
        assertThat(pricing.sections().get("Footer").required()).as("a brand element is required on every page").isTrue();

        // the profile counts sections from every page
        assertThat(site.trackedNames()).containsEntry("plan_table", "PlanTable").containsEntry("tea_shelf", "TeaShelf")
                .containsEntry("reviews", "Reviews");
        assertThat(site.primaryTopics()).contains("products", "price", "social-proof", "support");

        // seen from /pricing, the contract is that page's
        SiteContract seen = site.forPage(pricing);
        assertThat(seen.page()).isEqualTo("src/pages/Pricing.jsx");
        assertThat(seen.component()).isEqualTo("Pricing");
        assertThat(seen.sections()).isEqualTo(pricing.sections());
        assertThat(seen.brand().requiredElements()).containsExactly("Header", "Footer");
    }

    @Test
    void theSinglePageFormIsThePageAtTheRoot() {
        SiteContract site = loader.load(Path.of("examples", "brightside-coffee"));
        assertThat(site.pages()).singleElement().satisfies(page -> {
            assertThat(page.path()).isEqualTo("/");
            assertThat(page.page()).isEqualTo(site.page());
            assertThat(page.sections()).isEqualTo(site.sections());
        });
        assertThat(site.allSections()).isEqualTo(site.sections());
    }

    @Test
    void aPathTailorCannotServeAPageAtNamesTheFix() throws Exception {
        for (String path : List.of("pricing", "/pricing/", "/plans/:id", "/pricing.html", "/api/plans")) {
            Path site = teaShop(tmp.resolve("site-" + Math.abs(path.hashCode())), json -> json.replace("\"/pricing\": {", "\"" + path + "\": {"));
            assertThat(problems(site)).as(path).singleElement().satisfies(p -> assertThat(p).startsWith("\"pages\": \"" + path + "\" is"));
        }
        assertThat(problems(teaShop(tmp.resolve("own"), json -> json.replace("\"/pricing\": {", "\"/api/x\": {"))))
                .containsExactly("\"pages\": \"/api/x\" is one of Tailor's own paths (/api/…); serve the page at another path");
        assertThat(problems(teaShop(tmp.resolve("form"), json -> json.replace("\"/pricing\": {", "\"/plans/:id\": {"))))
                .singleElement().satisfies(p -> assertThat(p).contains("e.g. /pricing", "no parameters such as :id"));
    }

    @Test
    void aMissingPageFileIsNamedWithItsPath() throws Exception {
        Path site = teaShop(tmp.resolve("missing"), json -> json.replace("src/pages/Pricing.jsx", "src/pages/Prices.jsx"));
        assertThat(problems(site)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("\"pages\".\"/pricing\".\"page\": file src/pages/Prices.jsx does not exist"));
    }

    @Test
    void aComponentThePageDoesNotExportIsRejected() throws Exception {
        Path site = teaShop(tmp.resolve("unexported"), json -> json);
        Path pricing = site.resolve("src/pages/Pricing.jsx");
        Files.writeString(pricing, Files.readString(pricing).replace("export function Pricing()", "function Pricing()"));
        assertThat(problems(site)).containsExactly("\"pages\".\"/pricing\".\"component\": src/pages/Pricing.jsx defines Pricing but"
                + " exports neither it nor a default; add \"export\" to Pricing (your entry imports it to render the page at /pricing)");

        Path other = teaShop(tmp.resolve("undefined"), json -> json.replace("\"component\": \"Pricing\"", "\"component\": \"Prices\""));
        assertThat(problems(other)).containsExactly("\"pages\".\"/pricing\".\"component\": the page src/pages/Pricing.jsx does not define Prices");
    }

    @Test
    void twoPathsOnOneFileAreRejected() throws Exception {
        Path site = teaShop(tmp.resolve("twice"), json -> json.replace("\"/pricing\": {", "\"/plans\": {"
                + "\"page\": \"src/pages/Pricing.jsx\", \"component\": \"Pricing\", \"sections\": {\"PlanTable\": {\"topics\": [\"price\"]}}},"
                + " \"/pricing\": {"));
        assertThat(problems(site)).containsExactly("\"pages\".\"/pricing\".\"page\": src/pages/Pricing.jsx is also the page at /plans;"
                + " one file is one page: give each path its own component file, or declare the file once");
    }

    @Test
    void aSectionDeclaredOnTwoPagesWithOtherTopicsIsRejected() throws Exception {
        Path site = teaShop(tmp.resolve("topics"), json -> json.replaceFirst(
                "\"Reviews\": \\{\"topics\": \\[\"social-proof\"\\], \"props\": \\{\"compact\": \\[false, true\\]\\}\\},\n"
                        + "        \"JoinNow\"", "\"Reviews\": {\"topics\": [\"reviews\"]},\n        \"JoinNow\""));
        assertThat(problems(site)).containsExactly("\"pages\".\"/pricing\".\"sections\".\"Reviews\": its topics [reviews] differ from"
                + " \"pages\".\"/\".\"sections\".\"Reviews\" [social-proof]; a section on several pages counts toward one interest,"
                + " so give it the same topics on every page (or rename one of them)");
    }

    @Test
    void pagesBesideTheSinglePageKeysOrWithoutAnEntryAreRejected() throws Exception {
        Path both = teaShop(tmp.resolve("both"), json -> json.replace("\"pages\": {", "\"page\": \"src/pages/Home.jsx\", \"pages\": {"));
        assertThat(problems(both)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("\"page\" and \"pages\" are both set; with \"pages\", each page names its own"));

        Path noEntry = teaShop(tmp.resolve("no-entry"), json -> json.replace("\"entry\": \"src/main.jsx\",", ""));
        assertThat(problems(noEntry)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("\"entry\" is absent, but Tailor can mount only one page itself, and \"pages\" declares 2;"));

        Path empty = teaShop(tmp.resolve("empty"), json -> json.replaceAll("(?s)\"pages\": \\{.*\\n  \\},", "\"pages\": {},"));
        assertThat(problems(empty)).singleElement().satisfies(p -> assertThat(p).startsWith("\"pages\" must be a non-empty object"));
    }

    @Test
    void aPageSectionMissingFromItsFileIsNamedWithThePage() throws Exception {
        Path site = teaShop(tmp.resolve("absent"), json -> json.replace("\"PricingFaq\": {\"topics\": [\"support\"]},",
                "\"PricingFaq\": {\"topics\": [\"support\"]}, \"ShippingNote\": {\"topics\": [\"support\"]},"));
        assertThat(problems(site)).containsExactly("\"pages\".\"/pricing\".\"sections\".\"ShippingNote\": the page src/pages/Pricing.jsx"
                + " has no <ShippingNote /> element; remove it from the catalog or add it to the page");
    }

    /** The tea shop copied to {@code dir}, its tailor.json edited. */
    private static Path teaShop(Path dir, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path site = GitCli.commitCopy(Path.of("examples", "tidewater-tea"), dir, "Tidewater Tea");
        Path json = site.resolve(SiteContractLoader.FILE_NAME);
        String edited = edit.apply(Files.readString(json));
        Files.writeString(json, edited);
        return site;
    }

    private List<String> problems(Path site) {
        InvalidSiteContractException e = catchThrowableOfType(() -> loader.load(site), InvalidSiteContractException.class);
        assertThat(e).as("tailor.json of " + site + " is rejected").isNotNull();
        return e.problems();
    }
}
