package dev.tailor.profile;

import static dev.tailor.profile.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine applies what the event log stored, then tells its subscribers whose profiles moved. */
class ProfileChangesTest {

    @Test
    void subscribersHearOnceAGroupIsAppliedWithEveryChangedVisitorOnce() {
        ProfileEngine engine = Events.engine(Map.of());
        List<Set<String>> heard = new ArrayList<>();
        List<Double> analyticsSecondsWhenHeard = new ArrayList<>();
        engine.subscribe(users -> {
            heard.add(Set.copyOf(users));
            analyticsSecondsWhenHeard.add(engine.profile("ann").orElseThrow().topicSeconds().getOrDefault("analytics", 0.0));
        });

        engine.onStored(List.of(
                Events.dwell("ann", "AnalyticsDashboard", 30, T0),
                Events.dwell("bob", "CaseStudies", 10, T0 + 1),
                Events.dwell("ann", "QuickMetrics", 20, T0 + 2)));

        assertThat(heard).containsExactly(Set.of("ann", "bob"));
        assertThat(analyticsSecondsWhenHeard).as("the listener sees the profiles already updated").containsExactly(50.0);
    }
}
