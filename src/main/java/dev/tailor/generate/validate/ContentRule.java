package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.EXTERNAL_ORIGIN;
import static dev.tailor.generate.validate.RuleId.INLINE_HANDLER;
import static dev.tailor.generate.validate.RuleId.OFF_BRAND_FONT;
import static dev.tailor.generate.validate.RuleId.OFF_PALETTE_COLOUR;
import static dev.tailor.generate.validate.RuleId.UNSAFE_ELEMENT;
import static dev.tailor.generate.validate.RuleId.UNSAFE_EVAL;
import static dev.tailor.generate.validate.RuleId.UNSAFE_HTML;
import static dev.tailor.generate.validate.RuleId.UNSAFE_URL;
import static dev.tailor.generate.validate.StaticExpressions.abbreviate;
import static dev.tailor.generate.validate.StaticExpressions.calleeNames;
import static dev.tailor.generate.validate.StaticExpressions.constantString;
import static dev.tailor.generate.validate.StaticExpressions.propertyKey;
import static dev.tailor.generate.validate.StaticExpressions.propertyName;
import static dev.tailor.generate.validate.StaticExpressions.unwrap;
import static dev.tailor.generate.validate.ValidationFinding.at;

import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstComputedPropName;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstBinaryOp;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstBinExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstExprOrSpread;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxExprContainer;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstNewExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTaggedTpl;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstTpl;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstJsxText;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstJsxAttr;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstOptCall;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstTplElement;
import dev.tailor.config.SiteContract;
import dev.tailor.page.PageLayout;
import dev.tailor.page.ParsedPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unsafe or off-brand content the original does not already have: injected HTML, code run from strings,
 * script and iframe elements, inline handler strings, javascript: URLs, origins outside
 * brand.allowedOrigins, colours outside brand.palette and fonts outside brand.fonts. One family because
 * one scan of each string finds all of them, in source order.
 */
public final class ContentRule implements ValidationRule {
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)(?<![\\w:/])((?:https?:)?//)([^/\\s\"'`)<>?#]+)");
    private static final Pattern JAVASCRIPT_URL = Pattern.compile("(?i)javascript\\s*:");
    private static final Pattern HEX_COLOUR = Pattern.compile("(?<![\\w&])#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|[0-9a-fA-F]{3})(?![\\w-])");
    private static final Pattern FUNCTIONAL_COLOUR = Pattern.compile("(?i)\\b(rgba?|hsla?)\\s*\\([^)]*\\)");
    private static final Pattern CSS_FONT_FAMILY = Pattern.compile("(?i)font-family\\s*:\\s*([^;\"}]+)");
    private static final Set<String> GENERIC_FONTS = Set.of("serif", "sans-serif", "monospace", "cursive", "fantasy",
            "system-ui", "ui-sans-serif", "ui-serif", "ui-monospace", "inherit", "initial", "unset", "emoji", "math");
    // Attributes whose strings are link targets or ids, where "#abc" is an anchor, not a colour.
    private static final Set<String> NON_STYLE_ATTRIBUTES = Set.of("href", "to", "id", "src", "action", "htmlFor", "key", "name");
    private static final Set<String> CODE_FROM_STRING = Set.of("eval", "Function");
    private static final Set<String> STRING_TIMERS = Set.of("setTimeout", "setInterval", "setImmediate", "execScript");
    private static final String INNER_HTML = "dangerouslySetInnerHTML";
    private static final Pattern EVENT_HANDLER = Pattern.compile("on[A-Z].*");

    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkContent(ctx.site(), ctx.original(), ctx.variant(), findings);
        return findings;
    }

    private static void checkContent(SiteContract site, ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
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
}
