package dev.tailor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TAILOR_ORIGINAL_POLL: how often the original site is asked for a new commit. */
class OriginalPollSettingTest {

    private static Duration poll(Map<String, String> variables) {
        return TailorApp.originalPoll(new Environment(variables));
    }

    @Test
    void defaultsToTenSecondsAndZeroTurnsItOff() {
        assertThat(poll(Map.of())).isEqualTo(Duration.ofSeconds(10));
        assertThat(poll(Map.of("TAILOR_ORIGINAL_POLL", "0"))).isZero();
        assertThat(poll(Map.of("TAILOR_ORIGINAL_POLL", "0s"))).isZero();
        assertThat(poll(Map.of("TAILOR_ORIGINAL_POLL", "2m"))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aValueThatIsNoDurationNamesTheVariableAndTheForm() {
        assertThatThrownBy(() -> poll(Map.of("TAILOR_ORIGINAL_POLL", "often")))
                .hasMessageContaining("TAILOR_ORIGINAL_POLL").hasMessageContaining("10m");
        assertThatThrownBy(() -> poll(Map.of("TAILOR_ORIGINAL_POLL", "-5s")))
                .hasMessageContaining("TAILOR_ORIGINAL_POLL=-5s").hasMessageContaining("0 to follow");
    }
}
