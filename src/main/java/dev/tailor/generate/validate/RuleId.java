package dev.tailor.generate.validate;

import dev.tailor.wire.WireNames;

/**
 * The rule a finding is about. Each constant carries its wire id, the string findings carry in job
 * JSON, deployment.json, logs and fallback notes: it must never change, whatever the constant is
 * called.
 */
public enum RuleId {
    /** The variant does not parse. */
    SYNTAX("syntax"),
    PAGE_COMPONENT("page-component"),
    EXPORTS("exports"),
    REQUIRED_SECTION("required-section"),
    BRAND_ELEMENT("brand-element"),
    UNKNOWN_COMPONENT("unknown-component"),
    DUPLICATE_SECTION("duplicate-section"),
    PROP_VALUE("prop-value"),
    UNSAFE_HTML("unsafe-html"),
    UNSAFE_EVAL("unsafe-eval"),
    UNSAFE_ELEMENT("unsafe-element"),
    INLINE_HANDLER("inline-handler"),
    UNSAFE_URL("unsafe-url"),
    EXTERNAL_ORIGIN("external-origin"),
    OFF_PALETTE_COLOUR("off-palette-colour"),
    OFF_BRAND_FONT("off-brand-font"),
    IMPORTS("imports"),
    URL_EXPRESSION("url-expression"),
    PLAN_MISMATCH("plan-mismatch"),
    /** esbuild rejected the site with the variant in place; recorded by the build stage, not by a rule here. */
    COMPILE("compile");

    private static final WireNames<RuleId> IDS = WireNames.of("validation rule id", values(), RuleId::id);

    private final String id;

    RuleId(String id) {
        this.id = id;
    }

    /** The wire id, e.g. {@code required-section}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** @throws IllegalArgumentException for an id no rule has */
    public static RuleId fromId(String id) {
        return IDS.parse(id);
    }
}
