package dev.tailor.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.testing.SiteFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's own build, with the real esbuild: its index.html and public/ files are kept, and the
 * npm packages it installed in node_modules are bundled; a missing one is named with its fix.
 */
class SiteOwnBuildTest {

    private static final String ENTRY = "src/main.jsx";
    private static final String HOMEPAGE = "src/components/Homepage.jsx";
    private static final String SITE_INDEX = """
            <!doctype html>
            <html lang="de">
            <head>
              <meta charset="utf-8">
              <meta name="description" content="Our own head">
              <link rel="icon" href="%PUBLIC_URL%/favicon.svg">
              <title>The site's own title</title>
              <script src="https://cdn.example.com/consent.js" async></script>
            </head>
            <body>
              <div id="root"></div>
              <script type="module" src="/src/main.jsx"></script>
            </body>
            </html>
            """;

    @TempDir
    static Path tools;

    static EsbuildBinary esbuild;
    static NodeModules nodeModules;

    @TempDir
    Path work;

    Path site;
    SiteBuilder builder;

    @BeforeAll
    static void extractTools() throws IOException {
        esbuild = EsbuildBinary.extractInto(tools);
        nodeModules = NodeModules.extractInto(tools);
    }

    @BeforeEach
    void copyFixtureSite() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/build-fixtures/tiny-site/package.json").toURI()).getParent();
        site = work.resolve("site");
        SiteFiles.copyTree(fixture, site);
        builder = new SiteBuilder(esbuild, nodeModules, work.resolve("artifacts"));
    }

    @Test
    void theSitesIndexHtmlKeepsItsHeadAndItsEntryScriptBecomesTheBundle() throws Exception {
        Files.writeString(site.resolve("index.html"), SITE_INDEX);

        Artifact artifact = builder.build(site, ENTRY, "Tailor's title", Map.of());

        String html = Files.readString(artifact.indexHtml());
        assertThat(html).contains("<html lang=\"de\">", "<meta name=\"description\" content=\"Our own head\">",
                        "<link rel=\"icon\" href=\"/favicon.svg\">", "<title>The site's own title</title>",
                        "<script src=\"https://cdn.example.com/consent.js\" async></script>",
                        "<meta name=\"tailor-artifact\" content=\"" + artifact.id() + "\">",
                        "<script src=\"/artifacts/" + artifact.id() + "/" + script(artifact) + "\" defer></script>",
                        "<link rel=\"stylesheet\" href=\"/artifacts/" + artifact.id() + "/",
                        ServedPaths.DEFAULT.trackerTag())
                .doesNotContain("/src/main.jsx", "Tailor's title", "%PUBLIC_URL%");
        assertThat(html.indexOf("tailor_fallback")).as("the render check is in the head").isLessThan(html.indexOf("</head>"));
    }

    @Test
    void aScriptMarkedAsTheEntryIsReplacedWhateverItsSrc() throws Exception {
        Files.writeString(site.resolve("index.html"), SITE_INDEX.replace("<script type=\"module\" src=\"/src/main.jsx\">",
                "<script src=\"/static/js/bundle.js\" data-tailor-entry>"));

        String html = Files.readString(builder.build(site, ENTRY, "Tiny", Map.of()).indexHtml());

        assertThat(html).doesNotContain("/static/js/bundle.js").contains("/app-");
    }

    @Test
    void anIndexHtmlThatLoadsNoEntryOrHasNoRootSaysWhatToAdd() throws Exception {
        Files.writeString(site.resolve("index.html"), SITE_INDEX.replace("/src/main.jsx", "/src/other.jsx"));
        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("loads no script for the entry src/main.jsx")
                .hasMessageContaining("data-tailor-entry");

        Files.writeString(site.resolve("index.html"), SITE_INDEX.replace("id=\"root\"", "id=\"app\""));
        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("no element with id=\"root\"");
    }

    @Test
    void anEntryTheBuildAddsGoesBeforeTheBodysEnd() throws Exception {
        Files.writeString(site.resolve("index.html"), SITE_INDEX.replace("<script type=\"module\" src=\"/src/main.jsx\"></script>", ""));
        Files.delete(site.resolve(ENTRY));
        String mount = "import { createRoot } from 'react-dom/client';\nimport Homepage from './src/components/Homepage.jsx';\n"
                + "createRoot(document.getElementById('root')).render(<Homepage />);\n";

        Artifact artifact = builder.build(site, "mount.generated.jsx", "Tiny", Map.of("mount.generated.jsx", mount));

        String html = Files.readString(artifact.indexHtml());
        assertThat(html.indexOf(".js\" defer></script>")).isGreaterThan(html.indexOf("<div id=\"root\">")).isLessThan(html.indexOf("</body>"));
    }

    @Test
    void publicFilesAreCopiedUnbundledAndPartOfTheId() throws Exception {
        Files.createDirectories(site.resolve("public/img"));
        Files.writeString(site.resolve("public/robots.txt"), "User-agent: *\n");
        Files.writeString(site.resolve("public/img/logo.svg"), "<svg/>");
        Artifact first = builder.build(site, ENTRY, "Tiny", Map.of());

        assertThat(first.files()).contains("public/robots.txt", "public/img/logo.svg");
        assertThat(first.dir().resolve("public/robots.txt")).hasContent("User-agent: *");

        Files.writeString(site.resolve("public/robots.txt"), "User-agent: *\nDisallow: /\n");
        assertThat(builder.build(site, ENTRY, "Tiny", Map.of()).id()).isNotEqualTo(first.id());
    }

    @Test
    void aPackageTheSiteInstalledIsBundledAndItsVersionIsPartOfTheId() throws Exception {
        installPackage(site, "shout", "1.0.0", "module.exports = function shout(s) { return s.toUpperCase() + '!!SHOUTED'; };");
        Files.writeString(site.resolve(HOMEPAGE), "import shout from 'shout';\n"
                + "export default function Homepage() { return <h1>{shout('hello')}</h1>; }\n");

        Artifact first = builder.build(site, ENTRY, "Tiny", Map.of());
        assertThat(first.dir().resolve(script(first))).content().contains("!!SHOUTED");

        installPackage(site, "shout", "1.0.1", "module.exports = function shout(s) { return s + '!!SHOUTED'; };");
        assertThat(builder.build(site, ENTRY, "Tiny", Map.of()).id()).isNotEqualTo(first.id());
    }

    @Test
    void packagesInstalledWhereTheTeamWorksAreBundledForACheckoutWithout() throws Exception {
        Path teamCheckout = Files.createDirectories(work.resolve("team-checkout"));
        installPackage(teamCheckout, "@lantern/greet", "2.0.0", "exports.greet = () => 'hi from the team checkout';");
        Files.writeString(site.resolve(HOMEPAGE), "import { greet } from '@lantern/greet';\n"
                + "export default function Homepage() { return <h1>{greet()}</h1>; }\n");

        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of())).isInstanceOf(BuildException.class);
        Artifact artifact = builder.withDependenciesInstalledIn(teamCheckout).build(site, ENTRY, "Tiny", Map.of());

        assertThat(artifact.dir().resolve(script(artifact))).content().contains("hi from the team checkout");
    }

    @Test
    void aMissingPackageIsNamedWithTheCommandThatInstallsIt() throws Exception {
        Files.writeString(site.resolve(HOMEPAGE), "import clsx from 'clsx/lite';\n"
                + "export default function Homepage() { return <h1 className={clsx('a')}>x</h1>; }\n");

        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("the npm package \"clsx\", which its package.json does not list")
                .hasMessageContaining("\"npm install clsx\" in " + site.toAbsolutePath().normalize());

        Files.writeString(site.resolve("package.json"), "{\"name\": \"tiny-site\", \"dependencies\": {\"clsx\": \"2.1.1\"}}");
        Files.writeString(site.resolve("package-lock.json"), "{\"lockfileVersion\": 3}");
        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("\"clsx\", which is not installed (there is no node_modules): run \"npm ci\" in " + site.toAbsolutePath().normalize());
    }

    private static void installPackage(Path root, String name, String version, String main) throws IOException {
        Path dir = Files.createDirectories(root.resolve("node_modules").resolve(name));
        Files.writeString(dir.resolve("package.json"),
                "{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"main\": \"index.js\"}");
        Files.writeString(dir.resolve("index.js"), main);
    }

    private static String script(Artifact artifact) {
        return artifact.files().stream().filter(file -> file.startsWith("app-") && file.endsWith(".js")).findFirst().orElseThrow();
    }
}
