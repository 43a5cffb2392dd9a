package dev.tailor.visitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A persona is an enum in Java and the same string as before on the wire. */
class PersonaTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPersonaHasItsWireName() {
        assertThat(Arrays.stream(Persona.values()).map(Persona::wire))
                .containsExactly("data_focused", "content_explorer", "quick_decider", "none");
        assertThat(Persona.assignable()).containsExactly(Persona.DATA_FOCUSED, Persona.CONTENT_EXPLORER, Persona.QUICK_DECIDER);
        assertThat(Persona.QUICK_DECIDER).hasToString("quick_decider");
    }

    @Test
    void jsonWritesAndReadsTheWireName() throws Exception {
        assertThat(json.writeValueAsString(Map.of("persona", Persona.DATA_FOCUSED))).isEqualTo("{\"persona\":\"data_focused\"}");
        for (Persona p : Persona.values()) {
            assertThat(json.readValue(json.writeValueAsString(p), Persona.class)).isEqualTo(p);
        }
    }

    @Test
    void anUnknownNameFailsNamingItAndTheKnownOnes() {
        assertThat(Persona.byWire("DATA_FOCUSED")).isEmpty();
        assertThatThrownBy(() -> Persona.fromWire("data_focussed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown persona 'data_focussed': expected one of data_focused, content_explorer, quick_decider, none");
    }
}
