package dev.tailor.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.config.SiteContract;
import dev.tailor.generate.OpenAiCompatibleClient.Completion;
import dev.tailor.generate.OpenAiCompatibleClient.Message;
import dev.tailor.page.JsxLiteral;
import dev.tailor.plan.Plan;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Asks an OpenAI-compatible chat model to write the lazy edit snippet that Morph applies. The
 * model sees the site contract (catalog and brand rules), the plan with the visitor's reasons,
 * the snippet built from the plan and the original file, and may go beyond the catalog props
 * within the brand rules, e.g. a short personalized heading. Its reply is only a proposal: a
 * snippet that drops a planned section, keeps a hidden one or has no existing-code marker is
 * rejected here, and whatever Morph makes of an accepted one is validated like every variant.
 */
public final class SnippetModelWriter {
    static final String SERVICE = "the snippet model";
    private static final Pattern ANY_MARKER = Pattern.compile("(//|/\\*)\\s*\\.\\.\\.\\s*existing code\\s*\\.\\.\\.");

    /**
     * An edit snippet the chat model wrote, and what it cost.
     *
     * @param snippet the lazy edit snippet, without Markdown fences, ending with a newline
     */
    public record WrittenSnippet(String snippet, String model, long promptTokens, long completionTokens, double costUsd) {
    }

    private final ChatModelConfig config;
    private final OpenAiCompatibleClient client;
    private final ObjectMapper prettyJson;

