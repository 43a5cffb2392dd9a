package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.build.Artifact;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real build handed to both deployers: every URL index.html uses must be servable. */
class BuildThenDeployTest {

    @TempDir
    Path work;

    @Test
    void everyAssetTheBuiltPageLinksIsShippedToFreestyleAtThatPath() throws Exception {
        Path site = work.resolve("site");
        Files.createDirectories(site.resolve("src"));
        Files.writeString(site.resolve("src/main.jsx"), """
                import { createRoot } from 'react-dom/client';
                import './style.css';
                createRoot(document.getElementById('root')).render(<p>Hello from a real build</p>);
                """);
        Files.writeString(site.resolve("src/style.css"), "p { color: teal; }\n");
        SiteBuilder builder = new SiteBuilder(EsbuildBinary.extractInto(work.resolve("tools")),
                NodeModules.extractInto(work.resolve("tools")), work.resolve("artifacts"));
        Artifact artifact = builder.build(site, "src/main.jsx", "Real", Map.of());

        assertThat(new LocalEdgeDeployer(7070).deploy(artifact, "alyssa").url())
                .isEqualTo("http://alyssa-personalized.localhost:7070/");

        try (LocalFreestyle freestyle = new LocalFreestyle()) {
            FreestyleConfig config = FreestyleConfig.withKey("k")
                    .withBaseUrl(URI.create(freestyle.baseUrl()))
                    .withRetries(1, Duration.ZERO)
                    .withSiteCheck(new FreestyleConfig.SiteCheck(freestyle.siteUrl(), 1, Duration.ZERO, Duration.ofSeconds(5)));
            // the check before it goes live loads the real build's page and bundle as main.ts serves them
            Deployment deployment = new FreestyleDeployer(config).deploy(artifact, "alyssa");

            Map<String, byte[]> files = freestyle.files(deployment.id());
            String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
            Matcher links = Pattern.compile("(?:src|href)=\"/(artifacts/[^\"]+)\"").matcher(html);
            int linked = 0;
            while (links.find()) {
                assertThat(files).as("uploaded %s", links.group(1)).containsKey(links.group(1));
                linked++;
            }
            assertThat(linked).as("the page links its script and stylesheet").isEqualTo(2);
        }
    }
}
