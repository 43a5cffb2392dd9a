package dev.tailor.page;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstFunction;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstParam;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstArrowExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstModuleExportName;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstModuleItem;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstPat;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDefaultSpecifier;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportNamedSpecifier;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstAssignPat;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstAssignPatProp;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstBindingIdent;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstKeyValuePatProp;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstObjectPat;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstRestPat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a page root that is a component from the site's own files ({@code <Layout>} imported from
 * {@code ./Layout.jsx}) passes the {@code className} it is given on. Tailor adds a plan's layout class to the
 * root's {@code className}; a wrapper that never reads that prop drops it, and the plan's styles never apply.
 *
 * <p>Only a clear drop is reported: the wrapper's {@code className} (destructured, {@code props.className} or
 * carried by a rest/props object) is never referenced. Anything Tailor cannot follow (npm components,
 * {@code forwardRef}/{@code memo} wrappers, TypeScript, props used whole) counts as passing it on: no false alarms.
 */
public final class WrapperClassName {
    private static final List<String> EXTENSIONS = List.of("", ".jsx", ".js", "/index.jsx", "/index.js");

    private WrapperClassName() {
    }

    /**
     * Why the layout's root component drops {@code className}, with the fix; empty when it passes it on,
     * when the root is a DOM element, or when Tailor cannot tell.
     *
     * @param siteRoot the site's directory
     * @param pagePath the page file, relative to {@code siteRoot} (its imports resolve from there)
     */
    public static Optional<String> whyDropped(Swc4j swc4j, ParsedPage page, PageLayout layout, Path siteRoot, String pagePath) {
        String name = PageLayout.elementName(layout.root());
        if (name == null || !PageLayout.isComponentName(name)) {
            return Optional.empty();
        }
        for (ISwc4jAstModuleItem item : page.module().getBody()) {
            if (item instanceof Swc4jAstImportDecl importDecl && importDecl.getSrc().getValue().startsWith(".")) {
                Optional<String> exported = exportedNameOf(importDecl, name);
                if (exported.isPresent()) {
                    return whyDropped(swc4j, name, exported.get(), siteRoot, Path.of(pagePath).resolveSibling(importDecl.getSrc().getValue()));
                }
            }
        }
        return Optional.empty();
    }

    /** The name {@code local} has in the module it is imported from ({@code default} for a default import). */
    private static Optional<String> exportedNameOf(Swc4jAstImportDecl importDecl, String local) {
        for (var specifier : importDecl.getSpecifiers()) {
            if (specifier instanceof Swc4jAstImportDefaultSpecifier d && d.getLocal().getSym().equals(local)) {
                return Optional.of("default");
            }
            if (specifier instanceof Swc4jAstImportNamedSpecifier n && n.getLocal().getSym().equals(local)) {
                return Optional.of(n.getImported().map(WrapperClassName::exportName).orElse(local));
            }
        }
        return Optional.empty();
    }

    private static String exportName(ISwc4jAstModuleExportName name) {
        return name instanceof Swc4jAstIdent ident ? ident.getSym()
                : name instanceof Swc4jAstStr str ? str.getValue() : String.valueOf(name);
    }

    private static Optional<String> whyDropped(Swc4j swc4j, String name, String exported, Path siteRoot, Path imported) {
        Optional<Path> file = resolve(siteRoot, imported);
        if (file.isEmpty()) {
            return Optional.empty(); // the build reports a missing import
        }
        ParsedPage wrapper;
        try {
            wrapper = ParsedPage.parse(swc4j, Files.readString(siteRoot.resolve(file.get())));
        } catch (JsxSyntaxException | IOException e) {
            return Optional.empty(); // TypeScript, or a file the build will complain about
        }
        Optional<ISwc4jAst> function = "default".equals(exported) ? wrapper.defaultComponentFunction(name)
                : wrapper.exportNames().contains(exported) ? wrapper.componentFunction(exported) : Optional.empty();
        String path = file.get().toString().replace('\\', '/');
        return function
                .filter(WrapperClassName::dropsClassName)
                .map(fn -> "the root <" + name + "> (" + path + ") never passes on the className it is given, so a plan's"
                        + " layout class would be lost and plans get none; pass className to the root element of " + name
                        + " in " + path + " (e.g. function " + name + "({ className, children }) { return <div className={className}>"
                        + "{children}</div>; }) to let plans style the page");
    }

