package dev.tailor.profile;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracked section names the site's {@code tailor.json} maps to no section: their seconds count
 * towards a visitor's engaged time but towards no topic, so a site whose markup says
 * {@code data-section="pricing"} for a cataloged {@code PricingTable} loses that signal. Each name
 * is logged once (with the fix) and counted for the dashboard. At most {@link #MAX_NAMES} names
 * are kept; events naming further ones are counted under {@link #OTHERS}, so garbage names cannot
 * grow memory.
 */
public final class UnmappedSections {
    private static final Logger log = LoggerFactory.getLogger(UnmappedSections.class);

    static final int MAX_NAMES = 100;
    static final String OTHERS = "(other names)";

    private final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

    /** Counts one engaged event on a section name the site does not catalog. */
    void record(String section) {
        AtomicLong count = events.get(section);
        if (count == null) {
            String key = events.size() >= MAX_NAMES ? OTHERS : section;
            count = events.computeIfAbsent(key, k -> {
                if (!k.equals(OTHERS)) {
                    log.warn("events name the section \"{}\", which tailor.json maps to no section: its seconds count for no topic."
                            + " Add \"aliases\": [\"{}\"] to the section it is in (under \"sections\" in tailor.json),"
                            + " or rename data-section=\"{}\" in the site's markup", k, k, k);
                }
                return new AtomicLong();
            });
        }
        count.incrementAndGet();
    }

    /** Unmapped section name → engaged events naming it, alphabetically. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        events.forEach((name, count) -> out.put(name, count.get()));
        return out;
    }
}
