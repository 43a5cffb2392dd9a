package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of Tailor's variables: defaults, blanks, and errors that name variable, value and expectation. */
class EnvironmentTest {

    private static Environment env(String name, String value) {
        return new Environment(Map.of(name, value));
    }

    @Test
    void unsetAndBlankVariablesGiveTheDefaultAndValuesAreStripped() {
        Environment none = new Environment(Map.of());
        assertThat(none.string("X", "d")).isEqualTo("d");
        assertThat(env("X", "   ").string("X", "d")).isEqualTo("d");
        assertThat(env("X", " v ").optional("X")).contains("v");
        assertThat(env("KEY", " sk-1 ").secret("KEY")).contains("sk-1");
        assertThat(none.integer("N", 7, 0, 10)).isEqualTo(7);
        assertThat(none.duration("D", Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
        assertThat(none.url("U", URI.create("https://a.example"))).isEmpty();
    }

    @Test
    void typedValuesAreRead() {
        assertThat(env("N", "42").integer("N", 0, 0, 100)).isEqualTo(42);
        assertThat(env("F", "0.25").decimal("F", 0, 0, 1)).isEqualTo(0.25);
        assertThat(env("D", "90s").duration("D", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(env("D", "PT10M").duration("D", Duration.ZERO)).isEqualTo(Duration.ofMinutes(10));
        assertThat(env("D", "7d").positiveDuration("D", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(env("S", "90").seconds("S", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(env("P", "10,50,100").percentages("P", List.of())).containsExactly(10, 50, 100);
        assertThat(env("U", "http://localhost:11434").url("U", URI.create("https://a.example")))
                .contains(URI.create("http://localhost:11434"));
        assertThat(env("USD", "0").nonNegative("USD", 1, "USD")).isZero();
        assertThat(env("T", "/tmp/x/../y").path("T", Path.of("z"))).isEqualTo(Path.of("/tmp/y"));
    }

    @Test
    void everyBadValueNamesTheVariableTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> env("TAILOR_PORT", "seventy").integer("TAILOR_PORT", 7070, 0, 65535))
                .hasMessage("TAILOR_PORT=seventy is not valid: expected a whole number from 0 to 65535");
        assertThatThrownBy(() -> env("F", "2").decimal("F", 0, 0, 1))
                .hasMessage("F=2 is not valid: expected a number from 0.0 to 1.0");
        assertThatThrownBy(() -> env("D", "10 minutes").duration("D", Duration.ZERO))
                .hasMessage("D=10 minutes is not valid: expected a duration such as 90s, 10m, 2h or 7d");
        assertThatThrownBy(() -> env("D", "0s").positiveDuration("D", Duration.ofDays(1)))
                .hasMessage("D=PT0S is not valid: expected a positive duration such as 90d");
        assertThatThrownBy(() -> env("S", "0").seconds("S", Duration.ZERO))
                .hasMessage("S=0 is not valid: expected a whole number of seconds, at least 1");
        assertThatThrownBy(() -> env("P", "5,25").percentages("P", List.of()))
                .hasMessage("P=5,25 is not valid: expected rising percentages from 1 to 100 ending at 100, such as 5,25,100");
        assertThatThrownBy(() -> env("U", "api.example.com").url("U", URI.create("https://api.example.com")))
                .hasMessage("U=api.example.com is not valid: expected an http(s) URL such as https://api.example.com");
        assertThatThrownBy(() -> env("U", "http://a b").url("U", URI.create("https://api.example.com")))
                .hasMessage("U=http://a b is not valid: expected a URL such as https://api.example.com");
        assertThatThrownBy(() -> env("USD", "-1").nonNegative("USD", 0, "USD per million tokens, e.g. 0.15"))
                .hasMessage("USD=-1 is not valid: expected USD per million tokens, e.g. 0.15");
        assertThatThrownBy(() -> env("V", "x").value("V", v -> {
            throw new IllegalArgumentException("it must be y");
        })).hasMessage("V=x is not valid: it must be y");
    }

    @Test
    void aDotEnvFileHasCommentsExportsAndQuotes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, """
                # a comment
                export TAILOR_PORT=8080
                MORPH_API_KEY="sk-with # hash"
                TAILOR_HOST=127.0.0.1 # this machine only
                LOG_LEVEL='debug'
                not a variable
                """);
        assertThat(Environment.readDotEnv(file)).isEqualTo(Map.of("TAILOR_PORT", "8080", "MORPH_API_KEY", "sk-with # hash",
                "TAILOR_HOST", "127.0.0.1", "LOG_LEVEL", "debug"));
        assertThat(Environment.readDotEnv(dir.resolve("missing"))).isEmpty();
    }
}
