package dev.tailor.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireNamesTest {

    private enum Colour {
        LIGHT_BLUE("light_blue"), DARK_RED("dark_red");

        final String wire;

        Colour(String wire) {
            this.wire = wire;
        }
    }

    private final WireNames<Colour> names = WireNames.of("colour", Colour.values(), c -> c.wire);

    @Test
    void aNameFindsItsConstantExactly() {
        assertThat(names.parse("dark_red")).isEqualTo(Colour.DARK_RED);
        assertThat(names.find("light_blue")).contains(Colour.LIGHT_BLUE);
        assertThat(names.find("LIGHT_BLUE")).isEmpty();
        assertThat(names.find(null)).isEmpty();
    }

    @Test
    void anUnknownNameFailsNamingTheFieldTheValueAndTheAcceptedNamesInOrder() {
        assertThatThrownBy(() -> names.parse("DARK_RED"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown colour 'DARK_RED': expected one of light_blue, dark_red");
        assertThatThrownBy(() -> names.parse(null)).hasMessage("unknown colour 'null': expected one of light_blue, dark_red");
    }

    @Test
    void twoConstantsWithOneNameAreRefused() {
        assertThatThrownBy(() -> WireNames.of("colour", Colour.values(), c -> "red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("colour: LIGHT_BLUE and DARK_RED share the wire name 'red'");
    }
}
