package dev.tailor.profile;

import dev.tailor.visitor.Audience;
import dev.tailor.visitor.Persona;
import java.util.Map;

/**
 * What Tailor knows about one visitor, derived from their events.
 *
 * @param userId          the visitor
 * @param preferences     topic → share of the visitor's recency-weighted engaged time spent on
 *                        sections about it (0..1); e.g. {@code analytics → 0.89}
 * @param engagedSeconds  engaged seconds in total (not recency-weighted)
 * @param topicSeconds    engaged seconds per topic (not recency-weighted)
 * @param events          events counted
 * @param sessions        sessions seen
 * @param pageViews       page views
 * @param goals           goals reached
 * @param avgSessionSeconds  average engaged seconds per session
 * @param bounceRate      share of sessions with one page view and under 10 s engaged
 * @param device          the device class last seen, or {@code unknown}
 * @param persona         the visitor's audience: a built-in persona, or one of the site's own
 *                        audiences when its tailor.json defines them; {@link Persona#NONE} until one is clear
 * @param confidence      how sure Tailor is of the persona (0..1): its score times the evidence
 * @param explanation     the profile in words, e.g. "180 s of 202 s engaged time was on analytics …"
 * @param lastEventAt     epoch ms of the newest event
 */
public record Profile(
        String userId,
        Map<String, Double> preferences,
        double engagedSeconds,
        Map<String, Double> topicSeconds,
        long events,
        int sessions,
        int pageViews,
        int goals,
        double avgSessionSeconds,
        double bounceRate,
        String device,
        Audience persona,
        double confidence,
        String explanation,
        long lastEventAt) {

    public Profile {
        preferences = Map.copyOf(preferences);
        topicSeconds = Map.copyOf(topicSeconds);
    }

    public double preference(String topic) {
        return preferences.getOrDefault(topic, 0.0);
    }

    /** Page views per session (0 before the first session). */
    public double pagesPerSession() {
        return sessions == 0 ? 0 : Math.round((double) pageViews / sessions * 1000) / 1000.0;
    }

    /** Sessions after the first: how often the visitor came back. */
    public int returnVisits() {
        return Math.max(0, sessions - 1);
    }
}
