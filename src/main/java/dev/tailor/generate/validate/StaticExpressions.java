package dev.tailor.generate.validate;

import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstComputedPropName;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstBinaryOp;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstBinExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCondExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxExprContainer;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstOptChainExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstParenExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstSeqExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTpl;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstBool;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstNumber;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstTplElement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the rules can tell about an expression of a page without running it: its constant string value,
 * the names a callee may resolve to, a literal attribute value; and its source text squeezed for
 * comparison or abbreviated for a message.
 */
final class StaticExpressions {
    private StaticExpressions() {
    }

    static Optional<Object> literalValue(Swc4jAstJsxAttr attr) {
        if (attr.getValue().isEmpty()) {
            return Optional.of(Boolean.TRUE); // <X flag /> means flag={true}
        }
        ISwc4jAst value = attr.getValue().get();
        if (value instanceof Swc4jAstJsxExprContainer container) {
            value = container.getExpr();
        }
        if (value instanceof Swc4jAstStr s) {
            return Optional.of(s.getValue());
        }
        if (value instanceof Swc4jAstBool b) {
            return Optional.of(b.asBoolean());
        }
        if (value instanceof Swc4jAstNumber n) {
            return Optional.of(n.getValue());
        }
        return Optional.empty();
    }

    /**
     * The names a callee may resolve to: {@code eval} for {@code eval}, {@code window.eval},
     * {@code (0, eval)}, {@code a?.eval}, {@code x["ev" + "al"]}, {@code eval.call}; both branches of
     * a conditional.
     */
    static Set<String> calleeNames(ISwc4jAst callee) {
        Set<String> names = new HashSet<>();
        collectCalleeNames(callee, names, 0);
        return names;
    }

    private static void collectCalleeNames(ISwc4jAst node, Set<String> names, int depth) {
        if (node == null || depth > 16) {
            return;
        }
        node = unwrap(node);
        if (node instanceof Swc4jAstIdent id) {
            names.add(id.getSym());
        } else if (node instanceof Swc4jAstMemberExpr member) {
            String prop = propertyName(member.getProp());
            if (prop != null) {
                names.add(prop);
            }
            if (prop == null || prop.equals("call") || prop.equals("apply") || prop.equals("bind")) {
                collectCalleeNames(member.getObj(), names, depth + 1);
            }
        } else if (node instanceof Swc4jAstOptChainExpr chain) {
            collectCalleeNames(chain.getBase(), names, depth + 1);
        } else if (node instanceof Swc4jAstCondExpr cond) {
            collectCalleeNames(cond.getCons(), names, depth + 1);
            collectCalleeNames(cond.getAlt(), names, depth + 1);
        }
    }

    /** Parentheses and comma sequences ({@code (0, x)} is x) removed. */
    static ISwc4jAst unwrap(ISwc4jAst node) {
        while (true) {
            if (node instanceof Swc4jAstParenExpr paren) {
                node = paren.getExpr();
            } else if (node instanceof Swc4jAstSeqExpr seq && !seq.getExprs().isEmpty()) {
                node = seq.getExprs().get(seq.getExprs().size() - 1);
            } else {
                return node;
            }
        }
    }

    /** {@code x.name} or {@code x["name"]} (or any constant string key); null when not constant. */
    static String propertyName(ISwc4jAst prop) {
        if (prop instanceof Swc4jAstIdentName name) {
            return name.getSym();
        }
        if (prop instanceof Swc4jAstComputedPropName computed) {
            return constantString(computed.getExpr()).orElse(null);
        }
        return null;
    }

    /** The key of {@code {key: v}}, {@code {"key": v}} or {@code {["k" + "ey"]: v}}; null when not constant. */
    static String propertyKey(Swc4jAstKeyValueProp prop) {
        if (prop.getKey() instanceof Swc4jAstStr s) {
            return s.getValue();
        }
        return propertyName(prop.getKey());
    }

    /** The value of a string literal, a template without substitutions, or a concatenation of those. */
    static Optional<String> constantString(ISwc4jAst expr) {
        expr = unwrap(expr);
        if (expr instanceof Swc4jAstStr s) {
            return Optional.of(s.getValue());
        }
        if (expr instanceof Swc4jAstTpl tpl && tpl.getExprs().isEmpty() && tpl.getQuasis().size() == 1) {
            Swc4jAstTplElement only = tpl.getQuasis().get(0);
            return Optional.of(only.getCooked().orElse(only.getRaw()));
        }
        if (expr instanceof Swc4jAstBinExpr bin && bin.getOp() == Swc4jAstBinaryOp.Add) {
            Optional<String> left = constantString(bin.getLeft());
            Optional<String> right = constantString(bin.getRight());
            if (left.isPresent() && right.isPresent()) {
                return Optional.of(left.get() + right.get());
            }
        }
        return Optional.empty();
    }

    static String squeeze(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "…" : oneLine;
    }
}
