package dev.tailor.http;

import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/profile/{user_id}}: the visitor's live profile, explained. */
public final class ProfileApi {

    private final ProfileEngine profiles;

    public ProfileApi(ProfileEngine profiles) {
        this.profiles = profiles;
    }

    public Map<String, Object> profile(String userId) {
        return profiles.profile(userId).map(ProfileApi::toJson)
                .orElseThrow(() -> ApiError.notFound("user_id", "no events for user_id '" + userId + "'"));
    }

    /** The spec's names: {@code analytics_preference}, {@code session_behavior}, … */
    public static Map<String, Object> toJson(Profile p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", p.userId());
        Map<String, Object> preferences = new LinkedHashMap<>();
        p.preferences().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> preferences.put(e.getKey().replace('-', '_') + "_preference", round2(e.getValue())));
        out.put("preferences", preferences);
        preferences.forEach(out::put); // flat too, as in the spec: "analytics_preference": 0.89
        out.put("persona", p.persona());
        out.put("session_behavior", p.persona());
        out.put("confidence", round2(p.confidence()));
        out.put("device", p.device());
        out.put("explanation", p.explanation());
        out.put("engaged_seconds", round1(p.engagedSeconds()));
        Map<String, Object> topicSeconds = new LinkedHashMap<>();
        p.topicSeconds().forEach((k, v) -> topicSeconds.put(k, round1(v)));
        out.put("topic_seconds", topicSeconds);
        out.put("events", p.events());
        out.put("sessions", p.sessions());
        out.put("page_views", p.pageViews());
        out.put("goals", p.goals());
        out.put("avg_session_seconds", p.avgSessionSeconds());
        out.put("bounce_rate", p.bounceRate());
        out.put("pages_per_session", p.pagesPerSession());
        out.put("return_visits", p.returnVisits());
        out.put("last_event_at", p.lastEventAt());
        return out;
    }

    /** People read "0.89", not "0.8907563". */
    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static double round1(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
