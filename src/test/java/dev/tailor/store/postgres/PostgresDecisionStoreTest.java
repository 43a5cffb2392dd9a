package dev.tailor.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.optimize.DecisionLog;
import dev.tailor.optimize.DecisionStore;
import dev.tailor.optimize.DecisionStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL decision store keeps the decision store contract, on a real server. */
class PostgresDecisionStoreTest extends DecisionStoreContract {

    private PostgresDatabase db;

    @Override
    protected DecisionStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresDecisionStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    /**
     * Three nodes' connection pools on one database, twelve claims each, all released at once: the
     * hourly budget of 5 is granted exactly 5 times in all, and exactly 5 rows are kept.
     */
    @Test
    void threePoolsRacingForABudgetOfFiveGetExactlyFive() throws Exception {
        PostgresDatabase.Location location = db.location();
        List<PostgresDatabase> pools = List.of(PostgresDatabase.open(location), PostgresDatabase.open(location),
                PostgresDatabase.open(location));
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 36; i++) {
                DecisionStore node = new PostgresDecisionStore(pools.get(i % 3));
                String user = "visitor-" + i;
                claims.add(callers.submit(() -> {
                    go.await();
                    return node.addWithin(new DecisionLog.Entry(user, now, "optimize", "race"), now - 3_600_000, 5);
                }));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> claim : claims) {
                granted += claim.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(5);
            assertThat(new PostgresDecisionStore(db).decidedSince("optimize", now - 3_600_000)).hasSize(5);
        } finally {
            callers.shutdownNow();
            pools.forEach(PostgresDatabase::close);
        }
    }
}
