package dev.tailor.profile;

import dev.tailor.config.SiteContract.AudienceSpec;
import dev.tailor.config.SiteContract.Behaviour;
import dev.tailor.visitor.Audience;
import dev.tailor.visitor.Persona;
import dev.tailor.visitor.SiteAudience;
import java.util.Map;

/**
 * Names a visitor's audience on a site that defines its own ({@code "audiences"} in tailor.json).
 * An audience's score is the visitor's strongest preference among its topics plus the bonus of
 * every behaviour of its definition the visitor shows, at most 1; without any interest in its
 * topics it scores 0, whatever the behaviour. The highest score wins; on a tie the audience the
 * site lists first. Threshold, evidence and confidence are the built-in personas' (see
 * {@link PersonaClassifier}). Pure and deterministic.
 */
final class AudienceClassifier {

    private final Map<SiteAudience, AudienceSpec> audiences;
    private final PersonaClassifier judge;

    AudienceClassifier(Map<SiteAudience, AudienceSpec> audiences, PersonaClassifier judge) {
        this.audiences = audiences;
        this.judge = judge;
    }

    PersonaClassifier.Classification classify(Map<String, Double> preferences, double avgSessionSeconds, double pagesPerSession,
                                              int sessions, String device, double engagedSeconds, long events) {
        Audience winner = Persona.NONE;
        double best = 0;
        for (Map.Entry<SiteAudience, AudienceSpec> a : audiences.entrySet()) { // the site's order: the first of equals wins
            double interest = 0;
            for (String topic : a.getValue().topics()) {
                interest = Math.max(interest, preferences.getOrDefault(topic, 0.0));
            }
            double score = 0;
            if (interest > 0) {
                score = interest;
                for (Map.Entry<Behaviour, Double> b : a.getValue().behaviour().entrySet()) {
                    if (shows(b.getKey(), avgSessionSeconds, pagesPerSession, sessions, device)) {
                        score += b.getValue();
                    }
                }
                score = Math.min(1.0, score);
            }
            if (score > best) {
                winner = a.getKey();
                best = score;
            }
        }
        return judge.judged(winner, PersonaClassifier.round(best), engagedSeconds, events);
    }

    private boolean shows(Behaviour behaviour, double avgSessionSeconds, double pagesPerSession, int sessions, String device) {
        var settings = judge.settings();
        return switch (behaviour) {
            case MOBILE -> "mobile".equals(device);
            case DESKTOP -> "desktop".equals(device);
            case SHORT_SESSIONS -> avgSessionSeconds < settings.shortSessionSeconds();
            case DEEP_SESSIONS -> avgSessionSeconds >= settings.longSessionSeconds() || pagesPerSession >= settings.deepPagesPerSession();
            case RETURNING -> sessions > 1;
        };
    }
}
