package dev.tailor.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.Environment;
import dev.tailor.generate.validate.VariantValidator;
import dev.tailor.config.SiteContract;
import dev.tailor.config.TailorConfig;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The optional chat model that writes Morph's edit snippet, against two local servers: the chat model and Morph. */
class SnippetModelTest {
    private static final double CHAT_IN = 0.15;
    private static final double CHAT_OUT = 0.60;
    private static final double MORPH_IN = 0.80;
    private static final double MORPH_OUT = 1.20;

    private final ObjectMapper json = new ObjectMapper();
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);
    private final LocalAstGenerator local = new LocalAstGenerator(Fixtures.SWC4J);
    private final VariantValidator validator = new VariantValidator(Fixtures.SWC4J);
    private MockWebServer chat;
    private MockWebServer morphServer;
    private MorphGenerator chatMorph;

    /** What a chat model might write for Alyssa: the planned root plus a personalized heading. */
    private static final String SNIPPET = """
            // ... existing code ...
                <div className="homepage analytics-prominent">
                  <Navigation />
                  <h2 className="personal-intro">Your analytics, first</h2>
                  <AnalyticsDashboard position="hero" />
                  <QuickMetrics realTime />
                  <Hero />
                  <TechnicalDeepDive />
                  <CaseStudies expanded={false} />
                  <ArchitectureDetails />
                  <QuickCTA prominent={false} />
                  <EssentialInfo only="all" />
                  <Footer />
                </div>
            // ... existing code ...""";

    @BeforeEach
    void start() throws Exception {
        chat = new MockWebServer();
        chat.start();
        morphServer = new MockWebServer();
        morphServer.start();
        chatMorph = new MorphGenerator(morphConfig(), HttpClient.newHttpClient(), json, local,
                new SnippetModelWriter(snippetConfig(), HttpClient.newHttpClient(), json));
    }

    @AfterEach
    void stop() throws Exception {
        chat.shutdown();
        morphServer.shutdown();
    }

    private ChatModelConfig morphConfig() {
        return new ChatModelConfig("sk-morph-test", URI.create(morphServer.url("/").toString()), "morph-v3-fast",
                Duration.ofMillis(500), 3, Duration.ofMillis(5), MORPH_IN, MORPH_OUT);
    }

    private ChatModelConfig snippetConfig() {
        return new ChatModelConfig("sk-chat-test", URI.create(chat.url("/").toString()), "gpt-4o-mini",
                Duration.ofMillis(500), 3, Duration.ofMillis(5), CHAT_IN, CHAT_OUT);
    }

    private String reply(String model, String content, long prompt, long completion) throws Exception {
        return json.writeValueAsString(Map.of(
                "id", "chatcmpl-1", "object", "chat.completion", "model", model,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion)));
    }

    private void chatAnswers(String content, long prompt, long completion) throws Exception {
        chat.enqueue(new MockResponse().setBody(reply("gpt-4o-mini", content, prompt, completion))
                .addHeader("Content-Type", "application/json"));
    }

    private void morphAnswers(String merged, long prompt, long completion) throws Exception {
        morphServer.enqueue(new MockResponse().setBody(reply("morph-v3-fast", merged, prompt, completion))
                .addHeader("Content-Type", "application/json"));
    }

    /** Alyssa's local rewrite with the heading the snippet adds: what a correct merge looks like. */
    private String mergedWithHeading(String heading) throws Exception {
        String planned = local.generate(acme, original, Fixtures.alyssa()).code();
        String withHeading = planned.replace("      <Navigation />\n", "      <Navigation />\n      " + heading + "\n");
        assertThat(withHeading).isNotEqualTo(planned);
        return withHeading;
    }

    private String planSnippet() throws Exception {
        return MorphEditRequest.of(acme, Fixtures.alyssa(), original,
                local.plannedRootElement(acme, original, Fixtures.alyssa())).updateSnippet();
    }

    private String morphContent() throws Exception {
        RecordedRequest request = morphServer.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request).as("Morph was called").isNotNull();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-morph-test");
        return json.readTree(request.getBody().readUtf8()).at("/messages/0/content").asText();
    }

    private static String update(String morphContent) {
        return morphContent.substring(morphContent.indexOf("<update>") + "<update>".length(), morphContent.lastIndexOf("</update>"));
    }

    @Test
    void theChatModelIsAskedWithTheContractPlanAndOriginalAndItsSnippetIsWhatMorphApplies() throws Exception {
        chatAnswers("```jsx\n" + SNIPPET + "\n```", 3_000, 400);
        String merged = mergedWithHeading("<h2 className=\"personal-intro\">Your analytics, first</h2>");
        morphAnswers(merged, 2_000, 1_000);

        GeneratedCode result = new FallbackGenerator(chatMorph, MorphGenerator.WITH_SNIPPET_MODEL, local, validator)
                .generate(acme, original, Fixtures.alyssa());

        RecordedRequest request = chat.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-chat-test");
        JsonNode body = json.readTree(request.getBody().readUtf8());
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("temperature").asDouble()).isZero();
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        String system = body.at("/messages/0/content").asText();
        assertThat(system)
                .contains("// ... existing code ...", "{/* ... existing code ... */}")
                .contains("AnalyticsDashboard: topics analytics; props position ∈ [\"default\", \"hero\"]")
                .contains("Footer: topics navigation; required; pinned bottom; no props")
                .contains("#4f46e5, #0f172a, #ffffff, #f8fafc")
                .contains("fonts only: Inter, JetBrains Mono")
                .contains("keep these elements: Navigation, Hero, Footer")
                .contains("https://docs.acme.example")
                .contains("dangerouslySetInnerHTML")
                .contains("personalized heading")
                .contains("every visitor who gets this plan sees the same page")
                .contains("no names, no counts, durations or other numbers from the visitor profile");
        String user = body.at("/messages/1/content").asText();
        assertThat(user)
                .contains("Visitor profile: spends 3+ minutes on analytics")
                .contains("\"name\" : \"analytics_prominent\"", "\"target\" : \"analytics_visibility\"")
                .contains("\"order\" : [ \"Navigation\", \"AnalyticsDashboard\", \"QuickMetrics\", \"Hero\"")
                .contains("\"hidden\" : [ ]")
                .contains("\"position\" : \"hero\"", "\"realTime\" : true")
                .contains("\"layoutClass\" : \"analytics-prominent\"")
                .contains(planSnippet())
                .contains(original);

        String content = morphContent();
        assertThat(content).startsWith("<instruction>I will reorder the sections")
                .contains("add the personalized text exactly as the update shows it")
                .contains("</instruction>\n<code>" + original + "</code>\n<update>");
        assertThat(update(content)).isEqualTo(SNIPPET);

        assertThat(result.code()).isEqualTo(merged);
        assertThat(result.generator()).isEqualTo("chat+morph");
        assertThat(result.model()).isEqualTo("gpt-4o-mini→morph-v3-fast");
        assertThat(result.promptTokens()).isEqualTo(5_000);
        assertThat(result.completionTokens()).isEqualTo(1_400);
        assertThat(result.costUsd()).isCloseTo((3_000 * CHAT_IN + 400 * CHAT_OUT + 2_000 * MORPH_IN + 1_000 * MORPH_OUT) / 1e6,
                offset(1e-12));
        assertThat(result.note()).isEmpty();
    }

    @Test
    void aModelThatRejectsTemperatureIsAskedAgainWithoutItAndNeverSentOneAgain() throws Exception {
        // what OpenAI answers a reasoning model sent a temperature it does not take
        String refusal = "{\"error\":{\"message\":\"Unsupported value: 'temperature' does not support 0 with this model."
                + " Only the default (1) value is supported.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\","
                + "\"code\":\"unsupported_value\"}}";
        chat.enqueue(new MockResponse().setResponseCode(400).setBody(refusal).addHeader("Content-Type", "application/json"));
        chatAnswers(SNIPPET, 3_000, 400);
        morphAnswers(mergedWithHeading("<h2 className=\"personal-intro\">Your analytics, first</h2>"), 2_000, 1_000);

        GeneratedCode result = chatMorph.generate(acme, original, Fixtures.alyssa());

        assertThat(json.readTree(chat.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8()).has("temperature")).isTrue();
        assertThat(json.readTree(chat.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8()).has("temperature")).isFalse();
        assertThat(result.note()).doesNotContain("snippet model failed");
        assertThat(update(morphContent())).isEqualTo(SNIPPET);

        // the next generation leaves it out at once: one request, no refusal first
        chatAnswers(SNIPPET, 3_000, 400);
        morphAnswers(mergedWithHeading("<h2 className=\"personal-intro\">Your analytics, first</h2>"), 2_000, 1_000);
        chatMorph.generate(acme, original, Fixtures.alyssa());
        assertThat(json.readTree(chat.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8()).has("temperature")).isFalse();
        assertThat(chat.getRequestCount()).isEqualTo(3);
    }

    @Test
    void anotherBadRequestIsNotRetriedWithoutTemperature() throws Exception {
        chat.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"messages is too long\"}}"));
        morphAnswers(local.generate(acme, original, Fixtures.alyssa()).code(), 2_000, 1_000);

        GeneratedCode result = chatMorph.generate(acme, original, Fixtures.alyssa());

        assertThat(chat.getRequestCount()).isEqualTo(1);
        assertThat(result.note()).startsWith("snippet model failed").contains("HTTP 400");
    }

    @Test
    void chatModel500ThreeTimesFallsBackToThePlanSnippetAndMorphStillRuns() throws Exception {
        for (int i = 0; i < 3; i++) {
            chat.enqueue(new MockResponse().setResponseCode(500).setBody("model overloaded"));
        }
        String merged = local.generate(acme, original, Fixtures.alyssa()).code();
        morphAnswers(merged, 2_000, 1_000);

        GeneratedCode result = chatMorph.generate(acme, original, Fixtures.alyssa());

        assertThat(chat.getRequestCount()).isEqualTo(3);
        String content = morphContent();
        assertThat(update(content)).isEqualTo(planSnippet());
        assertThat(content).doesNotContain("personalized text");
        assertThat(result.code()).isEqualTo(merged);
        assertThat(result.generator()).isEqualTo("morph");
        assertThat(result.model()).isEqualTo("morph-v3-fast");
        assertThat(result.note()).startsWith("snippet model failed, so Morph applied the plan's snippet: ")
                .contains("after 3 attempts").contains("HTTP 500: model overloaded");
        assertThat(result.costUsd()).isCloseTo((2_000 * MORPH_IN + 1_000 * MORPH_OUT) / 1e6, offset(1e-12));
    }

    @Test
    void chatModelTimeoutFallsBackToThePlanSnippet() throws Exception {
        for (int i = 0; i < 3; i++) {
            chat.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        morphAnswers(local.generate(acme, original, Fixtures.alyssa()).code(), 10, 10);

        GeneratedCode result = chatMorph.generate(acme, original, Fixtures.alyssa());

        assertThat(update(morphContent())).isEqualTo(planSnippet());
        assertThat(result.generator()).isEqualTo("morph");
        assertThat(result.note()).contains("snippet model failed").contains("no response within 500 ms");
    }

    @Test
    void garbageFromTheChatModelFallsBackToThePlanSnippetAndItsTokensStillCount() throws Exception {
        chat.enqueue(new MockResponse().setBody("<html>502 Bad Gateway</html>"));
        morphAnswers(local.generate(acme, original, Fixtures.alyssa()).code(), 10, 10);
        GeneratedCode notJson = chatMorph.generate(acme, original, Fixtures.alyssa());
        assertThat(notJson.note()).contains("not JSON").contains("502 Bad Gateway");
        assertThat(update(morphContent())).isEqualTo(planSnippet());

        chatAnswers("Sure! I would move the analytics up and make the page feel more personal.", 1_000_000, 0);
        morphAnswers(local.generate(acme, original, Fixtures.alyssa()).code(), 1_000_000, 0);
        GeneratedCode prose = chatMorph.generate(acme, original, Fixtures.alyssa());
        assertThat(prose.generator()).isEqualTo("morph");
        assertThat(prose.note()).contains("no usable edit snippet").contains("no \"// ... existing code ...\"")
                .contains("Sure! I would move");
        assertThat(update(morphContent())).isEqualTo(planSnippet());
        assertThat(prose.costUsd()).as("the rejected reply was paid for").isCloseTo(CHAT_IN + MORPH_IN, offset(1e-9));

        chatAnswers("   ", 5, 5);
        morphAnswers(local.generate(acme, original, Fixtures.alyssa()).code(), 10, 10);
        assertThat(chatMorph.generate(acme, original, Fixtures.alyssa()).note()).contains("no choices[0].message.content");
        assertThat(update(morphContent())).isEqualTo(planSnippet());
    }

    @Test
    void aSnippetThatDropsAPlannedSectionOrKeepsAHiddenOneIsRejectedBeforeMorph() {
        assertThat(SnippetModelWriter.problem(SNIPPET.replace("      <Hero />\n", ""), Fixtures.alyssa()))
                .contains("leaves out the planned section(s) Hero");
        assertThat(SnippetModelWriter.problem(SNIPPET, Fixtures.alyssa())).isNull();
        String alexKeepsCaseStudies = """
                // ... existing code ...
                    <div className="homepage simplified-flow">
                      <Navigation />
                      <QuickCTA prominent />
                      <Hero />
                      <EssentialInfo only="key_points" />
                      <CaseStudies expanded={false} />
                      <Footer />
                    </div>
                // ... existing code ...""";
        assertThat(SnippetModelWriter.problem(alexKeepsCaseStudies, Fixtures.alex())).contains("keeps the hidden section(s) CaseStudies");
        assertThat(SnippetModelWriter.problem(alexKeepsCaseStudies.replace("      <CaseStudies expanded={false} />\n", ""),
                Fixtures.alex())).isNull();
    }

    @Test
    void aSnippetThatMakesMorphBreakTheBrandIsRejectedAndTheLocalRewriteIsUsed() throws Exception {
        String offBrand = SNIPPET.replace("<h2 className=\"personal-intro\">",
                "<h2 style={{ color: \"#ff0066\", fontFamily: \"Comic Sans MS\" }}>");
        chatAnswers(offBrand, 3_000, 400);
        morphAnswers(mergedWithHeading("<h2 style={{ color: \"#ff0066\", fontFamily: \"Comic Sans MS\" }}>Your analytics, first</h2>"),
                2_000, 1_000);

        GeneratedCode result = new FallbackGenerator(chatMorph, MorphGenerator.WITH_SNIPPET_MODEL, local, validator)
                .generate(acme, original, Fixtures.alyssa());

        assertThat(update(morphContent())).isEqualTo(offBrand);
        assertThat(result.code()).isEqualTo(local.generate(acme, original, Fixtures.alyssa()).code());
        assertThat(validator.validate(acme, original, result.code(), Fixtures.alyssa())).isEmpty();
        assertThat(result.generator()).isEqualTo("chat+morph→local");
        assertThat(result.note()).startsWith("chat+morph result failed validation: ").contains("off-palette-colour")
                .contains("#ff0066");
        assertThat(result.promptTokens()).isEqualTo(5_000);
        assertThat(result.costUsd()).isCloseTo((3_000 * CHAT_IN + 400 * CHAT_OUT + 2_000 * MORPH_IN + 1_000 * MORPH_OUT) / 1e6,
                offset(1e-12));
    }

    @Test
    void whenMorphFailsAfterTheChatModelAnsweredTheLocalRewriteKeepsTheChatCost() throws Exception {
        chatAnswers(SNIPPET, 1_000_000, 1_000_000);
        morphServer.enqueue(new MockResponse().setResponseCode(401).setBody("invalid key"));

        GeneratedCode result = new FallbackGenerator(chatMorph, MorphGenerator.WITH_SNIPPET_MODEL, local, validator)
                .generate(acme, original, Fixtures.alyssa());

        assertThat(result.generator()).isEqualTo("chat+morph→local");
        assertThat(result.note()).startsWith("chat+morph call failed: Morph rejected the request with HTTP 401");
        assertThat(result.promptTokens()).isEqualTo(1_000_000);
        assertThat(result.costUsd()).isCloseTo(CHAT_IN + CHAT_OUT, offset(1e-9));
    }

    @Test
    void whenBothFailTheNoteSaysWhyForEach() throws Exception {
        chat.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"unknown model\"}}"));
        morphServer.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":\"bad request\"}"));

        GeneratedCode result = new FallbackGenerator(chatMorph, MorphGenerator.WITH_SNIPPET_MODEL, local, validator)
                .generate(acme, original, Fixtures.alyssa());

        assertThat(result.code()).isEqualTo(local.generate(acme, original, Fixtures.alyssa()).code());
        assertThat(result.note()).contains("Morph rejected the request with HTTP 400")
                .contains("the snippet model rejected the request with HTTP 400").contains("unknown model");
        assertThat(chat.getRequestCount()).as("a 400 is not retried").isEqualTo(1);
    }

    @Test
    void offByDefaultAndConfiguredFromTheEnvironment() {
        assertThat(ChatModelConfig.snippetModelFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "sk-m")))).isEmpty();
        ChatModelConfig defaults = ChatModelConfig.snippetModelFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "sk-m", "TAILOR_SNIPPET_MODEL_API_KEY", "sk-chat-1"))).orElseThrow();
        assertThat(defaults.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
        assertThat(defaults.model()).isEqualTo("gpt-4o-mini");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.costUsd(1_000_000, 1_000_000)).isCloseTo(0.15 + 0.60, offset(1e-12));
        assertThat(defaults.toString()).doesNotContain("sk-chat-1");

        ChatModelConfig custom = ChatModelConfig.snippetModelFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "sk-m",
                "TAILOR_SNIPPET_MODEL_API_KEY", "sk-chat-1", "TAILOR_SNIPPET_MODEL_BASE_URL", "http://localhost:11434",
                "TAILOR_SNIPPET_MODEL", "qwen2.5-coder", "TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS", "90",
                "TAILOR_SNIPPET_MODEL_PRICE_IN", "0", "TAILOR_SNIPPET_MODEL_PRICE_OUT", "0"))).orElseThrow();
        assertThat(custom.baseUrl()).isEqualTo(URI.create("http://localhost:11434"));
        assertThat(custom.model()).isEqualTo("qwen2.5-coder");
        assertThat(custom.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(custom.costUsd(1_000, 1_000)).isZero();
    }

    @Test
    void aSnippetModelWithoutMorphFailsNamingBothVariables() {
        Map<String, String> env = Map.of("TAILOR_SNIPPET_MODEL_API_KEY", "sk-chat-1");
        assertThatThrownBy(() -> ChatModelConfig.snippetModelFromEnvironment(new Environment(env)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_API_KEY").hasMessageContaining("MORPH_API_KEY");
        assertThatThrownBy(() -> TailorConfig.from(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_API_KEY is set but MORPH_API_KEY is not");
        assertThat(TailorConfig.from(Map.of("TAILOR_SNIPPET_MODEL_API_KEY", "sk-chat-1", "MORPH_API_KEY", "sk-m"))
                .morphApiKey()).contains("sk-m");
    }

    @Test
    void badSettingsNameTheirVariable() {
        Map<String, String> keys = Map.of("MORPH_API_KEY", "sk-m", "TAILOR_SNIPPET_MODEL_API_KEY", "sk-chat-1");
        assertThatThrownBy(() -> ChatModelConfig.snippetModelFromEnvironment(new Environment(with(keys, "TAILOR_SNIPPET_MODEL_PRICE_IN", "cheap"))))
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_PRICE_IN=cheap is not valid");
        assertThatThrownBy(() -> ChatModelConfig.snippetModelFromEnvironment(new Environment(with(keys, "TAILOR_SNIPPET_MODEL_PRICE_OUT", "-1"))))
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_PRICE_OUT=-1 is not valid");
        assertThatThrownBy(() -> ChatModelConfig.snippetModelFromEnvironment(new Environment(with(keys, "TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS", "0"))))
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_TIMEOUT_SECONDS=0 is not valid");
        assertThatThrownBy(() -> ChatModelConfig.snippetModelFromEnvironment(new Environment(with(keys, "TAILOR_SNIPPET_MODEL_BASE_URL", "api.openai.com"))))
                .hasMessageContaining("TAILOR_SNIPPET_MODEL_BASE_URL=api.openai.com is not valid");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>(env);
        out.put(name, value);
        return out;
    }
}
