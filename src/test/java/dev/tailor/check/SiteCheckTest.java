package dev.tailor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.testing.SiteFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tailor check} on examples/kestrel-outfitters, and on copies of it broken the ways issue 12 met. */
class SiteCheckTest {

    @TempDir
    Path dir;
    Path site;
    SiteCheck check;

    @BeforeEach
    void copyTheStore() throws Exception {
        site = dir.resolve("kestrel");
        Path source = Path.of("examples", "kestrel-outfitters");
        SiteFiles.copyTree(source, site);
        check = new SiteCheck(dir.resolve("tools"));
    }

    @Test
    void theStorePassesEveryCheck() throws Exception {
        SiteCheck.Report report = check.check(site);
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SiteCheck.print(site, report, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("✓ tailor.json: 7 sections, 3 audiences of its own, no entry:"
                + " Tailor mounts StorePage").contains("ok: Tailor can personalize this site");
    }

    @Test
    void aContractMistakeIsNamedWithItsFix() throws Exception {
        replace("tailor.json", "\"aliases\": [\"stories\"]", "\"aliases\": [\"pricing\"]");
        SiteCheck.Report report = check.check(site);
        assertThat(report.problems()).containsExactly("tailor.json: \"sections\".\"CustomerStories\".\"aliases\": \"pricing\" already"
                + " names section PricingTable; a data-section name must map to one section: remove it from one of them");
    }

    @Test
    void aSectionNameTailorCannotMapIsAWarningWithItsFix() throws Exception {
        replace("tailor.json", ", \"aliases\": [\"stories\"]", "");
        SiteCheck.Report report = check.check(site);
        assertThat(report.ok()).isTrue();
        assertThat(report.warnings()).contains("sections: the site's markup sets data-section=\"stories\", which tailor.json maps to"
                + " no section, so its seconds count for no topic; add \"aliases\": [\"stories\"] to the section it is in");
    }

    @Test
    void aRootWhoseClassNameIsAnExpressionTakesNoLayoutClassAndTheCheckSaysSo() throws Exception {
        replace("src/StorePage.jsx", "    <Layout>", "    <Layout className={[\"season\", \"winter\"].join(\" \")}>");
        SiteCheck.Report report = check.check(site);
        assertThat(report.ok()).as("a page personalizes without a layout class").isTrue();
        assertThat(report.warnings()).containsExactly("src/StorePage.jsx: the root <Layout>'s className is an expression, not a"
                + " string: Tailor cannot add a layout class to it, so plans get none; write className=\"…\" on the root (or"
                + " wrap the root in an element that has one) to let plans style the page");
    }

    @Test
    void aLayoutThatDropsClassNameTakesNoLayoutClassAndTheCheckSaysSo() throws Exception {
        replace("src/Layout.jsx", "className={className ? \"store \" + className : \"store\"}", "className=\"store\"");
        SiteCheck.Report report = check.check(site);
        assertThat(report.ok()).as("a page personalizes without a layout class").isTrue();
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("src/StorePage.jsx: the root <Layout> (src/Layout.jsx) never passes on the className it is given")
                .contains("pass className to the root element of Layout in src/Layout.jsx");
    }

    @Test
    void noSectionMarkersAtAllFailTheCheck() throws Exception {
        try (Stream<Path> files = Files.walk(site.resolve("src"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsx")).toList()) {
                Files.writeString(f, Files.readString(f).replaceAll(" data-section=\"[^\"]*\"", ""));
            }
        }
        SiteCheck.Report report = check.check(site);
        assertThat(report.problems()).singleElement().asString()
                .startsWith("sections: the original site renders no element with a data-section attribute");
    }

    @Test
    void aSiteThatDoesNotBuildFailsTheCheck() throws Exception {
        replace("src/sections/Hero.jsx", "</section>", "</sectio>");
        SiteCheck.Report report = check.check(site);
        assertThat(report.problems()).singleElement().asString().startsWith("build: the site does not build as Tailor builds it");
    }

    @Test
    void aPageWithoutTheComponentsExportCannotBeMounted() throws Exception {
        replace("src/StorePage.jsx", "export function StorePage", "function StorePage");
        SiteCheck.Report report = check.check(site);
        assertThat(report.problems()).containsExactly("tailor.json: \"entry\" is absent, so Tailor mounts StorePage from"
                + " src/StorePage.jsx itself, but the page exports neither StorePage nor a default; add \"export\" to StorePage,"
                + " or name your own \"entry\"");
    }

    private void replace(String file, String from, String to) throws Exception {
        Path path = site.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
