package dev.tailor.variant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VariantStore} does, whatever keeps the catalog; one subclass per adapter. */
public abstract class VariantStoreContract {

    private VariantStore store;

    /** A new, empty store. */
    protected abstract VariantStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static LiveVariant variant(String planHash, String baseCommit, String audience, long createdAt) {
        return new LiveVariant(planHash, baseCommit, audience, audience.replace('-', '_'), "c0ffee" + planHash,
                "artifact-" + planHash, "deployment-" + planHash, "http://localhost/artifacts/" + planHash + "/", createdAt);
    }

    @Test
    void aBatchOfAssignmentsIsKeptLikeOneAssignEach() {
        store.assign(new Assignment("ann", "hash-1", "base1", 1_000));
        store.assignAll(java.util.List.of(new Assignment("ann", "hash-2", "base1", 2_000),
                new Assignment("bob", "hash-2", "base1", 2_000)));
        store.assignAll(java.util.List.of());
        assertThat(store.assignments()).containsExactlyInAnyOrder(new Assignment("ann", "hash-2", "base1", 2_000),
                new Assignment("bob", "hash-2", "base1", 2_000));
    }

    @Test
    void anEmptyStoreHasNoVariantsAndNoAssignments() {
        assertThat(store.variants()).isEmpty();
        assertThat(store.assignments()).isEmpty();
    }

    @Test
    void aSavedVariantIsReadBackAsItWasSaved() {
        LiveVariant v = variant("hash-1", "base1", "content-rich", 1_000);
        store.save(v);
        assertThat(store.variants()).containsExactly(v);
    }

    @Test
    void aVariantIsOnePlanOnOneBaseSavingItAgainReplacesIt() {
        store.save(variant("hash-1", "base1", "content-rich", 1_000));
        store.save(variant("hash-1", "base2", "content-rich", 2_000));
        LiveVariant redeployed = variant("hash-1", "base1", "content-rich-hash-1", 3_000);
        store.save(redeployed);
        assertThat(store.variants()).containsExactlyInAnyOrder(redeployed, variant("hash-1", "base2", "content-rich", 2_000));
    }

    @Test
    void aVisitorHasOneAssignmentTheLatest() {
        store.assign(new Assignment("ann", "hash-1", "base1", 1_000));
        store.assign(new Assignment("bob", "hash-1", "base1", 1_100));
        store.assign(new Assignment("ann", "hash-2", "base1", 2_000));
        assertThat(store.assignments()).containsExactlyInAnyOrder(new Assignment("ann", "hash-2", "base1", 2_000),
                new Assignment("bob", "hash-1", "base1", 1_100));
    }

    @Test
    void oneVisitorsAssignmentIsReadByTheirId() {
        store.assign(new Assignment("ann", "hash-1", "base1", 1_000));
        store.assign(new Assignment("bob", "hash-2", "base1", 1_100));
        store.assign(new Assignment("ann", "hash-3", "base1", 2_000));
        assertThat(store.assignmentOf("ann")).contains(new Assignment("ann", "hash-3", "base1", 2_000));
        assertThat(store.assignmentOf("bob")).contains(new Assignment("bob", "hash-2", "base1", 1_100));
        assertThat(store.assignmentOf("carol")).isEmpty();
    }

    @Test
    void unassigningSaysWhetherTheVisitorHadAnAssignmentAndTouchesNoOneElse() {
        store.assign(new Assignment("ann", "hash-1", "base1", 1_000));
        store.assign(new Assignment("bob", "hash-1", "base1", 1_100));
        assertThat(store.unassign("ann")).isTrue();
        assertThat(store.unassign("ann")).isFalse();
        assertThat(store.assignments()).containsExactly(new Assignment("bob", "hash-1", "base1", 1_100));
    }

    @Test
    void aCatalogOpenedOnTheStoreSeesWhatAnEarlierOneWrote() {
        VariantCatalog before = new VariantCatalog(store, "base1");
        LiveVariant current = variant("hash-1", "base1", "content-rich", 1_000);
        LiveVariant stale = variant("hash-2", "base0", "analytics-prominent", 500);
        before.addVariant(current);
        before.addVariant(stale);
        before.assign("ann", current, 1_000);
        before.assign("bob", stale, 1_000);
        before.assign("cat", current, 1_000);
        before.unassign("cat");

        VariantCatalog after = new VariantCatalog(store, "base1");
        assertThat(after.variantOf("ann")).contains(current);
        assertThat(after.assignedVariant("bob")).contains(stale);
        assertThat(after.variantOf("bob")).as("stale: the original").isEmpty();
        assertThat(after.variantOf("cat")).isEmpty();
        assertThat(after.stale()).containsExactly(stale);
        assertThat(after.assignedCount()).isEqualTo(2);
    }
}
