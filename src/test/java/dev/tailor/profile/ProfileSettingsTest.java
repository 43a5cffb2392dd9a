package dev.tailor.profile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.TailorConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The profile's durations must be positive: a zero half-life would make every preference NaN. */
class ProfileSettingsTest {

    @ParameterizedTest
    @CsvSource({"TAILOR_AFFINITY_HALF_LIFE, 0d", "TAILOR_AFFINITY_HALF_LIFE, -7d", "TAILOR_AFFINITY_HALF_LIFE, PT0S",
            "TAILOR_SESSION_IDLE, 0m", "TAILOR_SESSION_IDLE, -30m"})
    void aZeroOrNegativeDurationIsRefusedNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> TailorConfig.from(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable + "=")
                .hasMessageContaining("positive");
    }
}
