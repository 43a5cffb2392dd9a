package dev.tailor.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The write-behind persists what changed, retries what a failed flush left, and rebuilds on request. */
class ProfileWriteBehindTest {

    private final ProfileEngine engine = Events.engine(Map.of());
    private final InMemoryProfileStore store = new InMemoryProfileStore(user -> true);

    @Test
    void aFlushWritesTheChangedProfilesAndDeletesTheForgottenOnes() {
        ProfileWriteBehind writeBehind = new ProfileWriteBehind(store, engine, Clock.systemUTC());
        engine.apply(Events.dwell("ann", "analytics_dashboard", 60, Events.T0));
        engine.apply(Events.dwell("bob", "case_studies", 30, Events.T0));

        assertThat(writeBehind.flush()).isEqualTo(2);
        assertThat(store.loadAll()).containsOnlyKeys("ann", "bob");
        assertThat(store.load("ann")).isEqualTo(engine.profile("ann"));

        engine.forget("bob");
        engine.apply(Events.dwell("ann", "hero", 5, Events.T0 + 1));
        assertThat(writeBehind.flush()).isEqualTo(2);
        assertThat(store.loadAll()).containsExactly(Map.entry("ann", engine.profile("ann").orElseThrow()));
        assertThat(writeBehind.flush()).as("nothing changed since").isZero();
    }

    @Test
    void whatAFailedFlushCouldNotWriteIsWrittenByTheNext() {
        FailingOnce failing = new FailingOnce(store);
        ProfileWriteBehind writeBehind = new ProfileWriteBehind(failing, engine, Clock.systemUTC());
        engine.apply(Events.dwell("ann", "analytics_dashboard", 60, Events.T0));

        assertThatThrownBy(writeBehind::flush).hasMessageContaining("disk full");
        assertThat(store.loadAll()).isEmpty();

        assertThat(writeBehind.flush()).isEqualTo(1);
        assertThat(store.load("ann")).isEqualTo(engine.profile("ann"));
    }

    @Test
    void replacingAllLeavesExactlyTheEnginesProfiles() {
        ProfileWriteBehind writeBehind = new ProfileWriteBehind(store, engine, Clock.systemUTC());
        engine.apply(Events.dwell("gone", "hero", 10, Events.T0));
        engine.apply(Events.dwell("ann", "hero", 10, Events.T0));
        writeBehind.flush();
        engine.forget("gone");
        engine.drainChanged(); // as if the forgetting had never reached the store
        engine.apply(Events.dwell("ann", "analytics_dashboard", 90, Events.T0 + 1));

        assertThat(writeBehind.replaceAll()).isEqualTo(1);

        assertThat(store.loadAll()).containsExactly(Map.entry("ann", engine.profile("ann").orElseThrow()));
    }

    /** A store whose first write fails, as a full disk would make it. */
    private static final class FailingOnce implements ProfileStore {
        private final ProfileStore store;
        private boolean failed;

        FailingOnce(ProfileStore store) {
            this.store = store;
        }

        @Override
        public int write(Collection<Profile> profiles, Collection<String> forgotten, long updatedAt) {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("database error: disk full");
            }
            return store.write(profiles, forgotten, updatedAt);
        }

        @Override
        public boolean delete(String userId) {
            return store.delete(userId);
        }

        @Override
        public int deleteOrphans() {
            return store.deleteOrphans();
        }

        @Override
        public int deleteAll() {
            return store.deleteAll();
        }

        @Override
        public Optional<Profile> load(String userId) {
            return store.load(userId);
        }

        @Override
        public Map<String, Profile> loadAll() {
            return store.loadAll();
        }
    }
}
