package dev.tailor.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.testing.SiteFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a real tiny React site with the real esbuild binary. */
class SiteBuilderTest {

    private static final String ENTRY = "src/main.jsx";
    private static final String HOMEPAGE = "src/components/Homepage.jsx";

    @TempDir
    static Path tools;

    static EsbuildBinary esbuild;
    static NodeModules nodeModules;

    @TempDir
    Path work;

    Path site;
    Path artifacts;
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
        artifacts = work.resolve("artifacts");
        builder = new SiteBuilder(esbuild, nodeModules, artifacts);
    }

    @Test
    void buildProducesIndexHtmlThatReferencesTheBuiltScriptAndStylesheet() throws Exception {
        Artifact artifact = builder.build(site, ENTRY, "Tiny <Site> & Co", Map.of());

        assertThat(artifact.dir()).isEqualTo(artifacts.resolve(artifact.id()));
        assertThat(artifact.id()).matches("[0-9a-f]{20}");
        String html = Files.readString(artifact.indexHtml());
        assertThat(html).startsWith("<!doctype html>")
                .contains("<meta charset=\"utf-8\">")
                .contains("<title>Tiny &lt;Site&gt; &amp; Co</title>")
                .contains("<div id=\"root\"></div>")
                .contains("<script src=\"/tailor/tracker.js\" defer></script>");

        String prefix = "/artifacts/" + artifact.id() + "/";
        String js = referenced(html, "<script src=\"" + Pattern.quote(prefix) + "(app-[^\"]+\\.js)\"");
        String css = referenced(html, "<link rel=\"stylesheet\" href=\"" + Pattern.quote(prefix) + "(app-[^\"]+\\.css)\"");
        assertThat(artifact.files()).contains("index.html", js, css);
        for (String file : artifact.files()) {
            assertThat(artifact.dir().resolve(file)).isRegularFile();
        }

        String bundle = Files.readString(artifact.dir().resolve(js));
        assertThat(bundle)
                .contains("Fixture homepage for Tailor")
                .contains("react.production.min.js")          // React's own production build, not the dev one
                .doesNotContain("react.development.js")
                .doesNotContain("process.env.NODE_ENV");
        assertThat(Files.readString(artifact.dir().resolve(css))).contains(".homepage{").contains("#639"); // rebeccapurple, minified
    }

    @Test
    void sameInputsReuseTheArtifactWithoutRunningEsbuild() throws Exception {
        Artifact first = builder.build(site, ENTRY, "Tiny", Map.of());

        SiteBuilder withoutEsbuild = new SiteBuilder(
                new EsbuildBinary(work.resolve("no-such-esbuild"), esbuild.version()), nodeModules, artifacts);
        Artifact second = withoutEsbuild.build(site, ENTRY, "Tiny", Map.of());

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.files()).isEqualTo(first.files());
        assertThat(second.dir()).isEqualTo(first.dir());
        // proves the reuse is real: anything new would need the (missing) esbuild
        assertThatThrownBy(() -> withoutEsbuild.build(site, ENTRY, "Another title", Map.of()))
                .isInstanceOf(BuildException.class);
    }

    @Test
    void gitNodeModulesAndDistDoNotAffectTheId() throws Exception {
        Artifact clean = builder.build(site, ENTRY, "Tiny", Map.of());
        for (String junk : List.of(".git/HEAD", "node_modules/left-pad/index.js", "dist/old.js")) {
            Path file = site.resolve(junk);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "junk");
        }
        assertThat(builder.build(site, ENTRY, "Tiny", Map.of()).id()).isEqualTo(clean.id());
    }

    @Test
    void anOverrideChangesTheIdAndTheBuiltContentButNotTheSite() throws Exception {
        Map<String, String> before = snapshot(site);
        Artifact original = builder.build(site, ENTRY, "Tiny", Map.of());
        String variant = Files.readString(site.resolve(HOMEPAGE)).replace("Fixture homepage for Tailor", "Welcome back, Alyssa");

        Artifact personalized = builder.build(site, ENTRY, "Tiny", Map.of(HOMEPAGE, variant));

        assertThat(personalized.id()).isNotEqualTo(original.id());
        String bundle = Files.readString(personalized.dir().resolve(script(personalized)));
        assertThat(bundle).contains("Welcome back, Alyssa").doesNotContain("Fixture homepage for Tailor");
        assertThat(Files.readString(original.dir().resolve(script(original)))).contains("Fixture homepage for Tailor");
        assertThat(snapshot(site)).isEqualTo(before);
    }

    @Test
    void anOverrideMayAddANewFile() throws Exception {
        String homepage = Files.readString(site.resolve(HOMEPAGE))
                .replace("import './Homepage.css';", "import './Homepage.css';\nimport Banner from './Banner.jsx';")
                .replace("<h1>", "<Banner /><h1>");
        Artifact artifact = builder.build(site, ENTRY, "Tiny", Map.of(
                HOMEPAGE, homepage,
                "src/components/Banner.jsx", "export default function Banner() { return <p>Free shipping today</p>; }\n"));

        assertThat(Files.readString(artifact.dir().resolve(script(artifact)))).contains("Free shipping today");
        assertThat(site.resolve("src/components/Banner.jsx")).doesNotExist();
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        String broken = "export default function Homepage() {\n  return <main>\n    <h1>Oops</h1>\n  </mian>;\n}\n";

        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of(HOMEPAGE, broken)))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("src/components/Homepage.jsx:4:")
                .hasMessageContaining("mian");
        assertThat(artifacts).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(),
                dir -> assertThat(dir).isEmptyDirectory());
    }

    @Test
    void aMissingImportNamesWhatCouldNotBeResolved() {
        String homepage = "import Missing from './Missing.jsx';\nexport default function Homepage() { return <Missing />; }\n";

        assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of(HOMEPAGE, homepage)))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("src/components/Homepage.jsx:1:")
                .hasMessageContaining("./Missing.jsx");
    }

    @Test
    void concurrentBuildsOfTheSameInputsAgreeOnOneCompleteArtifact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<Artifact> build = () -> builder.build(site, ENTRY, "Tiny", Map.of());
            List<Future<Artifact>> futures = pool.invokeAll(List.of(build, build, build));
            Artifact first = futures.get(0).get();
            for (Future<Artifact> future : futures) {
                assertThat(future.get().id()).isEqualTo(first.id());
                assertThat(future.get().files()).isEqualTo(first.files());
            }
            for (String file : first.files()) {
                assertThat(first.dir().resolve(file)).isRegularFile();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> leftovers = Files.list(artifacts)) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .as("no staging dirs are left behind").allMatch(name -> name.matches("[0-9a-f]{20}"));
        }
    }

    @Test
    void openFindsABuiltArtifactAfterARestart() throws Exception {
        Artifact built = builder.build(site, ENTRY, "Tiny", Map.of());

        SiteBuilder restarted = new SiteBuilder(esbuild, nodeModules, artifacts);

        assertThat(restarted.open(built.id())).contains(built);
        assertThat(restarted.open("0123456789abcdef0123")).isEmpty();
    }

    @Test
    void openRejectsIdsThatAreNotPlainHex() {
        for (String bad : List.of("../etc", "..", "", "ABCDEF0123456789ABCD", "0123456789abcdef/../x", ".staging-x", "abc")) {
            assertThatThrownBy(() -> builder.open(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lowercase hex");
        }
        assertThatThrownBy(() -> builder.open(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridePathsOutsideTheSiteAreRejected() {
        for (String bad : List.of("../escape.jsx", "/etc/passwd", "src/../../x.jsx", "node_modules/react/index.js", "src//x.jsx")) {
            assertThatThrownBy(() -> builder.build(site, ENTRY, "Tiny", Map.of(bad, "x")))
                    .as(bad)
                    .isInstanceOf(BuildException.class)
                    .hasMessageContaining(bad);
        }
        assertThat(work.resolve("escape.jsx")).doesNotExist();
    }

    @Test
    void aMissingEntryIsNamed() {
        assertThatThrownBy(() -> builder.build(site, "src/nope.jsx", "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("src/nope.jsx");
    }

    @Test
    void aHangingEsbuildIsStoppedAtTheTimeout() throws Exception {
        Path hanging = fakeEsbuild("exec sleep 30");
        SiteBuilder impatient = new SiteBuilder(new EsbuildBinary(hanging, "0.28.2"), nodeModules, artifacts, Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("did not finish")
                .hasMessageContaining(ENTRY);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void unstructuredEsbuildFailuresKeepTheirRawText() throws Exception {
        Path failing = fakeEsbuild("echo 'something odd happened' >&2; exit 3");
        SiteBuilder broken = new SiteBuilder(new EsbuildBinary(failing, "0.28.2"), nodeModules, artifacts);

        assertThatThrownBy(() -> broken.build(site, ENTRY, "Tiny", Map.of()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("exit 3")
                .hasMessageContaining("something odd happened");
    }

    @Test
    void abandonedStagingDirsAreRemovedButArtifactsKept() throws Exception {
        Artifact artifact = builder.build(site, ENTRY, "Tiny", Map.of());
        Path abandoned = artifacts.resolve(".staging-" + artifact.id() + "-123");
        Files.createDirectories(abandoned.resolve("out"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(builder.removeAbandonedStaging(Duration.ofHours(1))).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(builder.open(artifact.id())).contains(artifact);
    }

    private Path fakeEsbuild(String script) throws IOException {
        Path fake = work.resolve("fake-esbuild");
        Files.writeString(fake, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }

    private static String referenced(String html, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(html);
        assertThat(matcher.find()).as("index.html matches %s:%n%s", regex, html).isTrue();
        return matcher.group(1);
    }

    private static String script(Artifact artifact) {
        return artifact.files().stream().filter(file -> file.endsWith(".js")).findFirst().orElseThrow();
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return files;
    }
}
