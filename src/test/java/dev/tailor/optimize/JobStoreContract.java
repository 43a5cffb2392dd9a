package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} does, whatever keeps the jobs; one subclass per adapter. */
public abstract class JobStoreContract {

    private JobStore store;

    /** A new, empty store. */
    protected abstract JobStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static OptimizationJob job(String id, String userId, long createdAt) {
        Plan plan = new Plan("content_rich", "content_engagement", List.of("hero", "blog"), List.of("pricing"),
                Map.of("hero", Map.of("headline", "Read more")), "content-rich", List.of("reads the blog"));
        return OptimizationJob.queued(id, userId, plan, "hash-" + id, new OptimizationJob.Trigger("test", 5), createdAt);
    }

    @Test
    void aBatchIsSavedLikeOneSaveEachAndReplacesByIdToo() {
        store.save(job("j1", "ann", 1_000));
        OptimizationJob live = job("j1", "ann", 1_000).entering(JobStage.LIVE, 2_000);
        store.saveAll(List.of(live, job("j2", "bob", 1_500)));
        store.saveAll(List.of());
        assertThat(store.latestPerUser()).containsOnlyKeys("ann", "bob");
        assertThat(store.latestOf("ann")).contains(live);
        assertThat(store.recent(10)).extracting(OptimizationJob::id).containsExactly("j2", "j1");
    }

    @Test
    void aSavedJobIsReadBackAsItWasSaved() {
        OptimizationJob job = job("j1", "ann", 1_000).entering(JobStage.PLANNING, 1_001).finishedStage(JobStage.PLANNING, 3, 1_004);
        store.save(job);
        assertThat(store.recent(10)).containsExactly(job);
        assertThat(store.latestPerUser()).containsExactly(Map.entry("ann", job));
    }

    @Test
    void savingAJobAgainReplacesItAndKeepsItsPlace() {
        store.save(job("j1", "ann", 1_000));
        store.save(job("j2", "bob", 1_000));
        OptimizationJob failed = job("j1", "ann", 1_000).failed("the build failed", 2_000);
        store.save(failed);
        assertThat(store.recent(10)).extracting(OptimizationJob::id).containsExactly("j2", "j1");
        assertThat(store.recent(10).get(1)).isEqualTo(failed);
    }

    @Test
    void totalsCountEveryJobByStageWithTheReusedAndTheCostSummed() {
        assertThat(store.totals()).isEqualTo(JobTotals.NONE);
        store.save(job("made", "ann", 1_000).generated("morph", "morph-v3-fast", 0.0125)
                .deployed("d1", "/artifacts/a", false).entering(JobStage.LIVE, 1_100));
        store.save(job("reused", "bob", 1_200).deployed("d1", "/artifacts/a", true).entering(JobStage.LIVE, 1_300));
        store.save(job("broken", "cy", 1_400).generated("morph", "morph-v3-large", 0.02).failed("the build failed", 1_500));
        store.save(job("waiting", "dee", 1_600));

        JobTotals totals = store.totals();
        assertThat(totals.all()).isEqualTo(4);
        assertThat(totals.live()).isEqualTo(2);
        assertThat(totals.reusedLive()).isEqualTo(1);
        assertThat(totals.generatedLive()).isEqualTo(1);
        assertThat(totals.failed()).isEqualTo(1);
        assertThat(totals.running()).isEqualTo(1);
        assertThat(totals.generationUsd()).isCloseTo(0.0325, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void recentJobsComeNewestFirstUpToTheLimit() {
        store.save(job("j2", "bob", 2_000));
        store.save(job("j1", "ann", 1_000));
        store.save(job("j3", "ann", 3_000));
        assertThat(store.recent(10)).extracting(OptimizationJob::id).containsExactly("j3", "j2", "j1");
        assertThat(store.recent(2)).extracting(OptimizationJob::id).containsExactly("j3", "j2");
    }

    @Test
    void eachVisitorsLatestJobIsTheOneCreatedLast() {
        store.save(job("a2", "ann", 2_000));
        store.save(job("a1", "ann", 1_000));
        store.save(job("b1", "bob", 1_500));
        Map<String, OptimizationJob> latest = store.latestPerUser();
        assertThat(latest).containsOnlyKeys("ann", "bob");
        assertThat(latest.get("ann").id()).isEqualTo("a2");
        assertThat(latest.get("bob").id()).isEqualTo("b1");
        assertThat(store.latestOf("ann")).map(OptimizationJob::id).contains("a2");
        assertThat(store.latestOf("bob")).map(OptimizationJob::id).contains("b1");
        assertThat(store.latestOf("cat")).isEmpty();
    }

    @Test
    void ofJobsCreatedInOneMillisecondTheOneFirstSavedLastIsTheLatest() {
        store.save(job("a1", "ann", 1_000));
        store.save(job("a2", "ann", 1_000));
        store.save(job("a1", "ann", 1_000).entering(JobStage.PLANNING, 1_100)); // saved again: keeps its place
        assertThat(store.latestPerUser().get("ann").id()).isEqualTo("a2");
        assertThat(store.latestOf("ann")).map(OptimizationJob::id).contains("a2");
        assertThat(store.recent(10)).extracting(OptimizationJob::id).containsExactly("a2", "a1");
    }

    @Test
    void onlyJobsThatAreNeitherLiveNorFailedAreUnfinished() {
        store.save(job("queued", "ann", 1_000));
        store.save(job("building", "bob", 1_000).entering(JobStage.BUILDING, 1_100));
        store.save(job("live", "cat", 1_000).entering(JobStage.LIVE, 1_200));
        store.save(job("failed", "dan", 1_000).failed("no", 1_300));
        assertThat(store.unfinished()).extracting(OptimizationJob::id).containsExactlyInAnyOrder("queued", "building");
    }

    @Test
    void erasingAVisitorDeletesTheirJobsAndNoOneElses() {
        store.save(job("a1", "ann", 1_000));
        store.save(job("a2", "ann", 2_000));
        store.save(job("b1", "bob", 1_500));
        assertThat(store.erase("ann")).isEqualTo(2);
        assertThat(store.recent(10)).extracting(OptimizationJob::id).containsExactly("b1");
        assertThat(store.erase("ann")).isZero();
    }
}