    /** @param config the snippet model's endpoint and prices ({@link ChatModelConfig#snippetModelFromEnvironment}) */
    public SnippetModelWriter(ChatModelConfig config, HttpClient http, ObjectMapper json) {
        this.config = config;
        this.client = new OpenAiCompatibleClient(SERVICE, config, http, json);
        this.prettyJson = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * @param planSnippet the snippet built from the plan alone, shown to the model as a starting point
     * @throws GenerationException when the model could not be reached or its reply is no usable
     *                             snippet; carries the tokens already paid for
     */
    public WrittenSnippet write(SiteContract site, String originalSource, Plan plan, String planSnippet)
            throws GenerationException {
        Completion reply = client.complete(config.model(), List.of(
                new Message("system", systemPrompt(site)),
                new Message("user", userPrompt(site, originalSource, plan, planSnippet))), 0.0);
        double cost = config.costUsd(reply.promptTokens(), reply.completionTokens());
        String snippet = OpenAiCompatibleClient.unfenced(reply.content().strip());
        String problem = problem(snippet, plan);
        if (problem != null) {
            throw new GenerationException(SERVICE + " wrote no usable edit snippet: " + problem + " (reply: "
                    + OpenAiCompatibleClient.abbreviate(reply.content()) + ")",
                    null, reply.promptTokens(), reply.completionTokens(), cost);
        }
        return new WrittenSnippet(snippet, reply.model(), reply.promptTokens(), reply.completionTokens(), cost);
    }

    /** Why a reply is not a snippet Morph should get, or null when it is one. */
    static String problem(String snippet, Plan plan) {
        if (snippet.isBlank()) {
            return "the reply is empty";
        }
        if (!ANY_MARKER.matcher(snippet).find()) {
            return "it has no \"" + MorphEditRequest.MODULE_MARKER + "\" or \"" + MorphEditRequest.JSX_MARKER
                    + "\" marker, so Morph would delete everything it leaves out";
        }
        List<String> missing = plan.order().stream().filter(name -> !mentionsElement(snippet, name)).toList();
        if (!missing.isEmpty()) {
            return "it leaves out the planned section(s) " + String.join(", ", missing) + ", which Morph would delete";
        }
        List<String> kept = plan.hidden().stream().filter(name -> mentionsElement(snippet, name)).toList();
        if (!kept.isEmpty()) {
            return "it keeps the hidden section(s) " + String.join(", ", kept);
        }
        return null;
    }

    private static boolean mentionsElement(String snippet, String component) {
        return Pattern.compile("<" + Pattern.quote(component) + "(?![\\w$.])").matcher(snippet).find();
    }

    String systemPrompt(SiteContract site) {
        StringBuilder out = new StringBuilder();
        out.append("You write edit snippets for Morph Fast Apply, which merges them into a React page component.\n\n")
                .append("Format of an edit snippet (\"lazy\" edits):\n")
                .append("- Write only what changes. Mark every unchanged region with `").append(MorphEditRequest.MODULE_MARKER)
                .append("`, and inside JSX with `").append(MorphEditRequest.JSX_MARKER).append("`.\n")
                .append("- Anything left out without a marker is deleted. Write the page's root element with every section")
                .append(" the plan keeps, in the plan's order, each exactly once; leave the plan's hidden sections out.\n")
                .append("- Answer with the snippet only: no explanation, no Markdown fence.\n\n")
                .append("Site ").append(site.name()).append(": page ").append(site.page()).append(", component ")
                .append(site.component()).append(".\n")
                .append("Section catalog (the only components a variant may render; a prop may only take one of the listed values):\n");
        site.sections().forEach((name, spec) -> out.append("- ").append(describe(name, spec)).append('\n'));
        SiteContract.Brand brand = site.brand();
        out.append("\nBrand rules (a variant that breaks one is rejected):\n")
                .append("- colours only from the palette: ").append(String.join(", ", brand.palette())).append('\n')
                .append("- fonts only: ").append(String.join(", ", brand.fonts())).append('\n')
                .append("- keep these elements: ").append(String.join(", ", brand.requiredElements())).append('\n')
                .append("- link to or load from no external origin except: ")
                .append(brand.allowedOrigins().isEmpty() ? "(none)" : String.join(", ", brand.allowedOrigins())).append('\n')
                .append("- keep the imports and the export of ").append(site.component())
                .append("; add no imports and no components outside the catalog\n")
                .append("- never use dangerouslySetInnerHTML, eval, Function, <script>, event handlers written as strings or javascript: URLs\n\n")
                .append("Beyond the catalog props you may add, within these rules, a short personalized heading or sentence")
                .append(" as plain text in an HTML element (e.g. <h2> or <p>) that introduces the section order.")
                .append(" Keep it short and factual: no invented claims, numbers or prices.\n")
                .append("The variant is shared: every visitor who gets this plan sees the same page, so any text you add must")
                .append(" suit all of them. Write nothing specific to one visitor: no names, no counts, durations or other")
                .append(" numbers from the visitor profile, nothing only this visitor did.");
        return out.toString();
    }

    private String describe(String name, SectionSpec spec) {
        List<String> parts = new ArrayList<>();
        parts.add("topics " + String.join(", ", spec.topics()));
        if (spec.required()) {
            parts.add("required");
        }
        if (spec.pinned() != null) {
            parts.add("pinned " + spec.pinned());
        }
        if (spec.props() == null || spec.props().isEmpty()) {
            parts.add("no props");
        } else {
            List<String> props = new ArrayList<>();
            new TreeMap<>(spec.props()).forEach((prop, values) -> props.add(prop + " ∈ " + values.stream()
                    .map(JsxLiteral::attributeValue).toList()));
            parts.add("props " + String.join("; ", props));
        }
        return name + ": " + String.join("; ", parts);
    }

    String userPrompt(SiteContract site, String originalSource, Plan plan, String planSnippet) throws GenerationException {
        Map<String, Object> planView = new LinkedHashMap<>();
        planView.put("name", plan.name());
        planView.put("target", plan.target());
        planView.put("order", plan.order());
        planView.put("hidden", plan.hidden());
        Map<String, Object> props = new TreeMap<>();
        plan.props().forEach((section, values) -> props.put(section, new TreeMap<>(values)));
        planView.put("props", props);
        planView.put("layoutClass", plan.layoutClass());
        String planJson;
        try {
            planJson = prettyJson.writeValueAsString(planView);
        } catch (JsonProcessingException e) {
            throw new GenerationException("could not encode the plan for " + SERVICE + ": " + e.getMessage(), e);
        }
        return "Visitor profile: " + (plan.reasons().isEmpty() ? "(no reasons recorded)" : String.join("; ", plan.reasons()))
                + "\n\nPlan:\n" + planJson
                + "\n\nAn edit snippet that implements exactly the plan (start from it; you may add personalized text):\n"
                + planSnippet
                + "\n\nThe original file " + site.page() + ":\n" + originalSource
                + "\nWrite the edit snippet for " + site.page() + ".";
    }
}
