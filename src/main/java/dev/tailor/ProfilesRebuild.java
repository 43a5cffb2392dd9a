package dev.tailor;

import dev.tailor.config.TailorConfig;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileComparison;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.ProfileStore;
import dev.tailor.profile.ProfileWriteBehind;
import dev.tailor.repo.VariantRepo;
import dev.tailor.store.Stores;
import dev.tailor.store.sqlite.SqliteStores;
import dev.tailor.track.EventLog;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tailor profiles rebuild [--check]}: profiles are derived state. This replays the whole
 * event log into fresh profiles, compares them field by field with the persisted ones, reports
 * every difference ("0 differences" means the log and the profiles agree), and then replaces the
 * persisted profiles with the rebuilt ones. With {@code --check} it only compares, and exits 1
 * when anything differs. Run it while Tailor is stopped: a running server writes profiles behind
 * (up to {@code TailorApp.PROFILE_FLUSH_INTERVAL}, 5 seconds, late) and would race the comparison.
 */
public final class ProfilesRebuild {

    private ProfilesRebuild() {
    }

    /** @return the exit status: 0, or 1 when {@code checkOnly} and the profiles differ */
    public static int run(TailorConfig config, PrintStream out, boolean checkOnly) {
        long started = System.nanoTime();
        // the same stores, repository and engine as a running Tailor, from the same factories
        try (Stores stores = SqliteStores.open(config.databaseFile(), TailorApp.json());
             VariantRepo repo = TailorApp.openVariantRepo(config)) {
            ProfileEngine engine = TailorApp.profileEngine(config, TailorApp.site(repo));
            try (EventLog log = new EventLog(stores.events(), Clock.systemUTC(), events -> { })) {
                log.replay(engine::apply);
                out.printf("replayed %d events into %d profiles in %d ms%n", log.count(), engine.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            Map<String, Profile> replayed = new TreeMap<>();
            engine.userIds().forEach(u -> replayed.put(u, engine.profile(u).orElseThrow()));
            ProfileStore store = stores.profiles();
            Map<String, Profile> persisted = store.loadAll();
            List<ProfileComparison.Difference> differences = ProfileComparison.compare(replayed, persisted);
            out.printf("compared with %d persisted profiles: %d difference%s%n", persisted.size(), differences.size(),
                    differences.size() == 1 ? "" : "s");
            differences.forEach(d -> out.println("  differs  " + d));
            for (Profile p : replayed.values()) {
                out.printf("  %-24s %-17s confidence %.2f  %s%n", p.userId(), p.persona(), p.confidence(), p.explanation());
            }
            if (checkOnly) {
                return differences.isEmpty() ? 0 : 1;
            }
            int written = new ProfileWriteBehind(store, engine, Clock.systemUTC()).replaceAll();
            out.printf("wrote %d rebuilt profiles%n", written);
            return 0;
        }
    }
}
