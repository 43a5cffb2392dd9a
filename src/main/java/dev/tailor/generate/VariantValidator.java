package dev.tailor.generate;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstComputedPropName;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstBinaryOp;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstBinExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCondExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstExprOrSpread;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxEmptyExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxExprContainer;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstNewExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstOptChainExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstParenExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstSeqExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTaggedTpl;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTpl;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstBool;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstJsxText;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstNumber;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstOptCall;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstTplElement;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportAll;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImport;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstNamedExport;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.config.SiteContract;
import dev.tailor.page.JsxSyntaxException;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a variant of a page component against its original and the site contract. Whatever
 * produced the variant (local rewrite, Morph, a person), it is deployable only with no findings.
 * Content that was already in the original (an iframe, a link, a colour) is not a finding:
 * the rules are about what a variant adds. It is also checked against the plan it claims to
 * implement, because variants are shared by plan hash: a variant committed for a plan is served
 * to every visitor who gets that plan.
 *
 * <p>The rules are a security boundary for remote output: a variant may not import anything the
 * original does not (esbuild would bundle any readable file into the public bundle), nor run
 * code from strings, nor inject HTML, nor point a URL attribute at something that cannot be
 * checked statically.
 */
public final class VariantValidator {
    public static final String SYNTAX = "syntax";
    public static final String PAGE_COMPONENT = "page-component";
    public static final String EXPORTS = "exports";
    public static final String REQUIRED_SECTION = "required-section";
    public static final String BRAND_ELEMENT = "brand-element";
    public static final String UNKNOWN_COMPONENT = "unknown-component";
    public static final String DUPLICATE_SECTION = "duplicate-section";
    public static final String PROP_VALUE = "prop-value";
    public static final String UNSAFE_HTML = "unsafe-html";
    public static final String UNSAFE_EVAL = "unsafe-eval";
    public static final String UNSAFE_ELEMENT = "unsafe-element";
    public static final String INLINE_HANDLER = "inline-handler";
    public static final String UNSAFE_URL = "unsafe-url";
    public static final String EXTERNAL_ORIGIN = "external-origin";
    public static final String OFF_PALETTE_COLOUR = "off-palette-colour";
    public static final String OFF_BRAND_FONT = "off-brand-font";
    public static final String IMPORTS = "imports";
    public static final String URL_EXPRESSION = "url-expression";
    public static final String PLAN_MISMATCH = "plan-mismatch";

    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)(?<![\\w:/])((?:https?:)?//)([^/\\s\"'`)<>?#]+)");
    private static final Pattern JAVASCRIPT_URL = Pattern.compile("(?i)javascript\\s*:");
    private static final Pattern HEX_COLOUR = Pattern.compile("(?<![\\w&])#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|[0-9a-fA-F]{3})(?![\\w-])");
    private static final Pattern FUNCTIONAL_COLOUR = Pattern.compile("(?i)\\b(rgba?|hsla?)\\s*\\([^)]*\\)");
    private static final Pattern CSS_FONT_FAMILY = Pattern.compile("(?i)font-family\\s*:\\s*([^;\"}]+)");
    private static final Set<String> GENERIC_FONTS = Set.of("serif", "sans-serif", "monospace", "cursive", "fantasy",
            "system-ui", "ui-sans-serif", "ui-serif", "ui-monospace", "inherit", "initial", "unset", "emoji", "math");
    // Attributes whose strings are link targets or ids, where "#abc" is an anchor, not a colour.
    private static final Set<String> NON_STYLE_ATTRIBUTES = Set.of("href", "to", "id", "src", "action", "htmlFor", "key", "name");
    /** Attributes whose value the browser loads or navigates to. */
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formAction", "srcSet", "poster",
            "data", "xlinkHref", "xlink:href");
    /** Object keys checked like URL attributes, since an object can be spread onto an element ({@code data} is too common a key). */
    private static final Set<String> URL_KEYS = Set.of("href", "src", "action", "formAction", "srcSet", "poster",
            "xlinkHref");
    private static final Set<String> CODE_FROM_STRING = Set.of("eval", "Function");
    private static final Set<String> STRING_TIMERS = Set.of("setTimeout", "setInterval", "setImmediate", "execScript");
    private static final String INNER_HTML = "dangerouslySetInnerHTML";
    private static final Pattern EVENT_HANDLER = Pattern.compile("on[A-Z].*");

    private final Swc4j swc4j;

    public VariantValidator(Swc4j swc4j) {
        this.swc4j = swc4j;
    }

    /**
     * Every finding, in source order per rule; an empty list means the variant may be deployed as
     * the variant of {@code plan}.
     */
    public List<ValidationFinding> validate(SiteContract site, String original, String variant, Plan plan) {
        Objects.requireNonNull(plan, "plan");
        ParsedPage variantPage;
        try {
            variantPage = ParsedPage.parse(swc4j, variant);
        } catch (JsxSyntaxException e) {
            return List.of(new ValidationFinding(SYNTAX, e.line(), e.column(), "does not parse: " + e.getMessage()));
        }
        ParsedPage originalPage;
        try {
            originalPage = ParsedPage.parse(swc4j, original);
        } catch (JsxSyntaxException e) {
            throw new IllegalArgumentException("the original " + site.page() + " does not parse at line "
                    + e.line() + ", column " + e.column() + ": " + e.getMessage());
        }
        List<ValidationFinding> findings = new ArrayList<>();
        checkExports(originalPage, variantPage, findings);
        checkImports(originalPage, variantPage, findings);
        checkStructure(site, originalPage, variantPage, findings);
        checkPlan(site, originalPage, variantPage, plan, findings);
        checkContent(site, originalPage, variantPage, findings);
        checkUrlExpressions(originalPage, variantPage, findings);
        return List.copyOf(findings);
    }

    public boolean isDeployable(List<ValidationFinding> findings) {
        return findings.isEmpty();
    }

    private static void checkExports(ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> kept = variant.exportNames();
        for (String name : original.exportNames()) {
            if (!kept.contains(name)) {
                findings.add(new ValidationFinding(EXPORTS, 0, 0, "the "
                        + ("default".equals(name) ? "default export" : "export " + name) + " of the original is missing"));
            }
        }
    }

    private static void checkStructure(SiteContract site, ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Map<String, SectionSpec> catalog = site.sections();
        List<Swc4jAstJsxElement> elements = variant.module().find(Swc4jAstJsxElement.class);
        Set<String> used = new HashSet<>();
        for (Swc4jAstJsxElement e : elements) {
            String name = PageLayout.elementName(e);
            if (name != null) {
                used.add(name);
            }
        }
        Optional<PageLayout> layout = PageLayout.of(variant, site.component());
        if (layout.isEmpty()) {
            findings.add(new ValidationFinding(PAGE_COMPONENT, 0, 0,
                    "no exported component " + site.component() + " returning a JSX element"));
        } else {
            Set<String> seen = new HashSet<>();
            for (PageLayout.Child child : layout.get().children()) {
                if (catalog.containsKey(child.name()) && !seen.add(child.name())) {
                    findings.add(at(DUPLICATE_SECTION, child.element(), "section " + child.name() + " appears more than once"));
                }
            }
        }
        catalog.forEach((name, spec) -> {
            if (spec.required() && !used.contains(name)) {
                findings.add(new ValidationFinding(REQUIRED_SECTION, 0, 0, "required section " + name + " is missing"));
            }
        });
        Set<String> originalBrandMarkers = brandMarkers(original);
        Set<String> variantBrandMarkers = brandMarkers(variant);
        for (String element : site.brand().requiredElements()) {
            boolean present = used.contains(element) || variantBrandMarkers.contains(element);
            boolean expected = catalog.containsKey(element) || originalBrandMarkers.contains(element)
                    || PageLayout.isComponentName(element);
            if (expected && !present) {
                findings.add(new ValidationFinding(BRAND_ELEMENT, 0, 0, "brand element " + element + " is missing"
                        + (PageLayout.isComponentName(element) ? "" : " (no data-brand=\"" + element + "\" marker)")));
            }
        }
        Set<String> originalComponents = new HashSet<>();
        Set<String> originalAttributes = new HashSet<>();
        for (Swc4jAstJsxElement e : original.module().find(Swc4jAstJsxElement.class)) {
            String name = PageLayout.qualifiedName(e);
            originalComponents.add(name);
            for (var a : e.getOpening().getAttrs()) {
                originalAttributes.add(name + " " + original.text(a));
            }
        }
        for (Swc4jAstJsxElement e : elements) {
            String name = PageLayout.elementName(e);
            if (name == null) {
                // <React.Fragment>, <Tabs.Panel>, <svg:rect>: allowed when the original renders the same name
                String text = PageLayout.qualifiedName(e);
                if (!originalComponents.contains(text)) {
                    findings.add(at(UNKNOWN_COMPONENT, e, "component " + text + " is not in the catalog nor in the original"));
                }
                continue;
            }
            if (PageLayout.isComponentName(name) && !catalog.containsKey(name) && !originalComponents.contains(name)) {
                findings.add(at(UNKNOWN_COMPONENT, e, "component " + name + " is not in the catalog nor in the original"));
            }
            SectionSpec spec = catalog.get(name);
            if (spec != null) {
                checkSectionProps(name, spec, e, variant, originalAttributes, findings);
            }
        }
    }

    /**
     * A variant imports nothing the original does not: esbuild bundles whatever a page imports,
     * so one new specifier could put any readable file of the build machine into the public
     * bundle. Dropping an import (of a hidden section) is fine. Dynamic {@code import(…)} and
     * {@code require(…)} are findings unless the original makes the very same call.
     */
    private static void checkImports(ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> allowed = new HashSet<>();
        for (Swc4jAstStr src : moduleSpecifiers(original)) {
            allowed.add(src.getValue());
        }
        for (Swc4jAstStr src : moduleSpecifiers(variant)) {
            if (!allowed.contains(src.getValue())) {
                findings.add(at(IMPORTS, src, "import of \"" + src.getValue() + "\" is not in the original;"
                        + " a variant may keep or drop the original's imports but add none"));
            }
        }
        Set<String> originalLoads = new HashSet<>();
        for (ISwc4jAst call : dynamicLoads(original)) {
            originalLoads.add(squeeze(original.text(call)));
        }
        for (ISwc4jAst call : dynamicLoads(variant)) {
            if (!originalLoads.contains(squeeze(variant.text(call)))) {
                findings.add(at(IMPORTS, call, "dynamic module load " + abbreviate(variant.text(call))
                        + " is not allowed; a variant may add no imports"));
            }
        }
    }

    /** The source strings of every {@code import … from}, {@code export … from} and {@code export * from}. */
    private static List<Swc4jAstStr> moduleSpecifiers(ParsedPage page) {
        List<Swc4jAstStr> sources = new ArrayList<>();
        for (var item : page.module().getBody()) {
            if (item instanceof Swc4jAstImportDecl decl) {
                sources.add(decl.getSrc());
            } else if (item instanceof Swc4jAstNamedExport named && named.getSrc().isPresent()) {
                sources.add(named.getSrc().get());
            } else if (item instanceof Swc4jAstExportAll all) {
                sources.add(all.getSrc());
            }
        }
        return sources;
    }

    /** {@code import(…)} and calls of anything named {@code require}. */
    private static List<ISwc4jAst> dynamicLoads(ParsedPage page) {
        List<ISwc4jAst> loads = new ArrayList<>();
        for (Swc4jAstCallExpr call : page.module().find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof Swc4jAstImport || calleeNames(call.getCallee()).contains("require")) {
                loads.add(call);
            }
        }
        for (Swc4jAstOptCall call : page.module().find(Swc4jAstOptCall.class)) {
            if (calleeNames(call.getCallee()).contains("require")) {
                loads.add(call);
            }
        }
        return loads;
    }

    /**
     * The variant implements the plan it is committed for: the root's cataloged sections are
     * exactly {@code plan.order()}, hidden sections are gone, planned props have the planned
     * values and the root carries the layout class.
     */
    private static void checkPlan(SiteContract site, ParsedPage original, ParsedPage variant, Plan plan,
                                  List<ValidationFinding> findings) {
        Optional<PageLayout> found = PageLayout.of(variant, site.component());
        if (found.isEmpty()) {
            return; // reported as page-component
        }
        PageLayout layout = found.get();
        Map<String, SectionSpec> catalog = site.sections();
        List<String> sections = layout.childNames().stream().filter(catalog::containsKey).toList();
        if (!sections.equals(plan.order())) {
            findings.add(at(PLAN_MISMATCH, layout.root(), "the page root renders the sections " + sections
                    + " instead of the planned " + plan.order() + " (plan " + plan.name() + ")"));
        }
        for (String hidden : plan.hidden()) {
            long inVariant = countElements(variant, hidden);
            long allowed = countElements(original, hidden) - PageLayout.of(original, site.component())
                    .map(l -> l.childNames().stream().filter(hidden::equals).count()).orElse(0L);
            if (inVariant > Math.max(0, allowed)) {
                findings.add(new ValidationFinding(PLAN_MISMATCH, 0, 0, "section " + hidden
                        + " is still rendered, but the plan hides it"));
            }
        }
        plan.props().forEach((section, props) -> layout.children().stream()
                .filter(c -> c.name().equals(section)).findFirst()
                .ifPresent(child -> props.forEach((prop, planned) -> {
                    Optional<Swc4jAstJsxAttr> attr = PageLayout.attribute(child.element(), prop);
                    Optional<Object> actual = attr.flatMap(VariantValidator::literalValue);
                    if (actual.isEmpty() || !PlanConformance.sameValue(planned, actual.get())) {
                        findings.add(at(PLAN_MISMATCH, child.element(), section + "." + prop + " is "
                                + attr.map(variant::text).orElse("not set") + ", but the plan sets it to "
                                + JsxLiteral.attributeValue(planned)));
                    }
                })));
        String layoutClass = plan.layoutClass();
        if (layoutClass != null && !layoutClass.isBlank()) {
            Optional<Swc4jAstJsxAttr> className = PageLayout.attribute(layout.root(), "className");
            boolean has = className.flatMap(VariantValidator::literalValue)
                    .filter(v -> v instanceof String)
                    .map(v -> List.of(((String) v).trim().split("\\s+")).contains(layoutClass))
                    .orElse(false);
            if (!has) {
                findings.add(at(PLAN_MISMATCH, layout.root(), "the root element's className "
                        + className.map(variant::text).orElse("(none)") + " lacks the planned layout class " + layoutClass));
            }
        }
    }

    private static long countElements(ParsedPage page, String name) {
        return page.module().find(Swc4jAstJsxElement.class).stream()
                .filter(e -> name.equals(PageLayout.elementName(e))).count();
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

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static void checkSectionProps(String section, SectionSpec spec, Swc4jAstJsxElement element, ParsedPage variant,
                                          Set<String> originalAttributes, List<ValidationFinding> findings) {
        for (var a : element.getOpening().getAttrs()) {
            if (originalAttributes.contains(section + " " + variant.text(a))) {
                continue;
            }
            if (!(a instanceof Swc4jAstJsxAttr attr)) {
                findings.add(at(PROP_VALUE, a, section + " gets props by spread (" + variant.text(a) + "); only cataloged props may change"));
                continue;
            }
            String prop = PageLayout.attributeName(attr);
            List<Object> allowed = spec.props().get(prop);
            if (allowed == null) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + " is not a cataloged prop; allowed: " + spec.props().keySet()));
                continue;
            }
            Optional<Object> value = literalValue(attr);
            if (value.isEmpty()) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + " must be a literal, one of " + allowed + ", not " + variant.text(attr)));
            } else if (allowed.stream().noneMatch(v -> PlanConformance.sameValue(v, value.get()))) {
                findings.add(at(PROP_VALUE, attr, section + "." + prop + "=" + value.get() + " is not allowed; allowed: " + allowed));
            }
        }
    }

    private static Optional<Object> literalValue(Swc4jAstJsxAttr attr) {
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

    private static Set<String> brandMarkers(ParsedPage page) {
        Set<String> markers = new HashSet<>();
        for (Swc4jAstJsxAttr attr : page.module().find(Swc4jAstJsxAttr.class)) {
            if ("data-brand".equals(PageLayout.attributeName(attr)) && attr.getValue().orElse(null) instanceof Swc4jAstStr s) {
                markers.add(s.getValue());
            }
        }
        return markers;
    }

    private void checkContent(SiteContract site, ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> originalHits = new HashSet<>();
        for (ValidationFinding f : scanContent(site, original)) {
            originalHits.add(f.rule() + " " + f.message());
        }
        for (ValidationFinding f : scanContent(site, variant)) {
            if (!originalHits.contains(f.rule() + " " + f.message())) {
                findings.add(f);
            }
        }
    }

    /** Unsafe or off-brand content in a page, each finding's message naming the offending value. */
    private static List<ValidationFinding> scanContent(SiteContract site, ParsedPage page) {
        List<ValidationFinding> found = new ArrayList<>();
        scanInnerHtml(page, found);
        for (Swc4jAstJsxAttr attr : page.module().find(Swc4jAstJsxAttr.class)) {
            String name = PageLayout.attributeName(attr);
            ISwc4jAst value = attr.getValue().orElse(null);
            if (value instanceof Swc4jAstJsxExprContainer container) {
                value = container.getExpr();
            }
            if (EVENT_HANDLER.matcher(name).matches() && value != null && constantString(value).isPresent()) {
                found.add(at(INLINE_HANDLER, attr, "inline event-handler string " + page.text(attr) + " is not allowed"));
            }
        }
        for (Swc4jAstKeyValueProp prop : page.module().find(Swc4jAstKeyValueProp.class)) {
            String key = propertyKey(prop);
            if (key != null && EVENT_HANDLER.matcher(key).matches() && constantString(prop.getValue()).isPresent()) {
                found.add(at(INLINE_HANDLER, prop, "inline event-handler string " + page.text(prop)
                        + " is not allowed (an object can be spread onto an element)"));
            }
        }
        for (Swc4jAstJsxElement e : page.module().find(Swc4jAstJsxElement.class)) {
            String name = PageLayout.elementName(e);
            if ("script".equals(name) || "iframe".equals(name)) {
                found.add(at(UNSAFE_ELEMENT, e, "<" + name + "> element not in the original: " + abbreviate(page.text(e))));
            }
        }
        scanCodeFromStrings(page, found);
        for (Swc4jAstKeyValueProp prop : page.module().find(Swc4jAstKeyValueProp.class)) {
            String key = Objects.requireNonNullElse(propertyKey(prop), "");
            if ((key.equals("fontFamily") || key.equals("font-family")) && prop.getValue() instanceof Swc4jAstStr s) {
                checkFonts(site, s.getValue(), prop.getValue(), found);
            }
        }
        for (Swc4jAstStr s : page.module().find(Swc4jAstStr.class)) {
            boolean linkAttribute = s.getParent() instanceof Swc4jAstJsxAttr attr
                    && NON_STYLE_ATTRIBUTES.contains(PageLayout.attributeName(attr));
            scanString(site, s.getValue(), s, !linkAttribute, found);
        }
        for (Swc4jAstJsxText t : page.module().find(Swc4jAstJsxText.class)) {
            scanString(site, t.getValue(), t, false, found);
        }
        for (Swc4jAstTplElement t : page.module().find(Swc4jAstTplElement.class)) {
            scanString(site, t.getCooked().orElse(t.getRaw()), t, true, found);
        }
        // 'java' + 'script:…', 'https:/' + '/evil.example': the assembled string, for URLs only
        for (Swc4jAstBinExpr bin : page.module().find(Swc4jAstBinExpr.class)) {
            boolean outermost = !(bin.getParent() instanceof Swc4jAstBinExpr outer && outer.getOp() == Swc4jAstBinaryOp.Add);
            if (bin.getOp() == Swc4jAstBinaryOp.Add && outermost) {
                constantString(bin).ifPresent(text -> scanString(site, text, bin, false, found));
            }
        }
        return found;
    }

    /** dangerouslySetInnerHTML as a JSX attribute, an object key (spread onto an element later), a name or a string. */
    private static void scanInnerHtml(ParsedPage page, List<ValidationFinding> found) {
        List<ISwc4jAst> hits = new ArrayList<>();
        hits.addAll(page.module().find(Swc4jAstIdentName.class).stream().filter(n -> INNER_HTML.equals(n.getSym())).toList());
        hits.addAll(page.module().find(Swc4jAstIdent.class).stream().filter(n -> INNER_HTML.equals(n.getSym())).toList());
        hits.addAll(page.module().find(Swc4jAstStr.class).stream().filter(n -> INNER_HTML.equals(n.getValue())).toList());
        for (Swc4jAstComputedPropName computed : page.module().find(Swc4jAstComputedPropName.class)) {
            if (!(unwrap(computed.getExpr()) instanceof Swc4jAstStr)
                    && constantString(computed.getExpr()).filter(INNER_HTML::equals).isPresent()) {
                hits.add(computed);
            }
        }
        for (ISwc4jAst hit : hits) {
            ISwc4jAst context = hit.getParent() instanceof Swc4jAstJsxAttr || hit.getParent() instanceof Swc4jAstKeyValueProp
                    ? hit.getParent() : hit;
            if (hit instanceof Swc4jAstComputedPropName && hit.getParent() instanceof Swc4jAstKeyValueProp) {
                context = hit.getParent();
            }
            found.add(at(UNSAFE_HTML, context, INNER_HTML + " is not allowed: " + abbreviate(page.text(context))));
        }
    }

    /**
     * eval and Function however they are reached ({@code eval(…)}, {@code window.eval(…)},
     * {@code (0, globalThis.eval)(…)}, {@code globalThis["Function"](…)}, {@code eval.call(…)}),
     * any {@code .constructor} (whose {@code .constructor} is Function), and timers given a string.
     */
    private static void scanCodeFromStrings(ParsedPage page, List<ValidationFinding> found) {
        List<ISwc4jAst> calls = new ArrayList<>();
        calls.addAll(page.module().find(Swc4jAstCallExpr.class));
        calls.addAll(page.module().find(Swc4jAstOptCall.class));
        calls.addAll(page.module().find(Swc4jAstNewExpr.class));
        for (ISwc4jAst call : calls) {
            ISwc4jAst callee;
            List<Swc4jAstExprOrSpread> args;
            if (call instanceof Swc4jAstCallExpr c) {
                callee = c.getCallee();
                args = c.getArgs();
            } else if (call instanceof Swc4jAstOptCall c) {
                callee = c.getCallee();
                args = c.getArgs();
            } else {
                Swc4jAstNewExpr n = (Swc4jAstNewExpr) call;
                callee = n.getCallee();
                args = n.getArgs().orElse(List.of());
            }
            Set<String> names = calleeNames(callee);
            String prefix = call instanceof Swc4jAstNewExpr ? "new " : "";
            for (String name : names) {
                if (CODE_FROM_STRING.contains(name)) {
                    found.add(at(UNSAFE_EVAL, call, prefix + name + "(…) runs code from a string: " + abbreviate(page.text(call))));
                } else if (name.equals("constructor")) {
                    found.add(at(UNSAFE_EVAL, call, prefix + ".constructor(…) can reach Function, which runs code from a string: "
                            + abbreviate(page.text(call))));
                } else if (STRING_TIMERS.contains(name) && !args.isEmpty() && args.get(0).getSpread().isEmpty()
                        && isStringy(args.get(0).getExpr())) {
                    found.add(at(UNSAFE_EVAL, call, name + " with a string runs it as code: " + abbreviate(page.text(call))));
                }
            }
        }
        // a reference that is not the callee itself: const e = window.eval; [eval][0](…); x.constructor
        for (Swc4jAstIdent id : page.module().find(Swc4jAstIdent.class)) {
            if (id.getSym().equals("eval") && !isDirectCallee(id)) {
                found.add(at(UNSAFE_EVAL, id, "eval is referenced: " + abbreviate(page.text(id.getParent()))));
            }
        }
        for (Swc4jAstMemberExpr member : page.module().find(Swc4jAstMemberExpr.class)) {
            String prop = propertyName(member.getProp());
            if (("eval".equals(prop) || "Function".equals(prop) || "constructor".equals(prop)) && !isDirectCallee(member)) {
                found.add(at(UNSAFE_EVAL, member, "." + prop + " is referenced: " + abbreviate(page.text(member))));
            }
        }
    }

    private static boolean isDirectCallee(ISwc4jAst node) {
        ISwc4jAst parent = node.getParent();
        return (parent instanceof Swc4jAstCallExpr c && c.getCallee() == node)
                || (parent instanceof Swc4jAstOptCall o && o.getCallee() == node)
                || (parent instanceof Swc4jAstNewExpr n && n.getCallee() == node);
    }

    /** A string, a template, a tagged template or a concatenation: what a timer would run as code. */
    private static boolean isStringy(ISwc4jAst expr) {
        expr = unwrap(expr);
        return expr instanceof Swc4jAstStr || expr instanceof Swc4jAstTpl || expr instanceof Swc4jAstTaggedTpl
                || (expr instanceof Swc4jAstBinExpr bin && bin.getOp() == Swc4jAstBinaryOp.Add
                && (isStringy(bin.getLeft()) || isStringy(bin.getRight())));
    }

    /**
     * The names a callee may resolve to: {@code eval} for {@code eval}, {@code window.eval},
     * {@code (0, eval)}, {@code a?.eval}, {@code x["ev" + "al"]}, {@code eval.call}; both branches of
     * a conditional.
     */
    private static Set<String> calleeNames(ISwc4jAst callee) {
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
    private static ISwc4jAst unwrap(ISwc4jAst node) {
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
    private static String propertyName(ISwc4jAst prop) {
        if (prop instanceof Swc4jAstIdentName name) {
            return name.getSym();
        }
        if (prop instanceof Swc4jAstComputedPropName computed) {
            return constantString(computed.getExpr()).orElse(null);
        }
        return null;
    }

    /** The key of {@code {key: v}}, {@code {"key": v}} or {@code {["k" + "ey"]: v}}; null when not constant. */
    private static String propertyKey(Swc4jAstKeyValueProp prop) {
        if (prop.getKey() instanceof Swc4jAstStr s) {
            return s.getValue();
        }
        return propertyName(prop.getKey());
    }

    /** The value of a string literal, a template without substitutions, or a concatenation of those. */
    private static Optional<String> constantString(ISwc4jAst expr) {
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

    private static void scanString(SiteContract site, String text, ISwc4jAst node, boolean mayHoldStyle,
                                   List<ValidationFinding> found) {
        if (JAVASCRIPT_URL.matcher(text).find()) {
            found.add(at(UNSAFE_URL, node, "javascript: URL is not allowed: " + abbreviate(text)));
        }
        Matcher url = ABSOLUTE_URL.matcher(text);
        while (url.find()) {
            String scheme = url.group(1).toLowerCase(Locale.ROOT);
            String host = url.group(2).toLowerCase(Locale.ROOT);
            String origin = (scheme.equals("//") ? "https://" : scheme) + host;
            boolean allowed = site.brand().allowedOrigins().stream().anyMatch(o -> o.equalsIgnoreCase(origin));
            if (!allowed) {
                found.add(at(EXTERNAL_ORIGIN, node, "origin " + origin + " is not in brand.allowedOrigins "
                        + site.brand().allowedOrigins()));
            }
        }
        if (!mayHoldStyle) {
            return;
        }
        Set<String> palette = new HashSet<>();
        for (String colour : site.brand().palette()) {
            palette.add(normalizeHex(colour));
        }
        Matcher hex = HEX_COLOUR.matcher(text);
        while (hex.find()) {
            if (!palette.contains(normalizeHex(hex.group()))) {
                found.add(at(OFF_PALETTE_COLOUR, node, "colour " + hex.group() + " is not in brand.palette " + site.brand().palette()));
            }
        }
        Matcher functional = FUNCTIONAL_COLOUR.matcher(text);
        while (functional.find()) {
            String asHex = rgbToHex(functional.group());
            if (asHex == null || !palette.contains(asHex)) {
                found.add(at(OFF_PALETTE_COLOUR, node, "colour " + functional.group() + " is not in brand.palette " + site.brand().palette()));
            }
        }
        Matcher css = CSS_FONT_FAMILY.matcher(text);
        while (css.find()) {
            checkFonts(site, css.group(1), node, found);
        }
    }

    private static void checkFonts(SiteContract site, String families, ISwc4jAst node, List<ValidationFinding> found) {
        Set<String> brandFonts = new LinkedHashSet<>();
        for (String font : site.brand().fonts()) {
            brandFonts.add(font.toLowerCase(Locale.ROOT));
        }
        for (String raw : families.split(",")) {
            String family = raw.trim().replaceAll("^[\"']|[\"']$", "").trim();
            String key = family.toLowerCase(Locale.ROOT);
            if (!family.isEmpty() && !brandFonts.contains(key) && !GENERIC_FONTS.contains(key)) {
                found.add(at(OFF_BRAND_FONT, node, "font " + family + " is not in brand.fonts " + site.brand().fonts()));
            }
        }
    }

    /** #ABC → #aabbcc, #ABCD → #aabbccdd, so palette comparisons ignore the notation. */
    static String normalizeHex(String colour) {
        String hex = colour.substring(1).toLowerCase(Locale.ROOT);
        if (hex.length() == 3 || hex.length() == 4) {
            StringBuilder longForm = new StringBuilder();
            for (char c : hex.toCharArray()) {
                longForm.append(c).append(c);
            }
            hex = longForm.toString();
        }
        if (hex.length() == 8 && hex.endsWith("ff")) {
            hex = hex.substring(0, 6);
        }
        return "#" + hex;
    }

    /** rgb(79, 70, 229) → #4f46e5; null for anything that is not plain opaque integer rgb. */
    private static String rgbToHex(String functional) {
        Matcher m = Pattern.compile("(?i)rgba?\\(\\s*(\\d{1,3})\\s*[, ]\\s*(\\d{1,3})\\s*[, ]\\s*(\\d{1,3})\\s*(?:[,/]\\s*(1|1\\.0+|100%)\\s*)?\\)")
                .matcher(functional);
        if (!m.matches()) {
            return null;
        }
        int r = Integer.parseInt(m.group(1));
        int g = Integer.parseInt(m.group(2));
        int b = Integer.parseInt(m.group(3));
        if (r > 255 || g > 255 || b > 255) {
            return null;
        }
        return String.format("#%02x%02x%02x", r, g, b);
    }

    private static ValidationFinding at(String rule, ISwc4jAst node, String message) {
        return new ValidationFinding(rule, ParsedPage.line(node), ParsedPage.column(node), message);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "…" : oneLine;
    }
}
