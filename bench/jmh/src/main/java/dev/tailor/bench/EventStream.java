package dev.tailor.bench;

import dev.tailor.track.TrackEvent;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic stream of tracker events across many visitors on the acme site:
 * visits start with a page view, then section dwells (biased towards the visitor's favourite
 * topic), scrolls, clicks and the odd goal; visitors come back in new sessions. Time moves
 * forward through the stream, as on a live site.
 */
final class EventStream {

    static final String[] SECTIONS = {
        "navigation", "hero", "analytics_dashboard", "quick_metrics", "technical_deep_dive",
        "case_studies", "architecture_details", "quick_cta", "essential_info", "footer"};
    /** Per favourite topic, the sections a visitor with that interest mostly dwells on. */
    private static final String[][] FAVOURITES = {
        {"analytics_dashboard", "quick_metrics"},
        {"technical_deep_dive", "case_studies", "architecture_details"},
        {"quick_cta", "essential_info"}};
    private static final String[] DEVICES = {"desktop", "desktop", "mobile", "tablet"};
    private static final String PAYLOAD = "{\"event\":\"section_dwell\"}";

    private EventStream() {
    }

    static TrackEvent[] generate(int count, int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] userIds = new String[users];
        String[] sessionIds = new String[users];
        int[] sessionNo = new int[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = "visitor-" + u;
        }
        TrackEvent[] out = new TrackEvent[count];
        long now = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            now += random.nextInt(1, 20); // ~10 ms apart on average: a busy site
            int u = random.nextInt(users);
            String user = userIds[u];
            String device = DEVICES[u % DEVICES.length];
            String eventId = "e" + i;
            int roll = random.nextInt(100);
            if (sessionIds[u] == null || roll < 3) {
                sessionIds[u] = user + "-s" + (++sessionNo[u]);
                out[i] = new TrackEvent(eventId, user, sessionIds[u], "page_view", "home", 0, -1, null, device, now, PAYLOAD);
                continue;
            }
            String session = sessionIds[u];
            if (roll < 75) {
                String[] favourite = FAVOURITES[u % FAVOURITES.length];
                String section = random.nextInt(100) < 70
                        ? favourite[random.nextInt(favourite.length)]
                        : SECTIONS[random.nextInt(SECTIONS.length)];
                double seconds = 0.5 + random.nextInt(300) / 10.0;
                out[i] = new TrackEvent(eventId, user, session, "section_dwell", section, seconds, -1, null, device, now, PAYLOAD);
            } else if (roll < 88) {
                out[i] = new TrackEvent(eventId, user, session, "scroll", null, 0, random.nextInt(101), null, device, now, PAYLOAD);
            } else if (roll < 97) {
                out[i] = new TrackEvent(eventId, user, session, "click", SECTIONS[random.nextInt(SECTIONS.length)], 0, -1, null, device, now, PAYLOAD);
            } else {
                out[i] = new TrackEvent(eventId, user, session, "goal", "quick_cta", 0, -1, "signup", device, now, PAYLOAD);
            }
        }
        return out;
    }
}
