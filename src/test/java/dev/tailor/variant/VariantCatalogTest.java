package dev.tailor.variant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariantCatalogTest {

    @Test
    void twoPlansOfTheSameNameNeverShareAnAudienceEvenBeforeEitherIsLive() {
        VariantCatalog catalog = new VariantCatalog(new InMemoryVariantStore(), "base1");
        String first = catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1");
        String second = catalog.reserveAudience("simplified_flow", "bbbbbbbb22222222", "base1");
        assertThat(first).isEqualTo("simplified-flow");
        assertThat(second).isEqualTo("simplified-flow-bbbbbb");
        assertThat(catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1")).as("same plan, same name")
                .isEqualTo(first);
    }
}
