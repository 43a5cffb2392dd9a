package dev.tailor.generate;

import java.util.Map;

/**
 * What Tailor knows of Morph's models: the list price of each (USD per million tokens, in and out)
 * and the context window its input and merged output must share. {@code auto} lets Morph pick
 * either, so it is priced and bounded as the dearer, smaller case. Prices can be overridden
 * ({@code TAILOR_MORPH_PRICE_IN}, {@code TAILOR_MORPH_PRICE_OUT}) when Morph changes them.
 */
final class MorphModels {

    /** @param contextTokens what the model accepts, prompt and completion together */
    record Model(double inputUsdPerMillion, double outputUsdPerMillion, long contextTokens) {
        /**
         * The largest prompt Tailor sends: Fast Apply answers with the whole merged file, about as
         * long as the file in the prompt, so the prompt may take at most half the window.
         */
        long maxPromptTokens() {
            return contextTokens / 2;
        }
    }

    static final Model FAST = new Model(0.80, 1.20, 81_920);
    static final Model LARGE = new Model(0.90, 1.90, 262_144);
    private static final Map<String, Model> KNOWN = Map.of("morph-v3-fast", FAST, "morph-v3-large", LARGE,
            "auto", new Model(LARGE.inputUsdPerMillion(), LARGE.outputUsdPerMillion(), FAST.contextTokens()));

    private MorphModels() {
    }

    /** The model's facts; a model Tailor does not know is treated as the smallest and dearest. */
    static Model of(String model) {
        Model known = KNOWN.get(model);
        return known != null ? known : KNOWN.get("auto");
    }

    /**
     * A conservative estimate of the tokens in a prompt: source code runs at about 3.5–4 characters
     * a token, so one token per 3 characters errs towards refusing rather than being cut off.
     */
    static long estimatedTokens(String text) {
        return (text.length() + 2) / 3;
    }
}
