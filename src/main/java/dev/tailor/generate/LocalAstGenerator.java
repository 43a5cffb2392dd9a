package dev.tailor.generate;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDefaultSpecifier;
import dev.tailor.config.SiteContract;
import dev.tailor.generate.validate.PlanConformance;
import dev.tailor.page.JsxLiteral;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a plan by splicing the original source along swc4j spans: the root's section
 * elements are reordered, hidden ones removed with their lines, planned props set and the
 * layout class added. Every other character of the file stays as it was.
 */
public final class LocalAstGenerator implements Generator {
    public static final String GENERATOR = "local";
    public static final String MODEL = "swc4j";

    private final Swc4j swc4j;

    public LocalAstGenerator(Swc4j swc4j) {
        this.swc4j = swc4j;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        return new GeneratedCode(rewrite(site, originalSource, plan), GENERATOR, MODEL, 0, 0, 0.0, "");
    }

    /** The variant source for {@code plan}; re-parsed and checked before it is returned. */
    public String rewrite(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        ParsedPage page = parse(site, originalSource, "original page component");
        PageLayout layout = PageLayout.of(page, site.component()).orElseThrow(() -> new GenerationException(
                "no exported component " + site.component() + " returning a JSX element in " + site.page()));
        Optional<String> misfit = PlanConformance.misfit(site, layout, plan);
        if (misfit.isPresent()) {
            throw new GenerationException(misfit.get());
        }

        List<Edit> edits = new ArrayList<>();
        layoutClassEdit(page, layout.root(), plan.layoutClass()).ifPresent(edits::add);

        List<PageLayout.Child> slots = layout.children().stream()
                .filter(c -> site.sections().containsKey(c.name())).toList();
        List<PageLayout.Child> visibleSlots = slots.stream().filter(c -> !plan.hidden().contains(c.name())).toList();
        for (int i = 0; i < visibleSlots.size(); i++) {
            String section = plan.order().get(i);
            PageLayout.Child source = slots.stream().filter(c -> c.name().equals(section)).findFirst().orElseThrow();
            Swc4jAstJsxElement slot = visibleSlots.get(i).element();
            String text = configured(page, source.element(), plan.props().getOrDefault(section, Map.of()));
            edits.add(new Edit(page.start(slot), page.end(slot), text));
        }
        for (PageLayout.Child hidden : slots) {
            if (plan.hidden().contains(hidden.name())) {
                edits.add(wholeLinesOrSpan(page.source(), page.start(hidden.element()), page.end(hidden.element())));
                unusedImport(page, hidden.name()).ifPresent(edits::add);
            }
        }
        String variant = apply(page.source(), edits);
        verify(site, variant, plan);
        return variant;
    }

    /**
     * The planned root element as whole source lines (with its original indentation), for
     * remote generators that are shown the target layout rather than asked to invent it.
     */
    public String plannedRootElement(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        ParsedPage variant = parse(site, rewrite(site, originalSource, plan), "rewritten");
        Swc4jAstJsxElement root = variant.pageRoot(site.component()).orElseThrow();
        int start = lineStartIfIndented(variant, root);
        return variant.source().substring(start, variant.end(root));
    }

    private static int lineStartIfIndented(ParsedPage page, Swc4jAstJsxElement root) {
        int start = page.start(root);
        int lineStart = page.source().lastIndexOf('\n', start - 1) + 1;
        return page.source().substring(lineStart, start).isBlank() ? lineStart : start;
    }

    private ParsedPage parse(SiteContract site, String source, String what) throws GenerationException {
        try {
            return ParsedPage.parse(swc4j, source);
        } catch (JsxSyntaxException e) {
            throw new GenerationException(what + " " + site.page() + " does not parse at line " + e.line()
                    + ", column " + e.column() + ": " + e.getMessage());
        }
    }

    private void verify(SiteContract site, String variant, Plan plan) throws GenerationException {
        ParsedPage reparsed = parse(site, variant, "rewritten");
        List<String> sections = PageLayout.of(reparsed, site.component()).orElseThrow(() -> new GenerationException(
                        "rewritten " + site.page() + " lost its root element"))
                .childNames().stream().filter(site.sections()::containsKey).toList();
        if (!sections.equals(plan.order())) {
            throw new GenerationException("rewritten " + site.page() + " has sections " + sections
                    + " instead of the planned " + plan.order());
        }
    }

