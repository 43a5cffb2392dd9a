package dev.tailor.page;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstFunction;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstArrowExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstFnExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstParenExpr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstExpr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstModuleItem;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstStmt;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportDefaultDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportDefaultExpr;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportNamedSpecifier;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstNamedExport;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstBindingIdent;
import com.caoccao.javet.swc4j.ast.program.Swc4jAstModule;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstBlockStmt;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstFnDecl;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstReturnStmt;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstVarDecl;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstVarDeclarator;
import com.caoccao.javet.swc4j.enums.Swc4jMediaType;
import com.caoccao.javet.swc4j.enums.Swc4jParseMode;
import com.caoccao.javet.swc4j.exceptions.Swc4jCoreException;
import com.caoccao.javet.swc4j.options.Swc4jParseOptions;
import com.caoccao.javet.swc4j.span.Swc4jSpan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page component source parsed by swc4j, with the helpers every generation stage needs:
 * span → string offsets, the exported page component's returned root element, and exports.
 */
public final class ParsedPage {
    private static final Pattern SWC_LOCATION = Pattern.compile(":(\\d+):(\\d+)\\s*$", Pattern.MULTILINE);

    private final String source;
    private final Swc4jAstModule module;
    /** swc4j spans count code points; null when the source has no surrogate pairs (offsets are then identical). */
    private final int[] codePointToCharIndex;

    private ParsedPage(String source, Swc4jAstModule module) {
        this.source = source;
        this.module = module;
        this.codePointToCharIndex = source.length() == source.codePointCount(0, source.length())
                ? null : codePointIndex(source);
    }

    /** Parses {@code source} as a JSX module. */
    public static ParsedPage parse(Swc4j swc4j, String source) throws JsxSyntaxException {
        try {
            var output = swc4j.parse(source, new Swc4jParseOptions()
                    .setMediaType(Swc4jMediaType.Jsx)
                    .setParseMode(Swc4jParseMode.Module)
                    .setCaptureAst(true));
            return new ParsedPage(source, (Swc4jAstModule) output.getProgram());
        } catch (Swc4jCoreException e) {
            String message = e.getMessage() == null ? "syntax error" : e.getMessage();
            Matcher at = SWC_LOCATION.matcher(message);
            int line = 0;
            int column = 0;
            if (at.find()) {
                line = Integer.parseInt(at.group(1));
                column = Integer.parseInt(at.group(2));
            }
            String firstLine = message.lines().findFirst().orElse(message).trim();
            throw new JsxSyntaxException(firstLine, line, column);
        }
    }

    public String source() {
        return source;
    }

    public Swc4jAstModule module() {
        return module;
    }

    public int start(ISwc4jAst node) {
        return toCharIndex(node.getSpan().getStart());
    }

    public int end(ISwc4jAst node) {
        return toCharIndex(node.getSpan().getEnd());
    }

    public String text(ISwc4jAst node) {
        return source.substring(start(node), end(node));
    }

    public static int line(ISwc4jAst node) {
        Swc4jSpan span = node.getSpan();
        return span.getLine();
    }

    public static int column(ISwc4jAst node) {
        return node.getSpan().getColumn();
    }

    private int toCharIndex(int codePointIndex) {
        return codePointToCharIndex == null ? codePointIndex : codePointToCharIndex[codePointIndex];
    }

    private static int[] codePointIndex(String source) {
        int count = source.codePointCount(0, source.length());
        int[] index = new int[count + 1];
        int charIndex = 0;
        for (int cp = 0; cp < count; cp++) {
            index[cp] = charIndex;
            charIndex += Character.charCount(source.codePointAt(charIndex));
        }
        index[count] = source.length();
        return index;
    }

    /**
     * The root JSX element returned by the exported component {@code component}: a function
     * declaration, a function expression or an arrow function (implicit or block return),
     * exported by default or by name.
     */
    public Optional<Swc4jAstJsxElement> pageRoot(String component) {
        return componentBody(component, true).flatMap(ParsedPage::returnedElement);
    }

    /**
     * The function or arrow that defines {@code component}, a Swc4jAstFunction or Swc4jAstArrowExpr; unlike
     * {@link #pageRoot}, never the default export in its place.
     */
    public Optional<ISwc4jAst> componentFunction(String component) {
        return componentBody(component, false);
    }

    /** The default export's function or arrow, or {@code component}'s when the module exports that by default. */
    public Optional<ISwc4jAst> defaultComponentFunction(String component) {
        return componentBody(component, true);
    }

