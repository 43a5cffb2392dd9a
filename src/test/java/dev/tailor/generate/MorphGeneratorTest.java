package dev.tailor.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.Environment;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.config.SiteContract;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MorphGeneratorTest {
    private final ObjectMapper json = new ObjectMapper();
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);
    private final LocalAstGenerator local = new LocalAstGenerator(Fixtures.SWC4J);
    private MockWebServer server;
    private MorphGenerator morph;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        ChatModelConfig config = new ChatModelConfig("sk-morph-test", URI.create(server.url("/").toString()), "morph-v3-fast",
                Duration.ofMillis(500), 3, Duration.ofMillis(5), 0.80, 1.20);
        morph = new MorphGenerator(config, HttpClient.newHttpClient(), json, local);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private String reply(String content, long prompt, long completion) throws Exception {
        return json.writeValueAsString(Map.of(
                "id", "chatcmpl-1", "object", "chat.completion", "model", "morph-v3-fast",
                "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion)));
    }

    @Test
    void sendsTheDocumentedRequestAndTurnsUsageIntoCost() throws Exception {
        String merged = local.generate(acme, original, Fixtures.alyssa()).code();
        server.enqueue(new MockResponse().setBody(reply(merged, 1_000_000, 500_000)).addHeader("Content-Type", "application/json"));

        GeneratedCode result = morph.generate(acme, original, Fixtures.alyssa());

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-morph-test");
        JsonNode body = json.readTree(request.getBody().readUtf8());
        assertThat(body.get("model").asText()).isEqualTo("morph-v3-fast");
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        String content = body.at("/messages/0/content").asText();
        assertThat(content).startsWith("<instruction>I will ")
                .contains("</instruction>\n<code>" + original + "</code>\n<update>")
                .contains("set position=\"hero\" on AnalyticsDashboard")
                .contains("add the class \"analytics-prominent\"")
                .contains("// ... existing code ...")
                .contains("<div className=\"homepage analytics-prominent\">\n      <Navigation />\n      <AnalyticsDashboard position=\"hero\" />")
                .endsWith("</update>");

        assertThat(result.code()).isEqualTo(merged);
        assertThat(result.generator()).isEqualTo("morph");
        assertThat(result.model()).isEqualTo("morph-v3-fast");
        assertThat(result.promptTokens()).isEqualTo(1_000_000);
        assertThat(result.completionTokens()).isEqualTo(500_000);
        assertThat(result.costUsd()).isCloseTo(0.80 + 0.60, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void nestedChildrenAreCollapsedToTheJsxMarkerAndHiddenSectionsLeftOut() throws Exception {
        SiteContract shop = Fixtures.site("landing");
        server.enqueue(new MockResponse().setBody(reply("const x = 1;", 10, 10)));
        new MorphGenerator(configFor(), HttpClient.newHttpClient(), json, local).generate(shop, Fixtures.page(shop), Fixtures.shopper());
        String content = json.readTree(server.takeRequest().getBody().readUtf8()).at("/messages/0/content").asText();
        String update = content.substring(content.indexOf("<update>"));
        assertThat(update).contains("{/* ... existing code ... */}").doesNotContain("<Newsletter").doesNotContain("Legal");
        assertThat(content).contains("remove Newsletter from the page");
    }

    private ChatModelConfig configFor() {
        return new ChatModelConfig("k", URI.create(server.url("/").toString()), "morph-v3-fast",
                Duration.ofMillis(500), 3, Duration.ofMillis(5), 0.80, 1.20);
    }

    @Test
    void stripsMarkdownFences() throws Exception {
        server.enqueue(new MockResponse().setBody(reply("```jsx\nconst a = 1;\n```", 1, 1)));
        assertThat(morph.generate(acme, original, Fixtures.alyssa()).code()).isEqualTo("const a = 1;\n");
    }

    @Test
    void retries429ThenSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setBody("{\"error\":\"rate limited\"}"));
        server.enqueue(new MockResponse().setBody(reply(original, 10, 20)));
        assertThat(morph.generate(acme, original, Fixtures.alyssa()).code()).isEqualTo(original);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void gives_up_after_three_5xx() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500).setBody("upstream exploded"));
        }
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 500: upstream exploded");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void doesNotRetryOtherClientErrors() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"bad model\"}}"));
        server.enqueue(new MockResponse().setBody("never used"));
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .hasMessageContaining("HTTP 400").hasMessageContaining("bad model").hasMessageContaining("not retried");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void timesOut() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .isInstanceOf(GenerationException.class).hasMessageContaining("no response within 500 ms");
    }

    @Test
    void rejectsGarbageAndEmptyReplies() {
        server.enqueue(new MockResponse().setBody("<html>gateway</html>"));
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .hasMessageContaining("not JSON").hasMessageContaining("<html>gateway</html>");
        server.enqueue(new MockResponse().setBody("{\"choices\":[]}"));
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .hasMessageContaining("no choices");
        server.enqueue(new MockResponse().setBody("{\"choices\":[{\"message\":{\"content\":\"  \"}}]}"));
        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .hasMessageContaining("no choices[0].message.content");
    }

    @Test
    void fallsBackToTheLocalRewriteWhenMorphDropsTheFooterAndKeepsTheCost() throws Exception {
        String merged = local.generate(acme, original, Fixtures.alyssa()).code().replace("      <Footer />\n", "");
        server.enqueue(new MockResponse().setBody(reply(merged, 2000, 1000)));
        FallbackGenerator fallback = new FallbackGenerator(morph, local, new VariantValidator(Fixtures.SWC4J));

        GeneratedCode result = fallback.generate(acme, original, Fixtures.alyssa());

        assertThat(result.generator()).isEqualTo("morph→local");
        assertThat(result.code()).isEqualTo(local.generate(acme, original, Fixtures.alyssa()).code());
        assertThat(result.note()).startsWith("morph result failed validation: required-section")
                .contains("Footer");
        assertThat(result.promptTokens()).isEqualTo(2000);
        assertThat(result.costUsd()).isCloseTo((2000 * 0.8 + 1000 * 1.2) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void fallsBackWhenMorphsMergeIsSafeButDoesNotFollowThePlan() throws Exception {
        // the original unchanged: valid for the site, but not the plan it would be shared as
        server.enqueue(new MockResponse().setBody(reply(original, 2000, 1000)));
        FallbackGenerator fallback = new FallbackGenerator(morph, local, new VariantValidator(Fixtures.SWC4J));

        GeneratedCode result = fallback.generate(acme, original, Fixtures.alyssa());

        assertThat(result.generator()).isEqualTo("morph→local");
        assertThat(result.code()).isEqualTo(local.generate(acme, original, Fixtures.alyssa()).code());
        assertThat(result.note()).startsWith("morph result failed validation: plan-mismatch")
                .contains("instead of the planned [Navigation, AnalyticsDashboard");
    }

    @Test
    void fallsBackWhenMorphFailsAndUsesAValidMorphResultAsIs() throws Exception {
        FallbackGenerator fallback = new FallbackGenerator(morph, local, new VariantValidator(Fixtures.SWC4J));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("invalid key"));
        GeneratedCode failed = fallback.generate(acme, original, Fixtures.alyssa());
        assertThat(failed.generator()).isEqualTo("morph→local");
        assertThat(failed.note()).startsWith("morph call failed: ").contains("HTTP 401");
        assertThat(failed.costUsd()).isZero();

        String merged = local.generate(acme, original, Fixtures.alyssa()).code();
        server.enqueue(new MockResponse().setBody(reply(merged, 100, 100)));
        assertThat(fallback.generate(acme, original, Fixtures.alyssa()).generator()).isEqualTo("morph");
    }

    @Test
    void keepsThePathPrefixOfTheBaseUrl() throws Exception {
        for (String prefix : new String[]{"/proxy/morph", "/proxy/morph/"}) {
            ChatModelConfig config = new ChatModelConfig("k", URI.create(server.url(prefix).toString()), "morph-v3-fast",
                    Duration.ofMillis(500), 1, Duration.ofMillis(5), 0.80, 1.20);
            MorphGenerator proxied = new MorphGenerator(config, HttpClient.newHttpClient(), json, local);
            server.enqueue(new MockResponse().setBody(reply(local.generate(acme, original, Fixtures.alyssa()).code(), 10, 10)));

            proxied.generate(acme, original, Fixtures.alyssa());

            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getPath()).as(prefix).isEqualTo("/proxy/morph/v1/chat/completions");
        }
        assertThat(OpenAiCompatibleClient.completionsUrl(URI.create("https://api.morphllm.com")))
                .isEqualTo(URI.create("https://api.morphllm.com/v1/chat/completions"));
    }

    @Test
    void configComesFromTheEnvironmentOnlyWithAKey() {
        assertThat(ChatModelConfig.morphFromEnvironment(new Environment(Map.of()))).isEmpty();
        ChatModelConfig config = ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "sk-1", "TAILOR_MORPH_MODEL", "auto"))).orElseThrow();
        assertThat(config.model()).isEqualTo("auto");
        assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.morphllm.com"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString()).doesNotContain("sk-1");
    }

    @Test
    void acceptsTheDocumentedBaseUrlEndingInV1() throws Exception {
        for (String base : new String[]{"/v1", "/v1/", "/proxy/v1"}) {
            ChatModelConfig config = new ChatModelConfig("k", URI.create(server.url(base).toString()), "morph-v3-fast",
                    Duration.ofMillis(500), 1, Duration.ofMillis(5), 0.80, 1.20);
            server.enqueue(new MockResponse().setBody(reply(local.generate(acme, original, Fixtures.alyssa()).code(), 10, 10)));

            new MorphGenerator(config, HttpClient.newHttpClient(), json, local).generate(acme, original, Fixtures.alyssa());

            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getPath()).as(base)
                    .isEqualTo(base.replaceAll("/$", "") + "/chat/completions");
        }
        assertThat(OpenAiCompatibleClient.completionsUrl(URI.create("https://api.morphllm.com/v1")))
                .isEqualTo(URI.create("https://api.morphllm.com/v1/chat/completions"));
    }

    @Test
    void anAnswerCutOffAtTheTokenLimitIsAFailureThatStillCosts() throws Exception {
        String cut = json.writeValueAsString(Map.of("model", "morph-v3-fast",
                "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "length",
                        "message", Map.of("role", "assistant", "content", original.substring(0, original.length() / 2)))),
                "usage", Map.of("prompt_tokens", 1_000_000, "completion_tokens", 1_000_000)));
        server.enqueue(new MockResponse().setBody(cut));

        assertThatThrownBy(() -> morph.generate(acme, original, Fixtures.alyssa()))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("finish_reason: length")
                .satisfies(e -> assertThat(((GenerationException) e).costUsd()).isEqualTo(2.00, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(server.getRequestCount()).as("not retried: the same request would be cut off again").isEqualTo(1);
    }

    @Test
    void anInputTooLongForTheModelIsRefusedBeforeAnythingIsSent() {
        String huge = original + "\n/* " + "x".repeat(200_000) + " */\n";
        assertThatThrownBy(() -> morph.generate(acme, huge, Fixtures.alyssa()))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("over the 40960 that Morph's morph-v3-fast can take")
                .hasMessageContaining("TAILOR_MORPH_MODEL=morph-v3-large");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theLargeModelIsPricedAboveTheFastOneAndPricesCanBeOverridden() {
        ChatModelConfig fast = ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "k"))).orElseThrow();
        ChatModelConfig large = ChatModelConfig.morphFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "k", "TAILOR_MORPH_MODEL", "morph-v3-large"))).orElseThrow();
        assertThat(fast.costUsd(1_000_000, 1_000_000)).isEqualTo(2.00, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(large.costUsd(1_000_000, 1_000_000)).isEqualTo(2.80, org.assertj.core.data.Offset.offset(1e-9));
        ChatModelConfig overridden = ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "k",
                "TAILOR_MORPH_MODEL", "morph-v3-large", "TAILOR_MORPH_PRICE_IN", "1.5", "TAILOR_MORPH_PRICE_OUT", "3"))).orElseThrow();
        assertThat(overridden.costUsd(1_000_000, 1_000_000)).isEqualTo(4.50, org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> ChatModelConfig.morphFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "k", "TAILOR_MORPH_PRICE_OUT", "cheap"))))
                .hasMessageStartingWith("TAILOR_MORPH_PRICE_OUT=cheap is not valid");
    }
}
