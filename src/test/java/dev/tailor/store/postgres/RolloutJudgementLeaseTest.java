package dev.tailor.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.schedule.Leases;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' {@link Experiments} on one PostgreSQL: a rollout is judged by the node holding the
 * judgement lease, on the exposures every node recorded, and the verdict reaches the other node.
 */
class RolloutJudgementLeaseTest {

    private PostgresDatabase db;
    private PostgresLeases leasesA;
    private PostgresLeases leasesB;

    @BeforeEach
    void open() {
        db = TestPostgres.openNewDatabase();
        leasesA = new PostgresLeases(db);
        leasesB = new PostgresLeases(db);
    }

    @AfterEach
    void close() {
        leasesA.close();
        leasesB.close();
        db.close();
    }

    private Experiments node(Leases leases) {
        // one visitor per arm and no minimum stage time: a stage with no decline is promoted at the first judgement
        RolloutPolicy policy = new RolloutPolicy(TailorConfig.from(Map.of("TAILOR_ROLLOUT_MIN_VISITORS", "1",
                "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s")).rollout());
        return new Experiments(new PostgresRolloutStore(db), policy, Clock.systemUTC(), leases);
    }

    @Test
    void onlyTheLeaseHolderJudgesAndEveryNodeSeesItsVerdict() {
        Experiments a = node(leasesA);
        Experiments b = node(leasesB);
        a.start("plan@base", "analytics_prominent", "alyssa");
        for (int i = 0; i < 200; i++) { // 5%: some treatment, most control
            a.route("plan@base", "visitor-" + i);
        }

        Leases.Lease elsewhere = leasesB.tryAcquire("rollout-judgement").orElseThrow(); // as if a third node were judging
        a.check(); // writes A's exposures, judges nothing
        b.check();
        assertThat(new PostgresRolloutStore(db).rollouts()).singleElement().satisfies(r -> assertThat(r.percent()).isEqualTo(5));
        elsewhere.close();

        b.check(); // B never saw the rollout start nor a page load: it judges what A stored
        assertThat(new PostgresRolloutStore(db).rollouts()).singleElement().satisfies(r -> assertThat(r.percent()).isEqualTo(25));
        assertThat(a.rollout("plan@base").orElseThrow().percent()).as("before A reads the store").isEqualTo(5);
        a.refresh();
        assertThat(a.rollout("plan@base").orElseThrow().percent()).isEqualTo(25);
    }
}
