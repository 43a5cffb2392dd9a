package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void twoDecimalsAreWordedAsTheFormatterWordsThem() {
        double[] edges = {0, -0.0, 1, 0.005, 0.015, 0.125, 0.285, 1.115, 0.995, 9.995, 0.6, 0.55, 1e-4, 1e-5, 0.1 + 0.2,
                -0.555, Double.NaN, Double.POSITIVE_INFINITY, 123_456.789};
        for (double d : edges) {
            assertThat(Decimals.two(d)).as(String.valueOf(d)).isEqualTo(String.format(Locale.ROOT, "%.2f", d));
        }
        Random random = new Random(11);
        for (int i = 0; i <= 100_000; i++) {
            double[] some = {i / 100_000.0, random.nextDouble(), Math.round(random.nextDouble() * 1000) / 1000.0,
                    random.nextDouble() * 1000};
            for (double d : some) {
                assertThat(Decimals.two(d)).as(String.valueOf(d)).isEqualTo(String.format(Locale.ROOT, "%.2f", d));
            }
        }
    }
}
