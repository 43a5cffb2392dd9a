package dev.tailor.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A canonical hash of what a plan does to the page (order, hidden sections, props, layout
 * class), ignoring its name and the reasons behind it: two visitors whose plans hash the same
 * get the same variant, generated and deployed once.
 */
public final class PlanHasher {

    private PlanHasher() {
    }

    /** What the hash reads of a plan: two plans equal here hash the same. */
    private record Shape(Plan.PagePlan primary, java.util.Map<String, Plan.PagePlan> others) {
    }

    /**
     * Hashes already computed: the trigger hashes the plan of every visitor it judges, and a site's
     * visitors share few plans. Bounded by forgetting all of them at once; they are only a cache.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Shape, String> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_KNOWN = 4096;

    public static String hash(Plan plan) {
        Shape shape = new Shape(plan.primaryPage(), plan.otherPages());
        String known = KNOWN.get(shape);
        if (known != null) {
            return known;
        }
        String hash = compute(plan);
        if (KNOWN.size() >= MAX_KNOWN) {
            KNOWN.clear();
        }
        KNOWN.put(shape, hash);
        return hash;
    }

    private static String compute(Plan plan) {
        StringBuilder canonical = new StringBuilder();
        append(canonical, plan.primaryPage());
        // only a plan that changes other pages says so: a single-page plan keeps the hash it always had
        new TreeMap<>(plan.otherPages()).forEach((path, page) -> {
            canonical.append("page=").append(path).append('\n');
            append(canonical, page);
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void append(StringBuilder canonical, Plan.PagePlan page) {
        canonical.append("order=").append(String.join(",", page.order())).append('\n');
        canonical.append("hidden=").append(String.join(",", page.hidden().stream().sorted().toList())).append('\n');
        new TreeMap<>(page.props()).forEach((section, props) -> {
            canonical.append("props.").append(section).append('=');
            new TreeMap<String, Object>(props).forEach((k, v) -> canonical.append(k).append(':')
                    .append(v == null ? "null" : v.getClass().getSimpleName() + ":" + v).append(';'));
            canonical.append('\n');
        });
        canonical.append("layout=").append(page.layoutClass()).append('\n');
    }
}
