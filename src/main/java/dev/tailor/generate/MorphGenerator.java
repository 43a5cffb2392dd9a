package dev.tailor.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.SiteContract;
import dev.tailor.generate.OpenAiCompatibleClient.Completion;
import dev.tailor.generate.OpenAiCompatibleClient.Message;
import dev.tailor.plan.Plan;
import java.net.http.HttpClient;
import java.util.List;

/**
 * Asks Morph Fast Apply to merge a lazy edit snippet into the page component. The snippet is built
 * from the plan, or, when a {@link SnippetModelWriter} is configured, written by a chat model (and
 * built from the plan again whenever that model fails). The merged file is returned as is; callers
 * validate it (see {@link FallbackGenerator}).
 */
public final class MorphGenerator implements Generator {
    public static final String GENERATOR = "morph";
    /** The generator name when the snippet model wrote the edit that Morph applied. */
    public static final String WITH_SNIPPET_MODEL = "chat+morph";

    private final ChatModelConfig config;
    private final OpenAiCompatibleClient morph;
    private final LocalAstGenerator planner;
    private final SnippetModelWriter snippetModel;

    /**
     * @param config  Morph's endpoint and prices ({@link ChatModelConfig#morphFromEnvironment})
     * @param planner lays out the planned root element shown to Morph in the edit snippet
     */
    public MorphGenerator(ChatModelConfig config, HttpClient http, ObjectMapper json, LocalAstGenerator planner) {
        this(config, http, json, planner, null);
    }

    /** @param snippetModel writes the edit snippet from a prompt; null: the snippet is built from the plan */
    public MorphGenerator(ChatModelConfig config, HttpClient http, ObjectMapper json, LocalAstGenerator planner,
                          SnippetModelWriter snippetModel) {
        this.config = config;
        this.morph = new OpenAiCompatibleClient("Morph", config, http, json);
        this.planner = planner;
        this.snippetModel = snippetModel;
    }

    @Override
    public GeneratedCode generate(SiteContract site, String originalSource, Plan plan) throws GenerationException {
        String plannedRoot = planner.plannedRootElement(site, originalSource, plan);
        MorphEditRequest edit = MorphEditRequest.of(site, plan, originalSource, plannedRoot);
        String snippetModelName = null;
        String note = "";
        long promptTokens = 0;
        long completionTokens = 0;
        double cost = 0.0;
        if (snippetModel != null) {
            try {
                SnippetModelWriter.WrittenSnippet written = snippetModel.write(site, originalSource, plan, edit.updateSnippet());
                edit = MorphEditRequest.withSnippet(site, plan, originalSource, written.snippet());
                snippetModelName = written.model();
                promptTokens += written.promptTokens();
                completionTokens += written.completionTokens();
                cost += written.costUsd();
            } catch (GenerationException e) {
                promptTokens += e.promptTokens();
                completionTokens += e.completionTokens();
                cost += e.costUsd();
                note = "snippet model failed, so Morph applied the plan's snippet: " + e.getMessage();
            }
        }
        long estimated = MorphModels.estimatedTokens(edit.content());
        long limit = MorphModels.of(config.model()).maxPromptTokens();
        if (estimated > limit) { // refused before sending: Morph would cut the merged file off, or reject it, at a price
            throw new GenerationException("the page component and its edit are about " + estimated + " tokens, over the "
                    + limit + " that Morph's " + config.model() + " can take and still answer the whole merged file;"
                    + " split the page component into smaller files, or set TAILOR_MORPH_MODEL=morph-v3-large",
                    null, promptTokens, completionTokens, cost);
        }
        Completion merged;
        try {
            merged = morph.complete(config.model(), List.of(new Message("user", edit.content())), null);
        } catch (GenerationException e) {
            String why = note.isEmpty() ? e.getMessage() : e.getMessage() + " (and " + note + ")";
            // a call that was answered, even unusably (cut off), was paid for
            throw new GenerationException(why, e, promptTokens + e.promptTokens(), completionTokens + e.completionTokens(),
                    cost + e.costUsd());
        }
        promptTokens += merged.promptTokens();
        completionTokens += merged.completionTokens();
        cost += config.costUsd(merged.promptTokens(), merged.completionTokens());
        String code = OpenAiCompatibleClient.unfenced(merged.content());
        return snippetModelName == null
                ? new GeneratedCode(code, GENERATOR, merged.model(), promptTokens, completionTokens, cost, note)
                : new GeneratedCode(code, WITH_SNIPPET_MODEL, snippetModelName + "→" + merged.model(),
                        promptTokens, completionTokens, cost, note);
    }
}
