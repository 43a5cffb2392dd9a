package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.store.sqlite.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsTest {

    @TempDir
    Path dir;

    private Experiments experiments(Database db) {
        return new Experiments(db, new RolloutPolicy(TailorConfig.from(Map.of()).rollout()), Clock.systemUTC());
    }

    @Test
    void erasingTheVisitorWhoMadeAVariantRemovesTheirIdFromItsRollout() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Experiments experiments = experiments(db);
            experiments.start("plan@base", "analytics_prominent", "alyssa");
            assertThat(experiments.route("plan@base", "alyssa").variant()).isTrue();

            assertThat(experiments.erase("alyssa")).isEqualTo(1);
            Rollout after = experiments.rollout("plan@base").orElseThrow();
            assertThat(after.owner()).isNotEqualTo("alyssa");
            assertThat(after.reason()).doesNotContain("alyssa");
            // and so after a restart, from the store
            assertThat(experiments(db).rollout("plan@base").orElseThrow().toString()).doesNotContain("alyssa");
        }
    }

    @Test
    void exposuresBufferedAtShutdownAreWritten() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Experiments experiments = experiments(db);
            experiments.start("plan@base", "analytics_prominent", "alyssa");
            for (int i = 0; i < 40; i++) {
                experiments.route("plan@base", "v" + i);
            }
            experiments.close();
            long stored = db.read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from exposures")) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
            assertThat(stored).isEqualTo(40);
        }
    }
}
