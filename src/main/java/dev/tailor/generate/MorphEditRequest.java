package dev.tailor.generate;

import dev.tailor.config.SiteContract;
import dev.tailor.page.JsxLiteral;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Morph is asked to do for a plan: a first-person instruction and a lazy edit snippet
 * that shows the root element with its planned children and marks everything else unchanged.
 */
public record MorphEditRequest(String instruction, String originalCode, String updateSnippet) {
    public static final String MODULE_MARKER = "// ... existing code ...";
    public static final String JSX_MARKER = "{/* ... existing code ... */}";

    /** The user message content in Morph's documented format. */
    public String content() {
        return "<instruction>" + instruction + "</instruction>\n<code>" + originalCode + "</code>\n<update>"
                + updateSnippet + "</update>";
    }

    /**
     * @param plannedRoot the root element as the plan wants it (from the local rewrite), whose
     *                    section children are listed in full: a child omitted from a lazy
     *                    snippet is deleted, which is exactly how hidden sections go away
     */
    public static MorphEditRequest of(SiteContract site, Plan plan, String originalCode, String plannedRoot) {
        return new MorphEditRequest(instruction(site, plan, false), originalCode,
                MODULE_MARKER + "\n" + collapseNestedChildren(plannedRoot) + "\n" + MODULE_MARKER);
    }

    /**
     * The same plan, with an edit snippet written by the snippet model, which may add
     * personalized text beyond the catalog props (see {@link SnippetModelWriter}).
     */
    public static MorphEditRequest withSnippet(SiteContract site, Plan plan, String originalCode, String snippet) {
        return new MorphEditRequest(instruction(site, plan, true), originalCode, snippet.stripTrailing());
    }

    static String instruction(SiteContract site, Plan plan, boolean personalizedText) {
        List<String> steps = new ArrayList<>();
        steps.add("I will reorder the sections inside the root element of " + site.component()
                + " to: " + String.join(", ", plan.order()));
        if (!plan.hidden().isEmpty()) {
            steps.add("remove " + String.join(", ", plan.hidden()) + " from the page");
        }
        plan.props().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(section ->
                section.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(prop ->
                        steps.add("set " + prop.getKey() + "=" + JsxLiteral.attributeValue(prop.getValue())
                                + " on " + section.getKey())));
        if (plan.layoutClass() != null && !plan.layoutClass().isBlank()) {
            steps.add("add the class \"" + plan.layoutClass() + "\" to the root element's className");
        }
        if (personalizedText) {
            steps.add("add the personalized text exactly as the update shows it");
        }
        return String.join(", ", steps) + ". I will keep the imports, the export and everything else unchanged.";
    }

    /** Replaces the body of any multi-line child element with the JSX marker: Morph keeps what it already has. */
    private static String collapseNestedChildren(String root) {
        List<String> lines = root.lines().toList();
        if (lines.size() <= 2) {
            return root;
        }
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        String childIndent = null;
        for (int i = 1; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (childIndent == null) {
                childIndent = indent;
            }
            if (indent.length() > childIndent.length()) {
                // a nested line: keep one marker in its place
                if (!out.toString().endsWith(JSX_MARKER + "\n")) {
                    out.append(indent).append(JSX_MARKER).append('\n');
                }
                continue;
            }
            out.append(line).append('\n');
        }
        return out.append(lines.get(lines.size() - 1)).toString();
    }
}
