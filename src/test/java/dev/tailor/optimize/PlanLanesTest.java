package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jobs of one plan run one after the other on one worker; other plans keep moving meanwhile. */
class PlanLanesTest {

    @Test
    void jobsOfAPlanBeingMadeWaitOffTheWorkersWhileOtherPlansRun() throws Exception {
        PlanLanes lanes = new PlanLanes(Executors.newFixedThreadPool(2));
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch makingA = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);

        lanes.submit("A", () -> {
            makingA.countDown();
            await(releaseA);
            ran.add("A1");
        });
        await(makingA);
        for (int i = 2; i <= 4; i++) {
            String name = "A" + i;
            lanes.submit("A", () -> ran.add(name));
        }
        assertThat(lanes.figures()).isEqualTo(new PlanLanes.Figures(1, 3, 3));
        // with three jobs of A waiting, the second worker is still free for plan B
        lanes.submit("B", () -> {
            ran.add("B1");
            bDone.countDown();
        });
        await(bDone);
        assertThat(ran).containsExactly("B1");
        // B's lane closes once its worker is back from the job: only A's waiting jobs are certain here
        assertThat(lanes.figures().waiting()).isEqualTo(3);

        releaseA.countDown();
        lanes.close();
        assertThat(ran).containsExactly("B1", "A1", "A2", "A3", "A4");
        assertThat(lanes.figures()).isEqualTo(new PlanLanes.Figures(0, 0, 3));
    }

    @Test
    void aJobThatThrowsDoesNotStrandTheJobsWaitingBehindIt() throws Exception {
        PlanLanes lanes = new PlanLanes(Executors.newSingleThreadExecutor());
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lanes.submit("A", () -> {
            started.countDown();
            await(release);
            throw new IllegalStateException("boom");
        });
        await(started);
        lanes.submit("A", () -> ran.add("A2"));
        release.countDown();
        lanes.close();

        assertThat(ran).containsExactly("A2");
        assertThat(lanes.figures().running()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
