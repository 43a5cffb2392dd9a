package dev.tailor.profile;

import dev.tailor.config.SiteContract;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.TrackEvent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Events and engines for profile tests, on the acme site's sections. */
final class Events {

    static final long T0 = 1_740_000_000_000L;
    static final long MINUTE = 60_000;
    static final long DAY = 86_400_000;
    private static final AtomicLong ids = new AtomicLong();

    private Events() {
    }

    static SectionTopics acmeTopics() {
        Map<String, SiteContract.SectionSpec> sections = new LinkedHashMap<>();
        sections.put("Hero", spec("brand"));
        sections.put("AnalyticsDashboard", spec("analytics"));
        sections.put("QuickMetrics", spec("analytics"));
        sections.put("TechnicalDeepDive", spec("content", "technical"));
        sections.put("CaseStudies", spec("content"));
        sections.put("QuickCTA", spec("cta"));
        sections.put("PricingTable", new SiteContract.SectionSpec(List.of("cta"), false, null, Map.of(), List.of("pricing")));
        return new SectionTopics(new SiteContract(Path.of("."), "acme", "Acme", "src/main.jsx", "src/Homepage.jsx",
                "Homepage", sections, new SiteContract.Brand(List.of(), List.of(), List.of(), List.of())));
    }

    private static SiteContract.SectionSpec spec(String... topics) {
        return new SiteContract.SectionSpec(List.of(topics), false, null, Map.of());
    }

    /** Profile settings read from configuration variables, as Tailor reads them. */
    static TailorConfig.ProfileSettings settings(Map<String, String> env) {
        return TailorConfig.from(env).profile();
    }

    static ProfileEngine engine(Map<String, String> env) {
        return new ProfileEngine(settings(env), acmeTopics());
    }

    static TrackEvent dwell(String user, String section, double seconds, long at) {
        return event(user, null, "section_dwell", section, seconds, null, at);
    }

    static TrackEvent pageView(String user, String session, long at, String device) {
        return new TrackEvent("ev-" + ids.incrementAndGet(), user, session, "page_view", null, 0, -1, null, device, at, "{}");
    }

    static TrackEvent event(String user, String session, String type, String section, double seconds, String device, long at) {
        return new TrackEvent("ev-" + ids.incrementAndGet(), user, session, type, section, seconds, -1,
                type.equals("goal") ? "signup" : null, device, at, "{}");
    }
}
