package dev.tailor;

import dev.tailor.config.SiteContractLoader;
import dev.tailor.config.TailorConfig;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.repo.OriginalSite;
import dev.tailor.repo.VariantRepo;
import dev.tailor.store.Database;
import dev.tailor.track.EventLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code tailor profiles rebuild}: profiles are derived state; this replays the whole event log
 * into fresh profiles and reports them, proving they can always be recovered from the log.
 */
final class ProfilesRebuild {

    private ProfilesRebuild() {
    }

    static int run(TailorConfig config, PrintStream out) {
        long started = System.nanoTime();
        try (Database db = Database.open(config.databaseFile());
             VariantRepo repo = VariantRepo.open(config.mainRepoPath(), OriginalSite.resolve(
                     config.originalRepoPath().map(Path::toString).orElse(null), config.dataDir().resolve("original-website")))) {
            ProfileEngine engine = new ProfileEngine(config.profile(),
                    new SectionTopics(new SiteContractLoader(TailorApp.json()).load(repo.originalCheckout())));
            try (EventLog log = new EventLog(db, Clock.systemUTC(), events -> { })) {
                log.replay(engine::apply);
                out.printf("replayed %d events into %d profiles in %d ms%n", log.count(), engine.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            for (String user : engine.userIds().stream().sorted().toList()) {
                Profile p = engine.profile(user).orElseThrow();
                out.printf("  %-24s %-17s confidence %.2f  %s%n", user, p.persona(), p.confidence(), p.explanation());
            }
            return 0;
        }
    }
}
