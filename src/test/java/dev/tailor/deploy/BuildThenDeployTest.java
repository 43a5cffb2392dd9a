package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.build.Artifact;
import dev.tailor.build.EsbuildBinary;
import dev.tailor.build.NodeModules;
import dev.tailor.build.SiteBuilder;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
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

        try (MockWebServer freestyle = new MockWebServer()) {
            freestyle.start(InetAddress.getLoopbackAddress(), 0);
            freestyle.enqueue(new MockResponse().setBody("{\"deploymentId\":\"d1\",\"domains\":[]}"));
            freestyle.enqueue(new MockResponse().setBody("{\"domain\":\"alyssa-personalized.style.dev\",\"deploymentId\":\"d1\"}"));
            FreestyleConfig config = FreestyleConfig.withKey("k")
                    .withBaseUrl(URI.create("http://127.0.0.1:" + freestyle.getPort()))
                    .withRetries(1, Duration.ZERO);
            new FreestyleDeployer(config).deploy(artifact, "alyssa");

            JsonNode files = new ObjectMapper().readTree(freestyle.takeRequest().getBody().readUtf8()).at("/source/files");
            String html = new String(Base64.getDecoder().decode(files.path("index.html").path("content").asText()), StandardCharsets.UTF_8);
            Matcher links = Pattern.compile("(?:src|href)=\"/(artifacts/[^\"]+)\"").matcher(html);
            int linked = 0;
            while (links.find()) {
                assertThat(files.has(links.group(1))).as("uploaded %s", links.group(1)).isTrue();
                linked++;
            }
            assertThat(linked).as("the page links its script and stylesheet").isEqualTo(2);
        }
    }
}
