package dev.tailor.generate.validate;

import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import dev.tailor.page.ParsedPage;

/**
 * One thing the validator found wrong with a variant.
 *
 * @param rule    a stable rule id, e.g. {@code required-section}, {@code unsafe-html} (a {@link RuleId#id()})
 * @param line    1-based line in the variant source, or 0 when not tied to a line
 * @param column  1-based column, or 0
 * @param message what is wrong, for a person
 */
public record ValidationFinding(String rule, int line, int column, String message) {

    public ValidationFinding(RuleId rule, int line, int column, String message) {
        this(rule.id(), line, column, message);
    }

    /** A finding located at {@code node} of the page it was found in. */
    static ValidationFinding at(RuleId rule, ISwc4jAst node, String message) {
        return new ValidationFinding(rule, ParsedPage.line(node), ParsedPage.column(node), message);
    }
}
