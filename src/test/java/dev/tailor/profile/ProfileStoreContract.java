package dev.tailor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.track.EventStore;
import dev.tailor.track.TrackEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProfileStore} adapter does, as the write-behind, erasure, retention and
 * {@code tailor profiles rebuild} rely on it: one subclass per adapter runs these against it.
 */
public abstract class ProfileStoreContract {

    /** A profile store and the event store it judges orphans by (one store: the same database). */
    public record Stores(ProfileStore profiles, EventStore events) {
    }

    private ProfileStore store;
    private EventStore events;
    private final ProfileEngine engine = Events.engine(Map.of());

    /** New, empty stores. */
    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        store = stores.profiles();
        events = stores.events();
    }

    /** A real profile, as the engine derives it, after one more event of the visitor. */
    private Profile profileAfter(String user, String section, double seconds) {
        engine.apply(Events.dwell(user, section, seconds, Events.T0));
        return engine.profile(user).orElseThrow();
    }

    @Test
    void aWrittenProfileLoadsBackEqual() {
        Profile ann = profileAfter("ann", "analytics_dashboard", 90);
        Profile bob = profileAfter("bob", "case_studies", 40);

        assertThat(store.write(List.of(bob, ann), List.of(), Events.T0)).isEqualTo(2);

        assertThat(store.load("ann")).contains(ann);
        assertThat(store.load("nobody")).isEmpty();
        assertThat(store.loadAll()).containsExactly(Map.entry("ann", ann), Map.entry("bob", bob));
    }

    @Test
    void writingAgainReplacesTheProfileAndForgottenVisitorsAreDeletedInTheSameWrite() {
        store.write(List.of(profileAfter("ann", "hero", 10), profileAfter("bob", "hero", 10)), List.of(), Events.T0);
        Profile annLater = profileAfter("ann", "analytics_dashboard", 120);

        int rows = store.write(List.of(annLater), List.of("bob", "never-stored"), Events.T0 + 1);

        assertThat(rows).as("one written, one deleted").isEqualTo(2);
        assertThat(store.loadAll()).containsExactly(Map.entry("ann", annLater));
    }

    @Test
    void deletingSaysWhetherThereWasAProfile() {
        store.write(List.of(profileAfter("ann", "hero", 10)), List.of(), Events.T0);

        assertThat(store.delete("ann")).isTrue();
        assertThat(store.delete("ann")).isFalse();
        assertThat(store.load("ann")).isEmpty();
    }

    @Test
    void orphansAreTheProfilesOfVisitorsWithoutEvents() {
        TrackEvent annEvent = Events.dwell("ann", "hero", 10, Events.T0);
        events.append(List.of(new EventStore.Batch(List.of(annEvent), List.of())), Events.T0);
        Profile ann = profileAfter("ann", "hero", 10);
        store.write(List.of(ann, profileAfter("bob", "hero", 10), profileAfter("cy", "hero", 10)), List.of(), Events.T0);

        assertThat(store.deleteOrphans()).isEqualTo(2);

        assertThat(store.loadAll()).containsExactly(Map.entry("ann", ann));
        assertThat(store.deleteOrphans()).isZero();
    }

    @Test
    void deletingAllEmptiesTheStore() {
        store.write(List.of(profileAfter("ann", "hero", 10), profileAfter("bob", "hero", 10)), List.of(), Events.T0);

        assertThat(store.deleteAll()).isEqualTo(2);

        assertThat(store.loadAll()).isEmpty();
        assertThat(store.deleteAll()).isZero();
    }
}
