package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The trigger's backlog: coalescing, its bound, its order and its parallelism, by counts only. */
class TriggerQueueTest {

    /** An evaluation that holds its thread until released, recording who it judged and with which change. */
    private static final class Judge implements TriggerQueue.Evaluation {
        final List<String> judged = new CopyOnWriteArrayList<>();
        final Map<String, Long> storedAt = new ConcurrentHashMap<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();

        @Override
        public void evaluate(String userId, long changeStoredAt) {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            judged.add(userId);
            storedAt.putIfAbsent(userId, changeStoredAt);
            inside.decrementAndGet();
        }
    }

    /**
     * A queue whose first evaluation, of {@code first}, has started and is held by {@code judge} until
     * it is released: whatever is offered next waits behind it.
     */
    private static TriggerQueue busyWith(String first, int capacity, int threads, Judge judge) throws InterruptedException {
        TriggerQueue queue = new TriggerQueue(new TriggerQueue.Settings(capacity, threads, Duration.ZERO), Thread::new, judge);
        queue.offer(first, 0);
        assertThat(judge.firstStarted.await(10, TimeUnit.SECONDS)).as("the evaluation of " + first + " started").isTrue();
        return queue;
    }

    /** Lets every evaluation finish, then closes the queue (which waits for what is still queued). */
    private static void releaseAndClose(Judge judge, TriggerQueue queue) throws InterruptedException {
        judge.release.countDown();
        queue.close();
    }

    @Test
    void changesOfAWaitingVisitorAreJudgedOnceWithTheEarliestChange() throws Exception {
        Judge judge = new Judge();
        TriggerQueue queue = busyWith("blocker", 100, 1, judge);
        for (int i = 0; i < 50; i++) {
            queue.offer("alice", 100 + i);
        }
        assertThat(queue.figures().depth()).isEqualTo(2);
        releaseAndClose(judge, queue);

        assertThat(judge.judged).containsExactly("blocker", "alice");
        assertThat(judge.storedAt).containsEntry("alice", 100L);
        assertThat(queue.figures().coalesced()).isEqualTo(49);
        assertThat(queue.figures().evaluated()).isEqualTo(2);
        assertThat(queue.figures().depth()).isZero();
    }

    @Test
    void aChangeWhileTheVisitorIsBeingJudgedIsJudgedOnceMoreAfterwards() throws Exception {
        Judge judge = new Judge();
        TriggerQueue queue = busyWith("alice", 100, 2, judge);
        queue.offer("alice", 2);
        queue.offer("alice", 3);
        releaseAndClose(judge, queue);

        assertThat(judge.judged).containsExactly("alice", "alice");
        assertThat(judge.mostInside.get()).as("one visitor is never judged on two threads at once").isEqualTo(1);
        assertThat(queue.figures().coalesced()).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsAndCountsNewVisitorsAndTakesThemAgainOnceThereIsRoom() throws Exception {
        Judge judge = new Judge();
        TriggerQueue queue = busyWith("blocker", 3, 1, judge);
        queue.offer("a", 2);
        queue.offer("b", 3);
        queue.offer("c", 4);
        queue.offer("d", 5);
        queue.offer("a", 6); // already waiting: coalesced, not dropped
        assertThat(queue.figures().dropped()).isEqualTo(2);
        assertThat(queue.figures().depth()).isEqualTo(3);
        judge.release.countDown();
        while (queue.figures().depth() > 0) {
            Thread.onSpinWait();
        }
        queue.offer("c", 7);
        queue.close();

        assertThat(judge.judged).containsExactly("blocker", "a", "b", "c");
        assertThat(queue.figures().coalesced()).isEqualTo(1);
    }

    @Test
    void visitorsAreJudgedInTheOrderTheyWereQueued() throws Exception {
        Judge judge = new Judge();
        TriggerQueue queue = busyWith("blocker", 1_000, 1, judge);
        List<String> visitors = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "v" + i).toList();
        visitors.forEach(v -> queue.offer(v, 1));
        releaseAndClose(judge, queue);

        assertThat(judge.judged.subList(1, judge.judged.size())).containsExactlyElementsOf(visitors);
    }

    @Test
    void severalVisitorsAreJudgedAtOnce() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger sawTheOther = new AtomicInteger();
        TriggerQueue queue = new TriggerQueue(new TriggerQueue.Settings(10, 2, Duration.ZERO), Thread::new, (user, at) -> {
            bothInside.countDown();
            try {
                if (bothInside.await(10, TimeUnit.SECONDS)) {
                    sawTheOther.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queue.offer("a", 1);
        queue.offer("b", 1);
        queue.close();

        assertThat(sawTheOther.get()).as("each evaluation saw the other one running beside it").isEqualTo(2);
    }

    @Test
    void closeAwaitsTheEvaluationsAlreadyQueuedAndAForgottenVisitorIsNotJudged() throws Exception {
        Judge judge = new Judge();
        TriggerQueue queue = busyWith("blocker", 100, 1, judge);
        queue.offer("a", 1);
        queue.offer("erased", 1);
        queue.offer("b", 1);
        queue.forget("erased");
        releaseAndClose(judge, queue);
        queue.offer("late", 2);

        assertThat(judge.judged).containsExactly("blocker", "a", "b");
        assertThat(queue.figures().depth()).isZero();
    }
}
