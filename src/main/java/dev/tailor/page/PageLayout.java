package dev.tailor.page;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxNamespacedName;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstJsxAttrOrSpread;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The page component's root element and the component elements directly inside it, in
 * source order: the sections Tailor reorders, hides and configures.
 *
 * @param root     the element the page component returns
 * @param children every direct child element whose name is a component (capitalized identifier)
 */
public record PageLayout(Swc4jAstJsxElement root, List<Child> children) {

    /** A direct child component element of the root. */
    public record Child(String name, Swc4jAstJsxElement element) {
    }

    public PageLayout {
        children = List.copyOf(children);
    }

    public static Optional<PageLayout> of(ParsedPage page, String component) {
        return page.pageRoot(component).map(root -> {
            List<Child> children = new ArrayList<>();
            for (var child : root.getChildren()) {
                if (child instanceof Swc4jAstJsxElement element) {
                    String name = elementName(element);
                    if (name != null && isComponentName(name)) {
                        children.add(new Child(name, element));
                    }
                }
            }
            return new PageLayout(root, children);
        });
    }

    /**
     * Why the root element cannot be given a layout class, or empty when it can: Tailor adds the class to a
     * {@code className="…"} string (or adds that attribute), never into an expression it cannot evaluate.
     */
    public Optional<String> whyNoLayoutClass() {
        return attribute(root, "className")
                .filter(a -> a.getValue().isEmpty() || !(a.getValue().get() instanceof com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr))
                .map(a -> "the root <" + qualifiedName(root) + ">'s className is an expression, not a string: Tailor cannot"
                        + " add a layout class to it, so plans get none; write className=\"…\" on the root (or wrap the"
                        + " root in an element that has one) to let plans style the page");
    }

    /**
     * Why the root cannot be given a layout class, or empty when it can: {@link #whyNoLayoutClass()}, or a root
     * component from the site's own files that drops its className ({@link WrapperClassName}).
     *
     * @param page     the parsed page this layout is of
     * @param siteRoot the site's directory
     * @param pagePath the page file, relative to {@code siteRoot}
     */
    public Optional<String> whyNoLayoutClass(Swc4j swc4j, ParsedPage page, Path siteRoot, String pagePath) {
        return whyNoLayoutClass().or(() -> WrapperClassName.whyDropped(swc4j, page, this, siteRoot, pagePath));
    }

    public List<String> childNames() {
        return children.stream().map(Child::name).toList();
    }

    /** {@code Foo} for {@code <Foo/>}; {@code div} for {@code <div>}; null for {@code <a.b/>} and namespaced names. */
    public static String elementName(Swc4jAstJsxElement element) {
        return element.getOpening().getName() instanceof Swc4jAstIdent ident ? ident.getSym() : null;
    }

    /**
     * The element's full name as written: {@code Foo}, {@code div}, {@code React.Fragment},
     * {@code Tabs.Panel.Body}, {@code svg:rect}. Unlike {@link #elementName}, never null.
     */
    public static String qualifiedName(Swc4jAstJsxElement element) {
        return nameOf(element.getOpening().getName());
    }

    private static String nameOf(ISwc4jAst name) {
        if (name instanceof Swc4jAstIdent ident) {
            return ident.getSym();
        }
        if (name instanceof Swc4jAstIdentName ident) {
            return ident.getSym();
        }
        if (name instanceof Swc4jAstJsxMemberExpr member) {
            return nameOf(member.getObj()) + "." + member.getProp().getSym();
        }
        if (name instanceof Swc4jAstJsxNamespacedName namespaced) {
            return namespaced.getNs().getSym() + ":" + namespaced.getName().getSym();
        }
        return String.valueOf(name);
    }

    /** React treats capitalized names as components and lower-case ones as host elements. */
    public static boolean isComponentName(String name) {
        return !name.isEmpty() && Character.isUpperCase(name.charAt(0));
    }

    public static String attributeName(Swc4jAstJsxAttr attr) {
        if (attr.getName() instanceof Swc4jAstIdentName ident) {
            return ident.getSym();
        }
        return attr.getName() instanceof Swc4jAstJsxNamespacedName namespaced
                ? namespaced.getNs().getSym() + ":" + namespaced.getName().getSym() : attr.getName().toString();
    }

    public static Optional<Swc4jAstJsxAttr> attribute(Swc4jAstJsxElement element, String name) {
        for (ISwc4jAstJsxAttrOrSpread a : element.getOpening().getAttrs()) {
            if (a instanceof Swc4jAstJsxAttr attr && attributeName(attr).equals(name)) {
                return Optional.of(attr);
            }
        }
        return Optional.empty();
    }
}