    /** Names this module exports; a default export is listed as {@code default}. */
    public Set<String> exportNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ISwc4jAstModuleItem item : module.getBody()) {
            if (item instanceof Swc4jAstExportDefaultDecl || item instanceof Swc4jAstExportDefaultExpr) {
                names.add("default");
            } else if (item instanceof Swc4jAstExportDecl exportDecl) {
                if (exportDecl.getDecl() instanceof Swc4jAstFnDecl fn) {
                    names.add(fn.getIdent().getSym());
                } else if (exportDecl.getDecl() instanceof Swc4jAstVarDecl vars) {
                    for (Swc4jAstVarDeclarator d : vars.getDecls()) {
                        if (d.getName() instanceof Swc4jAstBindingIdent id) {
                            names.add(id.getId().getSym());
                        }
                    }
                }
            } else if (item instanceof Swc4jAstNamedExport named) {
                for (var specifier : named.getSpecifiers()) {
                    if (specifier instanceof Swc4jAstExportNamedSpecifier s) {
                        var exported = s.getExported().orElse(s.getOrig());
                        names.add(exported instanceof Swc4jAstIdent id ? id.getSym() : exported.toString());
                    }
                }
            }
        }
        return names;
    }

    /**
     * The function or arrow that defines {@code component}: a Swc4jAstFunction or Swc4jAstArrowExpr; when
     * {@code orDefault}, an anonymous (or same-named) default export if nothing declares {@code component}.
     */
    private Optional<ISwc4jAst> componentBody(String component, boolean orDefault) {
        ISwc4jAst anonymousDefault = null;
        for (ISwc4jAstModuleItem item : module.getBody()) {
            ISwc4jAst candidate = item;
            if (item instanceof Swc4jAstExportDecl exportDecl) {
                candidate = exportDecl.getDecl();
            } else if (item instanceof Swc4jAstExportDefaultDecl defaultDecl) {
                if (defaultDecl.getDecl() instanceof Swc4jAstFnExpr fnExpr) {
                    if (fnExpr.getIdent().map(Swc4jAstIdent::getSym).map(component::equals).orElse(true)) {
                        anonymousDefault = fnExpr.getFunction();
                    }
                }
                continue;
            } else if (item instanceof Swc4jAstExportDefaultExpr defaultExpr) {
                ISwc4jAstExpr expr = unwrapParens(defaultExpr.getExpr());
                if (expr instanceof Swc4jAstArrowExpr || expr instanceof Swc4jAstFnExpr) {
                    anonymousDefault = functionOf(expr);
                }
                continue;
            }
            if (candidate instanceof Swc4jAstFnDecl fnDecl && fnDecl.getIdent().getSym().equals(component)) {
                return Optional.of(fnDecl.getFunction());
            }
            if (candidate instanceof Swc4jAstVarDecl vars) {
                for (Swc4jAstVarDeclarator d : vars.getDecls()) {
                    if (d.getName() instanceof Swc4jAstBindingIdent id && id.getId().getSym().equals(component)
                            && d.getInit().isPresent()) {
                        ISwc4jAst fn = functionOf(unwrapParens(d.getInit().get()));
                        if (fn != null) {
                            return Optional.of(fn);
                        }
                    }
                }
            }
        }
        return orDefault ? Optional.ofNullable(anonymousDefault) : Optional.empty();
    }

    private static ISwc4jAst functionOf(ISwc4jAstExpr expr) {
        if (expr instanceof Swc4jAstArrowExpr arrow) {
            return arrow;
        }
        if (expr instanceof Swc4jAstFnExpr fnExpr) {
            return fnExpr.getFunction();
        }
        return null;
    }

    private static Optional<Swc4jAstJsxElement> returnedElement(ISwc4jAst function) {
        if (function instanceof Swc4jAstArrowExpr arrow) {
            if (arrow.getBody() instanceof Swc4jAstBlockStmt block) {
                return lastReturnedElement(block.getStmts());
            }
            return asElement((ISwc4jAstExpr) arrow.getBody());
        }
        Swc4jAstFunction fn = (Swc4jAstFunction) function;
        return fn.getBody().flatMap(block -> lastReturnedElement(block.getStmts()));
    }

    // The page's final top-level return is its layout; early returns (loading states) are not.
    private static Optional<Swc4jAstJsxElement> lastReturnedElement(List<ISwc4jAstStmt> statements) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i) instanceof Swc4jAstReturnStmt ret && ret.getArg().isPresent()) {
                return asElement(ret.getArg().get());
            }
        }
        return Optional.empty();
    }

    private static Optional<Swc4jAstJsxElement> asElement(ISwc4jAstExpr expr) {
        return unwrapParens(expr) instanceof Swc4jAstJsxElement element ? Optional.of(element) : Optional.empty();
    }

    private static ISwc4jAstExpr unwrapParens(ISwc4jAstExpr expr) {
        while (expr instanceof Swc4jAstParenExpr paren) {
            expr = paren.getExpr();
        }
        return expr;
    }
}
