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
 * @param otherPages  URL path → what the plan does to that page, for the site's pages other than the primary
 *                    one (which the fields above describe) that the plan changes; empty on a single-page site
 */
public record Plan(
        String name,
        String target,
        List<String> order,
        List<String> hidden,
        Map<String, Map<String, Object>> props,
        String layoutClass,
        List<String> reasons,
        Map<String, PagePlan> otherPages) {

    public Plan {
        order = List.copyOf(order);
        hidden = List.copyOf(hidden);
        props = Map.copyOf(props);
        reasons = List.copyOf(reasons);
        // a plan stored before sites had several pages has none
        otherPages = otherPages == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(otherPages));
    }

    /** A plan of the primary page alone. */
    public Plan(String name, String target, List<String> order, List<String> hidden, Map<String, Map<String, Object>> props,
                String layoutClass, List<String> reasons) {
        this(name, target, order, hidden, props, layoutClass, reasons, Map.of());
    }

    /**
     * What a plan does to one page.
     *
     * @param order       every visible section of the page, in the order it should appear
     * @param hidden      sections removed from the page
     * @param props       section → prop → value to set on it
     * @param layoutClass CSS class added to the page's root element, or null
     */
    public record PagePlan(List<String> order, List<String> hidden, Map<String, Map<String, Object>> props, String layoutClass) {
        public PagePlan {
            order = List.copyOf(order);
            hidden = List.copyOf(hidden);
            props = Map.copyOf(props);
        }

        /** Whether it leaves a page whose sections are {@code pageOrder} as it is. */
        public boolean leavesAsIs(List<String> pageOrder) {
            return order.equals(pageOrder) && hidden.isEmpty() && props.isEmpty() && layoutClass == null;
        }
    }

    /** What this plan does to the primary page. */
    public PagePlan primaryPage() {
        return new PagePlan(order, hidden, props, layoutClass);
    }

    /**
     * This plan as a plan of one page (its name, target and reasons, that page's layout), for a generator
     * or validator that works on that page alone.
     */
    public Plan onPage(PagePlan page) {
        return new Plan(name, target, page.order(), page.hidden(), page.props(), page.layoutClass(), reasons);
    }
}
