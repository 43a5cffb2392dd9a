package dev.tailor.generate;

import dev.tailor.config.Environment;
import dev.tailor.config.SiteContract;
import dev.tailor.plan.Plan;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Morph would have charged for the generations the local rewrite made: an ESTIMATE, never a
 * measurement (nothing was sent to Morph). Each generation is priced as the one Fast Apply call
 * {@link MorphGenerator} would have made for it: as input the request {@link MorphEditRequest} builds
 * from the same plan (instruction, the original page component, the edit snippet), as output the
 * merged file (Morph answers with the whole file; the local rewrite's code stands for it).
 *
 * <p>Tokens are approximated, not counted by Morph's tokenizer: one per 3 characters
 * ({@link MorphModels#estimatedTokens}; source code runs at 3.5–4 characters a token, so this errs
 * high), plus {@value #MESSAGE_OVERHEAD_TOKENS} for the chat format around the one message. Prices are
 * {@code TAILOR_MORPH_PRICE_IN} and {@code _OUT}, by default the list price of
 * {@code TAILOR_MORPH_MODEL} (morph-v3-fast: $0.80 in, $1.20 out per million tokens).
 */
public final class MorphPriceEstimate implements Generator {

    /** The role, the message's delimiters and the reply's start, per call (OpenAI-style chat formats use 3–8). */
    static final int MESSAGE_OVERHEAD_TOKENS = 8;

    /** USD per million tokens, in and out. */
    public record Prices(double inputUsdPerMillion, double outputUsdPerMillion) {
        public Prices {
            if (!(inputUsdPerMillion >= 0) || !(outputUsdPerMillion >= 0)) {
                throw new IllegalArgumentException("Morph's prices must be at least 0 USD per million tokens, not "
                        + inputUsdPerMillion + "/" + outputUsdPerMillion);
            }
        }

        /**
         * {@code TAILOR_MORPH_PRICE_IN} and {@code _OUT}, by default the list price of {@code TAILOR_MORPH_MODEL}:
         * what {@link ChatModelConfig#morphFromEnvironment} charges at, read without a key.
         */
        public static Prices fromEnvironment(Environment env) {
            MorphModels.Model list = MorphModels.of(env.string(ChatModelConfig.MORPH_MODEL, ChatModelConfig.MORPH_DEFAULT_MODEL));
            String usd = "USD per million tokens, e.g. " + list.inputUsdPerMillion();
            return new Prices(env.nonNegative(ChatModelConfig.MORPH_PRICE_IN, list.inputUsdPerMillion(), usd),
                    env.nonNegative(ChatModelConfig.MORPH_PRICE_OUT, list.outputUsdPerMillion(), usd));
        }

        public double usd(long inputTokens, long outputTokens) {
            return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) / 1_000_000.0;
        }
    }

    /** The estimate so far: generations priced, their approximate tokens, and what they would have cost. */
    public record Totals(long generations, long inputTokens, long outputTokens, double usd) {
        public static final Totals NONE = new Totals(0, 0, 0, 0.0);

        Totals plus(long in, long out, Prices prices) {
            return new Totals(generations + 1, inputTokens + in, outputTokens + out, usd + prices.usd(in, out));
        }
    }

    private final LocalAstGenerator local;
    private final Prices prices;
    private final AtomicReference<Totals> totals = new AtomicReference<>(Totals.NONE);

    /** Generates with {@code local} and prices each generation it makes at {@code prices}. */
    public MorphPriceEstimate(LocalAstGenerator local, Prices prices) {
        this.local = local;
        this.prices = prices;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        GeneratedCode code = local.generate(site, originalSource, plan);
        MorphEditRequest edit = MorphEditRequest.of(site, plan, originalSource, local.plannedRootElement(site, originalSource, plan));
        long in = inputTokens(edit);
        long out = outputTokens(code.code());
        totals.updateAndGet(t -> t.plus(in, out, prices));
        return code;
    }

    /** The approximate tokens of the request Morph would have been sent. */
    static long inputTokens(MorphEditRequest edit) {
        return MorphModels.estimatedTokens(edit.content()) + MESSAGE_OVERHEAD_TOKENS;
    }

    /** The approximate tokens of Morph's answer: the whole merged file. */
    static long outputTokens(String mergedCode) {
        return MorphModels.estimatedTokens(mergedCode);
    }

    public Prices prices() {
        return prices;
    }

    /** Since this server started (not kept across restarts). */
    public Totals totals() {
        return totals.get();
    }
}
