package dev.tailor.optimize;

import dev.tailor.config.SiteContract;
import dev.tailor.config.SiteContract.SectionSpec;
import dev.tailor.profile.PersonaClassifier;
import dev.tailor.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Profile → plan, deterministically, for any site that follows the contract.
 *
 * <p>A persona has a focus topic (data_focused → analytics, content_explorer → content,
 * quick_decider → cta). Sections whose first topic is the focus move to the top (after sections
 * pinned there) and their props take their emphasized value — by the contract's convention the
 * last allowed value ({@code position: ["default","hero"]} → hero). A quick decider also loses
 * every optional section outside the focus, for a short page.
 */
public final class Planner {

    private record Focus(String topic, String planName, String target, String layoutClass, boolean simplify) {
    }

    private static final Map<String, Focus> FOCUS_BY_PERSONA = Map.of(
            PersonaClassifier.DATA_FOCUSED, new Focus("analytics", "analytics_prominent", "analytics_visibility", "analytics-prominent", false),
            PersonaClassifier.CONTENT_EXPLORER, new Focus("content", "content_rich", "content_depth", "content-rich", false),
            PersonaClassifier.QUICK_DECIDER, new Focus("cta", "simplified_flow", "conversion_speed", "simplified-flow", true));

    /** A plan for the visitor, or empty when the profile has no persona or the site has nothing to emphasize for it. */
    public Optional<Plan> plan(Profile profile, SiteContract site) {
        Focus focus = FOCUS_BY_PERSONA.get(profile.persona());
        if (focus == null) {
            return Optional.empty();
        }
        List<String> top = new ArrayList<>();
        List<String> focused = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        List<String> bottom = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        Map<String, Map<String, Object>> props = new LinkedHashMap<>();
        site.sections().forEach((name, spec) -> {
            boolean inFocus = !spec.topics().isEmpty() && spec.topics().get(0).equals(focus.topic());
            if ("top".equals(spec.pinned())) {
                top.add(name);
            } else if ("bottom".equals(spec.pinned())) {
                bottom.add(name);
            } else if (inFocus) {
                focused.add(name);
            } else if (focus.simplify() && !spec.required()) {
                hidden.add(name);
            } else {
                rest.add(name);
            }
            if (inFocus) {
                Map<String, Object> emphasized = emphasizedProps(spec);
                if (!emphasized.isEmpty()) {
                    props.put(name, emphasized);
                }
            }
        });
        if (focused.isEmpty()) {
            return Optional.empty();
        }
        List<String> order = new ArrayList<>(top);
        order.addAll(focused);
        order.addAll(rest);
        order.addAll(bottom);
        return Optional.of(new Plan(focus.planName(), focus.target(), order, hidden, props, focus.layoutClass(),
                reasons(profile, focus, focused, hidden)));
    }

    private static Map<String, Object> emphasizedProps(SectionSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        spec.props().forEach((prop, values) -> {
            if (!values.isEmpty()) {
                out.put(prop, values.get(values.size() - 1));
            }
        });
        return out;
    }

    private static List<String> reasons(Profile profile, Focus focus, List<String> focused, List<String> hidden) {
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "%s_preference %.2f: %s", focus.topic(), profile.preference(focus.topic()),
                profile.explanation()));
        reasons.add(String.format(Locale.ROOT, "persona %s with confidence %.2f", profile.persona(), profile.confidence()));
        reasons.add("moves " + String.join(", ", focused) + " to the top");
        if (!hidden.isEmpty()) {
            reasons.add("hides " + String.join(", ", hidden) + " for a shorter page");
        }
        return reasons;
    }
}
