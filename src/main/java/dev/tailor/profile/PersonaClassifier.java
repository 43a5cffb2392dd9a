package dev.tailor.profile;

import dev.tailor.config.TailorConfig.ProfileSettings;
import java.util.Map;

/**
 * Names a visitor's persona from their preferences and session behaviour. Pure and
 * deterministic; the thresholds come from configuration.
 */
public final class PersonaClassifier {

    public static final String DATA_FOCUSED = "data_focused";
    public static final String CONTENT_EXPLORER = "content_explorer";
    public static final String QUICK_DECIDER = "quick_decider";
    public static final String NONE = "none";

    /** The topic each persona is about on a site whose tailor.json does not map personas to its own topics. */
    public static final Map<String, String> STANDARD_TOPICS = Map.of(
            DATA_FOCUSED, "analytics", CONTENT_EXPLORER, "content", QUICK_DECIDER, "cta");

    /** A persona and how sure we are of it. */
    public record Classification(String persona, double score, double evidence, double confidence) {
    }

    private final ProfileSettings settings;

    public PersonaClassifier(ProfileSettings settings) {
        this.settings = settings;
    }

    /**
     * @param analytics interest in what data-focused visitors look for (on the demo site: analytics)
     * @param content   interest in what content explorers read
     * @param cta       interest in the calls to action quick deciders go for
     */
    public Classification classify(double analytics, double content, double cta, double avgSessionSeconds,
                                   double pagesPerSession, String device, double engagedSeconds, long events) {
        double dataFocused = analytics;
        // explorers read deeply: long sessions or many pages; without that, content interest counts less
        boolean readsDeeply = avgSessionSeconds >= settings.longSessionSeconds() || pagesPerSession >= settings.deepPagesPerSession();
        double contentExplorer = content * (readsDeeply ? 1.0 : 0.7);
        // quick deciders go straight for the call to action, often on a phone, in short sessions
        double quickDecider = Math.min(1.0, cta
                + ("mobile".equals(device) ? 0.3 : 0.0)
                + (avgSessionSeconds < settings.shortSessionSeconds() ? 0.2 : 0.0));
        if (cta == 0) {
            quickDecider = 0; // no interest in acting at all: not a quick decider, however short the visit
        }

        String persona = NONE;
        double score = 0;
        if (dataFocused > score) {
            persona = DATA_FOCUSED;
            score = dataFocused;
        }
        if (contentExplorer > score) {
            persona = CONTENT_EXPLORER;
            score = contentExplorer;
        }
        if (quickDecider > score) {
            persona = QUICK_DECIDER;
            score = quickDecider;
        }
        double evidence = Math.min(1.0, Math.max(engagedSeconds / settings.evidenceSeconds(),
                (double) events / settings.evidenceEvents()));
        if (score < settings.personaThreshold()) {
            return new Classification(NONE, score, evidence, 0);
        }
        return new Classification(persona, score, evidence, round(score * evidence));
    }

    static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
