package dev.tailor.profile;

import dev.tailor.config.TailorConfig.ProfileSettings;
import dev.tailor.visitor.Audience;
import dev.tailor.visitor.Persona;
import java.util.Map;

/**
 * Names a visitor's persona from their preferences and session behaviour. Pure and
 * deterministic; the thresholds come from configuration.
 */
public final class PersonaClassifier {

    /** The topic each persona is about on a site whose tailor.json does not map personas to its own topics. */
    public static final Map<Persona, String> STANDARD_TOPICS = Map.of(
            Persona.DATA_FOCUSED, "analytics", Persona.CONTENT_EXPLORER, "content", Persona.QUICK_DECIDER, "cta");

    /** An audience (a built-in persona or a site's own) and how sure we are of it. */
    public record Classification(Audience persona, double score, double evidence, double confidence) {
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

        Persona persona = Persona.NONE;
        double score = 0;
        if (dataFocused > score) {
            persona = Persona.DATA_FOCUSED;
            score = dataFocused;
        }
        if (contentExplorer > score) {
            persona = Persona.CONTENT_EXPLORER;
            score = contentExplorer;
        }
        if (quickDecider > score) {
            persona = Persona.QUICK_DECIDER;
            score = quickDecider;
        }
        return judged(persona, score, engagedSeconds, events);
    }

    /** The winner with its confidence, or {@link Persona#NONE} when its score is under the threshold. */
    Classification judged(Audience winner, double score, double engagedSeconds, long events) {
        double evidence = Math.min(1.0, Math.max(engagedSeconds / settings.evidenceSeconds(),
                (double) events / settings.evidenceEvents()));
        if (score < settings.personaThreshold()) {
            return new Classification(Persona.NONE, score, evidence, 0);
        }
        return new Classification(winner, score, evidence, round(score * evidence));
    }

    ProfileSettings settings() {
        return settings;
    }

    static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