    /** The imported file, relative to the site's root; empty when it is not one of the site's files. */
    private static Optional<Path> resolve(Path siteRoot, Path imported) {
        Path relative = imported.normalize();
        if (relative.startsWith("..")) {
            return Optional.empty();
        }
        for (String extension : EXTENSIONS) {
            Path candidate = Path.of(relative + extension);
            if (!candidate.isAbsolute() && Files.isRegularFile(siteRoot.resolve(candidate))) { // "." + "/index.jsx" is not
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** True only when the component clearly never reads its className prop. */
    private static boolean dropsClassName(ISwc4jAst function) {
        List<ISwc4jAstPat> params;
        ISwc4jAst body;
        if (function instanceof Swc4jAstArrowExpr arrow) {
            params = arrow.getParams();
            body = arrow.getBody();
        } else {
            Swc4jAstFunction fn = (Swc4jAstFunction) function;
            params = fn.getParams().stream().map(Swc4jAstParam::getPat).toList();
            if (fn.getBody().isEmpty() || referenced(fn.getBody().get(), "arguments")) {
                return false;
            }
            body = fn.getBody().get();
        }
        if (params.isEmpty()) {
            return true;
        }
        ISwc4jAstPat props = params.get(0) instanceof Swc4jAstAssignPat withDefault ? withDefault.getLeft() : params.get(0);
        if (props instanceof Swc4jAstBindingIdent ident) {
            return onlyOtherPropsRead(body, ident.getId().getSym());
        }
        if (props instanceof Swc4jAstObjectPat object) {
            return dropsFromPattern(object, body);
        }
        return false;
    }

    private static boolean dropsFromPattern(Swc4jAstObjectPat object, ISwc4jAst body) {
        String rest = null;
        for (var prop : object.getProps()) {
            if (prop instanceof Swc4jAstAssignPatProp assign && assign.getKey().getId().getSym().equals("className")) {
                return !referenced(body, "className");
            }
            if (prop instanceof Swc4jAstKeyValuePatProp keyValue && isClassNameKey(keyValue)) {
                ISwc4jAstPat value = keyValue.getValue() instanceof Swc4jAstAssignPat withDefault ? withDefault.getLeft() : keyValue.getValue();
                return value instanceof Swc4jAstBindingIdent local && !referenced(body, local.getId().getSym());
            }
            if (prop instanceof Swc4jAstKeyValuePatProp keyValue && !(keyValue.getKey() instanceof Swc4jAstIdentName
                    || keyValue.getKey() instanceof Swc4jAstStr)) {
                return false; // a computed key may be className
            }
            if (prop instanceof Swc4jAstRestPat restPat) {
                if (!(restPat.getArg() instanceof Swc4jAstBindingIdent restIdent)) {
                    return false;
                }
                rest = restIdent.getId().getSym();
            }
        }
        // className is not destructured: it travels in the rest object, if there is one
        return rest == null || !referenced(body, rest);
    }

    private static boolean isClassNameKey(Swc4jAstKeyValuePatProp keyValue) {
        return keyValue.getKey() instanceof Swc4jAstIdentName ident ? ident.getSym().equals("className")
                : keyValue.getKey() instanceof Swc4jAstStr str && str.getValue().equals("className");
    }

    /** Whether every use of {@code props} reads a prop by name other than className ({@code props.children}). */
    private static boolean onlyOtherPropsRead(ISwc4jAst body, String props) {
        long uses = body.find(Swc4jAstIdent.class).stream().filter(i -> i.getSym().equals(props)).count();
        long otherProps = body.find(Swc4jAstMemberExpr.class).stream()
                .filter(m -> m.getObj() instanceof Swc4jAstIdent obj && obj.getSym().equals(props))
                .filter(m -> m.getProp() instanceof Swc4jAstIdentName prop && !prop.getSym().equals("className"))
                .count();
        return uses == otherProps;
    }

    private static boolean referenced(ISwc4jAst body, String name) {
        return body.find(Swc4jAstIdent.class).stream().anyMatch(i -> i.getSym().equals(name));
    }
}
