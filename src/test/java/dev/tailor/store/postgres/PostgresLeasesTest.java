package dev.tailor.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.schedule.Leases;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases on a real PostgreSQL: each instance is one node's lease session. */
class PostgresLeasesTest {

    private PostgresDatabase db;
    private PostgresLeases nodeA;
    private PostgresLeases nodeB;

    @BeforeEach
    void open() {
        db = TestPostgres.openNewDatabase();
        nodeA = new PostgresLeases(db);
        nodeB = new PostgresLeases(db);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        db.close();
    }

    @Test
    void aLeaseHeldByOneNodeIsRefusedToAnotherUntilItIsClosed() {
        Leases.Lease held = nodeA.tryAcquire("optimize:alyssa").orElseThrow();
        assertThat(nodeB.tryAcquire("optimize:alyssa")).isEmpty();
        assertThat(nodeB.tryAcquire("optimize:marcus")).as("another key is free").isPresent().get()
                .satisfies(Leases.Lease::close);
        held.close();
        Optional<Leases.Lease> next = nodeB.tryAcquire("optimize:alyssa");
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void aSecondThreadOfTheSameNodeDoesNotGetALeaseTheFirstHolds() {
        // PostgreSQL's advisory locks are re-entrant per session: the node itself must refuse
        try (Leases.Lease held = nodeA.tryAcquire("variant:p@b").orElseThrow()) {
            assertThat(nodeA.tryAcquire("variant:p@b")).isEmpty();
        }
        assertThat(nodeA.tryAcquire("variant:p@b")).isPresent().get().satisfies(Leases.Lease::close);
    }

    @Test
    void aNodeThatDiesReleasesItsLeases() throws Exception {
        nodeA.tryAcquire("rollout-judgement").orElseThrow();
        assertThat(nodeB.tryAcquire("rollout-judgement")).isEmpty();
        nodeA.close(); // its session ends, as when the process is killed and the server sees the socket close
        // the server ends the session just after the socket closes: the lease is free once it has
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Optional<Leases.Lease> taken = nodeB.tryAcquire("rollout-judgement");
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            taken = nodeB.tryAcquire("rollout-judgement");
        }
        assertThat(taken).isPresent().get().satisfies(Leases.Lease::close);
    }

    @Test
    void waitingForALeaseGetsItOnceTheOtherNodeLetsGo() throws Exception {
        Leases.Lease held = nodeA.acquire("variant:p@b");
        CompletableFuture<Leases.Lease> waiting = CompletableFuture.supplyAsync(() -> nodeB.acquire("variant:p@b"));
        Thread.sleep(3 * PostgresLeases.WAIT_POLL_MILLIS);
        assertThat(waiting).isNotDone();
        held.close();
        waiting.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void closingALeaseTwiceReleasesItOnce() {
        Leases.Lease first = nodeA.tryAcquire("k").orElseThrow();
        first.close();
        Leases.Lease second = nodeA.tryAcquire("k").orElseThrow();
        first.close(); // must not release the second holding
        assertThat(nodeB.tryAcquire("k")).isEmpty();
        second.close();
    }
}