    /** The element's source with each planned prop replaced or appended to its opening tag. */
    private static String configured(ParsedPage page, Swc4jAstJsxElement element, Map<String, Object> props) {
        int base = page.start(element);
        List<Edit> edits = new ArrayList<>();
        for (var entry : props.entrySet()) {
            String attribute = entry.getKey() + "=" + JsxLiteral.attributeValue(entry.getValue());
            var existing = PageLayout.attribute(element, entry.getKey());
            if (existing.isPresent()) {
                edits.add(new Edit(page.start(existing.get()) - base, page.end(existing.get()) - base, attribute));
            } else {
                int at = afterNameOrLastAttribute(page, element) - base;
                edits.add(new Edit(at, at, " " + attribute));
            }
        }
        return apply(page.text(element), edits);
    }

    private static int afterNameOrLastAttribute(ParsedPage page, Swc4jAstJsxElement element) {
        var attrs = element.getOpening().getAttrs();
        return attrs.isEmpty() ? page.end(element.getOpening().getName()) : page.end(attrs.get(attrs.size() - 1));
    }

    private static java.util.Optional<Edit> layoutClassEdit(ParsedPage page, Swc4jAstJsxElement root, String layoutClass)
            throws GenerationException {
        if (layoutClass == null || layoutClass.isBlank()) {
            return java.util.Optional.empty();
        }
        if (!layoutClass.matches("[A-Za-z_-][A-Za-z0-9_-]*")) {
            throw new GenerationException("layout class '" + layoutClass + "' is not a single CSS class name");
        }
        var className = PageLayout.attribute(root, "className");
        if (className.isEmpty()) {
            int at = page.end(root.getOpening().getName());
            return java.util.Optional.of(new Edit(at, at, " className=\"" + layoutClass + "\""));
        }
        Swc4jAstJsxAttr attr = className.get();
        if (attr.getValue().isEmpty() || !(attr.getValue().get() instanceof Swc4jAstStr str)) {
            throw new GenerationException("the root element's className is not a string literal ("
                    + page.text(attr) + "); Tailor can only add the layout class to className=\"…\"");
        }
        List<String> classes = new ArrayList<>(List.of(str.getValue().trim().split("\\s+")));
        if (classes.contains(layoutClass)) {
            return java.util.Optional.empty();
        }
        classes.add(layoutClass);
        return java.util.Optional.of(new Edit(page.start(str), page.end(str), "\"" + String.join(" ", classes).trim() + "\""));
    }

    /** {@code import Foo from "./Foo.jsx";} when Foo's only use is the hidden section element. */
    private static java.util.Optional<Edit> unusedImport(ParsedPage page, String section) {
        long uses = page.module().find(Swc4jAstJsxElement.class).stream()
                .filter(e -> section.equals(PageLayout.elementName(e))).count();
        if (uses != 1) {
            return java.util.Optional.empty();
        }
        for (var item : page.module().getBody()) {
            if (item instanceof Swc4jAstImportDecl importDecl && importDecl.getSpecifiers().size() == 1
                    && importDecl.getSpecifiers().get(0) instanceof Swc4jAstImportDefaultSpecifier only
                    && only.getLocal().getSym().equals(section)) {
                return java.util.Optional.of(wholeLinesOrSpan(page.source(), page.start(importDecl), page.end(importDecl)));
            }
        }
        return java.util.Optional.empty();
    }

    /** Removes the whole line when the span is alone on it, so no blank line is left behind. */
    private static Edit wholeLinesOrSpan(String source, int start, int end) {
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', end);
        lineEnd = lineEnd < 0 ? source.length() : lineEnd + 1;
        boolean aloneOnLine = source.substring(lineStart, start).isBlank()
                && source.substring(end, lineEnd).isBlank();
        return aloneOnLine ? new Edit(lineStart, lineEnd, "") : new Edit(start, end, "");
    }

    private static String apply(String source, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(source);
        for (Edit edit : sorted) {
            out.replace(edit.start(), edit.end(), edit.replacement());
        }
        return out.toString();
    }

    /** Replace source[start, end) with replacement; edits of one pass never overlap. */
    private record Edit(int start, int end, String replacement) {
    }
}
