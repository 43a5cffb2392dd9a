package dev.tailor.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.config.Environment;
import dev.tailor.config.SiteContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimate of what Morph would have charged for the local rewrite's generations: its arithmetic and its inputs. */
class MorphPriceEstimateTest {
    private final LocalAstGenerator local = new LocalAstGenerator(Fixtures.SWC4J);
    private final SiteContract acme = Fixtures.site("acme");
    private final String original = Fixtures.page(acme);
    private final MorphPriceEstimate.Prices fast = new MorphPriceEstimate.Prices(0.80, 1.20);

    @Test
    void pricesArePerMillionTokensInAndOut() {
        assertThat(fast.usd(1_000_000, 0)).isCloseTo(0.80, within(1e-12));
        assertThat(fast.usd(0, 1_000_000)).isCloseTo(1.20, within(1e-12));
        // 3,000 tokens in and 1,500 out: 0.0024 + 0.0018
        assertThat(fast.usd(3_000, 1_500)).isCloseTo(0.0042, within(1e-12));
    }

    @Test
    void aGenerationIsPricedAsTheFastApplyRequestMorphWouldHaveBeenSentAndTheMergedFile() throws Exception {
        MorphPriceEstimate estimate = new MorphPriceEstimate(local, fast);

        GeneratedCode code = estimate.generate(acme, original, Fixtures.alyssa());

        // the code is the local rewrite's, and what was spent stays what was spent: nothing
        assertThat(code.code()).isEqualTo(local.generate(acme, original, Fixtures.alyssa()).code());
        assertThat(code.costUsd()).isZero();
        MorphEditRequest edit = MorphEditRequest.of(acme, Fixtures.alyssa(), original,
                local.plannedRootElement(acme, original, Fixtures.alyssa()));
        long in = (edit.content().length() + 2) / 3 + MorphPriceEstimate.MESSAGE_OVERHEAD_TOKENS;
        long out = (code.code().length() + 2) / 3;
        assertThat(in).isGreaterThan(original.length() / 3); // the whole component is in the request
        MorphPriceEstimate.Totals one = estimate.totals();
        assertThat(one).isEqualTo(new MorphPriceEstimate.Totals(1, in, out, (in * 0.80 + out * 1.20) / 1e6));

        estimate.generate(acme, original, Fixtures.alex());
        MorphPriceEstimate.Totals two = estimate.totals();
        assertThat(two.generations()).isEqualTo(2);
        assertThat(two.usd()).isCloseTo(fast.usd(two.inputTokens(), two.outputTokens()), within(1e-15));
        assertThat(two.inputTokens()).isGreaterThan(one.inputTokens());
    }

    @Test
    void pricesAreMorphsSettingsWithTheModelsListPriceByDefault() {
        assertThat(MorphPriceEstimate.Prices.fromEnvironment(new Environment(Map.of())))
                .isEqualTo(new MorphPriceEstimate.Prices(0.80, 1.20));
        assertThat(MorphPriceEstimate.Prices.fromEnvironment(new Environment(Map.of("TAILOR_MORPH_MODEL", "morph-v3-large"))))
                .isEqualTo(new MorphPriceEstimate.Prices(0.90, 1.90));
        assertThat(MorphPriceEstimate.Prices.fromEnvironment(new Environment(Map.of("TAILOR_MORPH_PRICE_IN", "2",
                "TAILOR_MORPH_PRICE_OUT", "3.5")))).isEqualTo(new MorphPriceEstimate.Prices(2, 3.5));
        assertThatThrownBy(() -> MorphPriceEstimate.Prices.fromEnvironment(new Environment(Map.of("TAILOR_MORPH_PRICE_OUT", "-1"))))
                .hasMessageContaining("TAILOR_MORPH_PRICE_OUT");
    }
}
