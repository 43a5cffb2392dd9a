package dev.tailor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.visitor.Persona;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of a profile, as the profiles table holds it, is the same since persona became an enum. */
class ProfileJsonTest {
    private final ObjectMapper json = TailorApp.json();

    /** Written by the version whose persona was a String. */
    private static final String STORED = "{\"userId\":\"alyssa\",\"preferences\":{\"analytics\":0.89},\"engagedSeconds\":212.0,"
            + "\"topicSeconds\":{\"analytics\":189.0},\"events\":4,\"sessions\":3,\"pageViews\":3,\"goals\":0,"
            + "\"avgSessionSeconds\":70.667,\"bounceRate\":0.0,\"device\":\"desktop\",\"persona\":\"data_focused\","
            + "\"confidence\":0.89,\"explanation\":\"212 s\",\"lastEventAt\":1700000000000}";

    @Test
    void aStoredProfileReadsAndWritesBackByteForByte() throws Exception {
        Profile p = json.readValue(STORED, Profile.class);
        assertThat(p.persona()).isEqualTo(Persona.DATA_FOCUSED);
        assertThat(json.writeValueAsString(p)).isEqualTo(STORED);
        Profile none = new Profile("u", Map.of(), 0, Map.of(), 0, 0, 0, 0, 0, 0, "unknown", Persona.NONE, 0, "", 0);
        assertThat(json.writeValueAsString(none)).contains("\"persona\":\"none\"");
    }
}
