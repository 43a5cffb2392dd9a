package dev.tailor.optimize;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in reasons, worded as {@code String.format(Locale.ROOT, "%.2f", d)} words them, at a fifth of its cost: the
 * Formatter rounds the digits {@link Double#toString} gives half up, and so does this. A reason is worded for every
 * decision the log writes, and a visitor whose confidence hovers at the threshold writes one per change of kind.
 */
final class Decimals {

    private Decimals() {
    }

    /** {@code d} with two decimals, e.g. {@code 0.555 → "0.56"}. */
    static String two(double d) {
        if (!Double.isFinite(d) || d < 0 || (d == 0 && 1 / d < 0)) { // only what reasons never hold is left to the Formatter
            return String.format(java.util.Locale.ROOT, "%.2f", d);
        }
        return new BigDecimal(Double.toString(d)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
