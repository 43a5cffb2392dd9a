package dev.tailor.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.tailor.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One config type for Morph and the snippet model, each read from its own variables with its own defaults. */
class ChatModelConfigTest {

    @Test
    void morphAndTheSnippetModelHaveTheirOwnDefaultsAndPrices() {
        ChatModelConfig morph = ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "sk-m"))).orElseThrow();
        assertThat(morph.model()).isEqualTo("morph-v3-fast");
        assertThat(morph.maxAttempts()).isEqualTo(3);
        assertThat(morph.costUsd(1_000_000, 1_000_000)).isCloseTo(0.80 + 1.20, offset(1e-12));
        ChatModelConfig chat = ChatModelConfig.snippetModelFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "sk-m", "TAILOR_SNIPPET_MODEL_API_KEY", "sk-c"))).orElseThrow();
        assertThat(chat.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
        assertThat(chat.costUsd(2_000_000, 0)).isCloseTo(0.30, offset(1e-12));
    }

    @Test
    void blankKeysAreUnsetAndKeysAreStripped() {
        assertThat(ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", "  ")))).isEmpty();
        assertThat(ChatModelConfig.morphFromEnvironment(new Environment(Map.of("MORPH_API_KEY", " sk-m\n"))).orElseThrow().apiKey())
                .isEqualTo("sk-m");
    }

    @Test
    void badMorphSettingsNameTheirVariable() {
        assertThatThrownBy(() -> ChatModelConfig.morphFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "sk-m", "TAILOR_MORPH_TIMEOUT_SECONDS", "soon"))))
                .hasMessage("TAILOR_MORPH_TIMEOUT_SECONDS must be a whole number of seconds, not 'soon'");
        assertThatThrownBy(() -> ChatModelConfig.morphFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "sk-m", "TAILOR_MORPH_TIMEOUT_SECONDS", "0"))))
                .hasMessageStartingWith("TAILOR_MORPH_TIMEOUT_SECONDS must be a whole number of seconds, at least 1");
        assertThatThrownBy(() -> ChatModelConfig.morphFromEnvironment(new Environment(
                Map.of("MORPH_API_KEY", "sk-m", "TAILOR_MORPH_BASE_URL", "http://a b"))))
                .hasMessageStartingWith("TAILOR_MORPH_BASE_URL=http://a b is not valid");
    }

    @Test
    void neitherToStringNorAnErrorPrintsTheKey() {
        ChatModelConfig config = new ChatModelConfig("sk-secret-1", URI.create("https://x.example"), "m",
                Duration.ofSeconds(1), 1, Duration.ZERO, 0, 0);
        assertThat(config.toString()).doesNotContain("sk-secret-1").contains("model=m");
        assertThatThrownBy(() -> new ChatModelConfig("sk-secret-1", URI.create("https://x.example"), "m",
                Duration.ZERO, 1, Duration.ZERO, 0, 0)).message().doesNotContain("sk-secret-1");
    }

    @Test
    void theRecordRejectsWhatNoCallCouldUse() {
        URI url = URI.create("https://x.example");
        assertThatThrownBy(() -> new ChatModelConfig(" ", url, "m", Duration.ofSeconds(1), 1, Duration.ZERO, 0, 0))
                .hasMessageContaining("API key is empty");
        assertThatThrownBy(() -> new ChatModelConfig("k", url, "", Duration.ofSeconds(1), 1, Duration.ZERO, 0, 0))
                .hasMessageContaining("name is empty");
        assertThatThrownBy(() -> new ChatModelConfig("k", url, "m", Duration.ofSeconds(1), 0, Duration.ZERO, 0, 0))
                .hasMessageContaining("max attempts must be at least 1, not 0");
        assertThatThrownBy(() -> new ChatModelConfig("k", url, "m", Duration.ofSeconds(1), 1, Duration.ZERO, -1, 0))
                .hasMessageContaining("prices must be at least 0");
    }
}
