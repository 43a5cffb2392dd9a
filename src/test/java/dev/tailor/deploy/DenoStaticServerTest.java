package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.build.EsbuildBinary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoStaticServerTest {

    private static final String ARTIFACT = "0123456789abcdef0123";

    @TempDir
    Path dir;

    @Test
    void theGeneratedServerIsValidTypeScript() throws Exception {
        // no Deno here; esbuild's TypeScript parser at least proves the file parses
        EsbuildBinary esbuild = EsbuildBinary.extractInto(dir.resolve("tools"));
        for (Optional<URI> origin : java.util.List.of(Optional.<URI>empty(), Optional.of(URI.create("https://tailor.example.com")))) {
            Path main = dir.resolve("main.ts");
            Files.writeString(main, DenoStaticServer.source(ARTIFACT, origin));
            Process process = new ProcessBuilder(esbuild.path().toString(), main.toString(), "--loader:.ts=ts", "--log-level=error", "--color=false")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("esbuild.out").toFile()).start();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("esbuild.out"))).isZero();
        }
    }

    @Test
    void theTrackerIsForwardedOnlyWhenTailorsOriginIsKnown() {
        assertThat(DenoStaticServer.source(ARTIFACT, Optional.empty())).contains("const TAILOR_ORIGIN = \"\";");
        assertThat(DenoStaticServer.source(ARTIFACT, Optional.of(URI.create("https://tailor.example.com/"))))
                .contains("const TAILOR_ORIGIN = \"https://tailor.example.com\";");
    }

    @Test
    void anOriginThatCouldBreakOutOfTheStringIsRefused() {
        assertThatThrownBy(() -> FreestyleConfig.withKey("k").withTailorOrigin(URI.create("https://x.com/a?b=%22")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare http(s) origin");
    }

    /**
     * The server really runs, under Node with {@code Deno.serve} and {@code Deno.readFile} stood in for
     * (esbuild strips the types): the visitor's signed id handed over in the URL becomes this domain's
     * cookie and leaves the URL, the tracker's events go on to Tailor with that cookie, and a browser whose render
     * watchdog marked this build as failing is sent back to Tailor's edge with the mark.
     */
    @Test
    void theHandedOverVisitorIdBecomesTheDomainsCookieAndGoesWithTheEventsToTailor() throws Exception {
        Path node = Path.of("/usr/bin/node");
        Assumptions.assumeTrue(Files.isExecutable(node), "node is not installed: the generated server is only parsed");
        try (MockWebServer tailor = new MockWebServer()) {
            tailor.enqueue(new MockResponse().setBody("{\"accepted\":1}"));
            tailor.start();
            String origin = "http://127.0.0.1:" + tailor.getPort();
            EsbuildBinary esbuild = EsbuildBinary.extractInto(dir.resolve("tools"));
            Files.writeString(dir.resolve("main.ts"), DenoStaticServer.source(ARTIFACT, Optional.of(URI.create(origin))));
            Process transpile = new ProcessBuilder(esbuild.path().toString(), "main.ts", "--format=esm", "--outfile=main.mjs",
                    "--log-level=error").directory(dir.toFile()).redirectErrorStream(true).start();
            assertThat(transpile.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Files.writeString(dir.resolve("index.html"), "<p>variant</p>");
            Files.writeString(dir.resolve("run.mjs"), """
                    import { readFile } from "node:fs/promises";
                    let handler;
                    globalThis.Deno = { serve: (h) => { handler = h; }, readFile: (url) => readFile(url) };
                    await import("./main.mjs");
                    const out = [];
                    for (const [url, init] of JSON.parse(process.argv[2])) {
                      const res = await handler(new Request(url, init));
                      out.push({ status: res.status, location: res.headers.get("location"), cookie: res.headers.get("set-cookie"),
                                 body: await res.text() });
                    }
                    console.log(JSON.stringify(out));
                    """);
            String requests = new ObjectMapper().writeValueAsString(java.util.List.of(
                    java.util.List.of("https://v-k3x9a2b7.style.dev/?tailor_vid=bea.c2lnbmF0dXJl", java.util.Map.of()),
                    java.util.List.of("https://v-k3x9a2b7.style.dev/shop?x=1&tailor_vid=%3Cscript%3E", java.util.Map.of()),
                    java.util.List.of("https://v-k3x9a2b7.style.dev/", java.util.Map.of()),
                    java.util.List.of("https://v-k3x9a2b7.style.dev/api/track", java.util.Map.of("method", "POST",
                            "headers", java.util.Map.of("cookie", "tailor_vid=bea.c2lnbmF0dXJl", "content-type", "application/json"),
                            "body", "{\"event\":\"page_view\"}")),
                    java.util.List.of("https://v-k3x9a2b7.style.dev/shop?x=1", java.util.Map.of("headers",
                            java.util.Map.of("cookie", "tailor_vid=bea.c2lnbmF0dXJl; tailor_fallback=" + ARTIFACT))),
                    java.util.List.of("https://v-k3x9a2b7.style.dev/", java.util.Map.of("headers",
                            java.util.Map.of("cookie", "tailor_fallback=ffffffffffffffffffff")))));
            Process run = new ProcessBuilder(node.toString(), "run.mjs", requests).directory(dir.toFile())
                    .redirectError(dir.resolve("node.err").toFile()).start();
            String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(dir.resolve("node.err"))).isZero();
            JsonNode answers = new ObjectMapper().readTree(output);

            assertThat(answers.at("/0/status").asInt()).isEqualTo(302);
            assertThat(answers.at("/0/location").asText()).isEqualTo("/");
            assertThat(answers.at("/0/cookie").asText())
                    .isEqualTo("tailor_vid=bea.c2lnbmF0dXJl; Path=/; Max-Age=34560000; HttpOnly; Secure; SameSite=Lax");
            assertThat(answers.at("/1/location").asText()).as("the URL is cleaned").isEqualTo("/shop?x=1");
            assertThat(answers.at("/1/cookie").isNull()).as("a value that is no signed id sets nothing").isTrue();
            assertThat(answers.at("/2/body").asText()).isEqualTo("<p>variant</p>");
            assertThat(answers.at("/3/body").asText()).isEqualTo("{\"accepted\":1}");
            assertThat(answers.at("/4/status").asInt()).as("this build failed to render here: back to Tailor's edge").isEqualTo(302);
            assertThat(answers.at("/4/location").asText()).isEqualTo(origin + "/shop?x=1&tailor_fallback=" + ARTIFACT);
            assertThat(answers.at("/5/body").asText()).as("another build's mark is not this one's").isEqualTo("<p>variant</p>");
            RecordedRequest forwarded = tailor.takeRequest(5, TimeUnit.SECONDS);
            assertThat(forwarded.getPath()).isEqualTo("/api/track");
            assertThat(forwarded.getHeader("Cookie")).isEqualTo("tailor_vid=bea.c2lnbmF0dXJl");
        }
    }
}
