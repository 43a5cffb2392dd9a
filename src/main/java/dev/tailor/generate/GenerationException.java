package dev.tailor.generate;

/** A generator could not produce code for a plan; the message says why. */
public class GenerationException extends Exception {
    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
