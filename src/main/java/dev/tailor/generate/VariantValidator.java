package dev.tailor.generate;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxExprContainer;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstNewExpr;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstBool;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstJsxText;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstNumber;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstTplElement;
import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContract.SectionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a variant of a page component against its original and the site contract. Whatever
 * produced the variant (local rewrite, Morph, a person), it is deployable only with no findings.
 * Content that was already in the original (an iframe, a link, a colour) is not a finding:
 * the rules are about what a variant adds.
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

    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)(?<![\\w:/])((?:https?:)?//)([^/\\s\"'`)<>?#]+)");
    private static final Pattern JAVASCRIPT_URL = Pattern.compile("(?i)javascript\\s*:");
    private static final Pattern HEX_COLOUR = Pattern.compile("(?<![\\w&])#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|[0-9a-fA-F]{3})(?![\\w-])");
    private static final Pattern FUNCTIONAL_COLOUR = Pattern.compile("(?i)\\b(rgba?|hsla?)\\s*\\([^)]*\\)");
    private static final Pattern CSS_FONT_FAMILY = Pattern.compile("(?i)font-family\\s*:\\s*([^;\"}]+)");
    private static final Set<String> GENERIC_FONTS = Set.of("serif", "sans-serif", "monospace", "cursive", "fantasy",
            "system-ui", "ui-sans-serif", "ui-serif", "ui-monospace", "inherit", "initial", "unset", "emoji", "math");
    // Attributes whose strings are link targets or ids, where "#abc" is an anchor, not a colour.
    private static final Set<String> NON_STYLE_ATTRIBUTES = Set.of("href", "to", "id", "src", "action", "htmlFor", "key", "name");

    private final Swc4j swc4j;

    public VariantValidator(Swc4j swc4j) {
        this.swc4j = swc4j;
    }

    /** Every finding, in source order per rule; an empty list means the variant may be deployed. */
    public List<ValidationFinding> validate(SiteContract site, String original, String variant) {
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
        checkStructure(site, originalPage, variantPage, findings);
        checkContent(site, originalPage, variantPage, findings);
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
            String name = PageLayout.elementName(e);
            originalComponents.add(name);
            for (var a : e.getOpening().getAttrs()) {
                originalAttributes.add(name + " " + original.text(a));
            }
        }
        for (Swc4jAstJsxElement e : elements) {
            String name = PageLayout.elementName(e);
            if (name == null) {
                String text = variant.text(e.getOpening().getName());
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
        for (Swc4jAstJsxAttr attr : page.module().find(Swc4jAstJsxAttr.class)) {
            String name = PageLayout.attributeName(attr);
            if (name.equals("dangerouslySetInnerHTML")) {
                found.add(at(UNSAFE_HTML, attr, "dangerouslySetInnerHTML is not allowed: " + page.text(attr)));
            }
            if (name.matches("on[A-Z].*") && attr.getValue().orElse(null) instanceof Swc4jAstStr) {
                found.add(at(INLINE_HANDLER, attr, "inline event-handler string " + page.text(attr) + " is not allowed"));
            }
        }
        for (Swc4jAstJsxElement e : page.module().find(Swc4jAstJsxElement.class)) {
            String name = PageLayout.elementName(e);
            if ("script".equals(name) || "iframe".equals(name)) {
                found.add(at(UNSAFE_ELEMENT, e, "<" + name + "> element not in the original: " + abbreviate(page.text(e))));
            }
        }
        for (Swc4jAstCallExpr call : page.module().find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof Swc4jAstIdent id && (id.getSym().equals("eval") || id.getSym().equals("Function"))) {
                found.add(at(UNSAFE_EVAL, call, id.getSym() + "(…) runs code from a string: " + abbreviate(page.text(call))));
            }
        }
        for (Swc4jAstNewExpr ne : page.module().find(Swc4jAstNewExpr.class)) {
            if (ne.getCallee() instanceof Swc4jAstIdent id && id.getSym().equals("Function")) {
                found.add(at(UNSAFE_EVAL, ne, "new Function(…) runs code from a string: " + abbreviate(page.text(ne))));
            }
        }
        for (Swc4jAstKeyValueProp prop : page.module().find(Swc4jAstKeyValueProp.class)) {
            String key = prop.getKey() instanceof Swc4jAstIdentName id ? id.getSym()
                    : prop.getKey() instanceof Swc4jAstStr s ? s.getValue() : "";
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
        return found;
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
