package dev.tailor.generate;

/**
 * A generator could not produce code for a plan; the message says why. When remote calls were
 * paid for before the failure (e.g. the snippet model answered, then Morph failed), the exception
 * carries those tokens and their cost, so that a fallback can still account for the money.
 */
public class GenerationException extends Exception {
    private final long promptTokens;
    private final long completionTokens;
    private final double costUsd;

    public GenerationException(String message) {
        this(message, null, 0, 0, 0.0);
    }

    public GenerationException(String message, Throwable cause) {
        this(message, cause, 0, 0, 0.0);
    }

    /** A failure after tokens were already spent. */
    public GenerationException(String message, Throwable cause, long promptTokens, long completionTokens, double costUsd) {
        super(message, cause);
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.costUsd = costUsd;
    }

    /** Tokens sent before the failure (0 when nothing was paid for). */
    public long promptTokens() {
        return promptTokens;
    }

    /** Tokens received before the failure. */
    public long completionTokens() {
        return completionTokens;
    }

    /** What the calls made before the failure cost. */
    public double costUsd() {
        return costUsd;
    }
}
