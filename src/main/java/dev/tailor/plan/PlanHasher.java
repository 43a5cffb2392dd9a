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

    public static String hash(Plan plan) {
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
