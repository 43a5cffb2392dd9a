package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.URL_EXPRESSION;
import static dev.tailor.generate.validate.StaticExpressions.abbreviate;
import static dev.tailor.generate.validate.StaticExpressions.propertyKey;
import static dev.tailor.generate.validate.StaticExpressions.squeeze;
import static dev.tailor.generate.validate.StaticExpressions.unwrap;
import static dev.tailor.generate.validate.ValidationFinding.at;

import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxEmptyExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxExprContainer;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTpl;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * URLs the variant assembles at run time (rule {@code url-expression}); literal URLs are checked by
 * {@link ContentRule}.
 */
public final class UrlExpressionRule implements ValidationRule {
    /** Attributes whose value the browser loads or navigates to. */
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formAction", "srcSet", "poster",
            "data", "xlinkHref", "xlink:href");
    /** Object keys checked like URL attributes, since an object can be spread onto an element ({@code data} is too common a key). */
    private static final Set<String> URL_KEYS = Set.of("href", "src", "action", "formAction", "srcSet", "poster",
            "xlinkHref");

    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkUrlExpressions(ctx.original(), ctx.variant(), findings);
        return findings;
    }

    /**
     * A URL attribute (or a URL key of an object, which may be spread onto an element) is a string
     * literal, checked against brand.allowedOrigins, or an expression the original already uses for
     * a URL; anything else could assemble a javascript: URL or a foreign origin at run time.
     */
    private static void checkUrlExpressions(ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> known = new HashSet<>();
        urlExpressions(original, (name, expr) -> known.add(squeeze(original.text(expr))));
        urlExpressions(variant, (name, expr) -> {
            if (!known.contains(squeeze(variant.text(expr)))) {
                findings.add(at(URL_EXPRESSION, expr, name + "={" + abbreviate(variant.text(expr))
                        + "} is neither a string literal nor an expression of the original; write the URL as a literal"));
            }
        });
    }

    private static void urlExpressions(ParsedPage page, java.util.function.BiConsumer<String, ISwc4jAst> sink) {
        for (Swc4jAstJsxAttr attr : page.module().find(Swc4jAstJsxAttr.class)) {
            String name = PageLayout.attributeName(attr);
            if (!URL_ATTRIBUTES.contains(name) || attr.getValue().isEmpty()) {
                continue;
            }
            ISwc4jAst value = attr.getValue().get();
            if (value instanceof Swc4jAstJsxExprContainer container) {
                value = container.getExpr();
            }
            if (!isLiteralString(value) && !(value instanceof Swc4jAstJsxEmptyExpr)) {
                sink.accept(name, value);
            }
        }
        for (Swc4jAstKeyValueProp prop : page.module().find(Swc4jAstKeyValueProp.class)) {
            String key = propertyKey(prop);
            if (key != null && URL_KEYS.contains(key) && !isLiteralString(prop.getValue())) {
                sink.accept(key, prop.getValue());
            }
        }
    }

    /** A string literal or a template literal without substitutions: its text is scanned as is. */
    private static boolean isLiteralString(ISwc4jAst node) {
        node = unwrap(node);
        return node instanceof Swc4jAstStr || (node instanceof Swc4jAstTpl tpl && tpl.getExprs().isEmpty());
    }
}
