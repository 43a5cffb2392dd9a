package dev.tailor.generate;

/**
 * One thing the validator found wrong with a variant.
 *
 * @param rule    a stable rule id, e.g. {@code required-section}, {@code unsafe-html}
 * @param line    1-based line in the variant source, or 0 when not tied to a line
 * @param column  1-based column, or 0
 * @param message what is wrong, for a person
 */
public record ValidationFinding(String rule, int line, int column, String message) {
}
