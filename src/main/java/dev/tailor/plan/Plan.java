package dev.tailor.plan;

import java.util.List;
import java.util.Map;

/**
 * A personalized layout of the page component, independent of how it is produced.
 *
 * @param name        the variant's readable name, e.g. {@code analytics_prominent}
 * @param target      what the plan optimizes for, e.g. {@code analytics_visibility}
 * @param order       every visible section, in the order it should appear
 * @param hidden      sections removed from the page
 * @param props       section → prop → value to set on it
 * @param layoutClass CSS class added to the page's root element, e.g. {@code analytics-prominent}
 * @param reasons     why, in words drawn from the profile
 */
public record Plan(
        String name,
        String target,
        List<String> order,
        List<String> hidden,
        Map<String, Map<String, Object>> props,
        String layoutClass,
        List<String> reasons) {

    public Plan {
        order = List.copyOf(order);
        hidden = List.copyOf(hidden);
        props = Map.copyOf(props);
        reasons = List.copyOf(reasons);
    }
}
