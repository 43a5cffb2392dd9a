package dev.tailor.variant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariantCatalogTest {

    @Test
    void twoPlansOfTheSameNameNeverShareAnAudienceEvenBeforeEitherIsLive() {
        VariantCatalog catalog = new VariantCatalog(new InMemoryVariantStore(), "base1");
        String first = catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1");
        String second = catalog.reserveAudience("simplified_flow", "bbbbbbbb22222222", "base1");
        assertThat(first).isEqualTo("simplified-flow");
        assertThat(second).isEqualTo("simplified-flow-bbbbbb");
        assertThat(catalog.reserveAudience("simplified_flow", "aaaaaaaa11111111", "base1")).as("same plan, same name")
                .isEqualTo(first);
    }

    private static LiveVariant variant(String planHash) {
        return new LiveVariant(planHash, "base1", "content-rich", "content_rich", "c0ffee", "artifact-" + planHash,
                "deployment-" + planHash, "http://localhost/", 1_000);
    }

    @Test
    void aRefreshTakesInWhatAnotherNodeWroteAndKeepsWhatThisNodeWroteMeanwhile() {
        InMemoryVariantStore shared = new InMemoryVariantStore();
        VariantCatalog nodeA = new VariantCatalog(shared, "base1");
        VariantCatalog nodeB = new VariantCatalog(shared, "base1");
        LiveVariant v = variant("hash-1");
        nodeA.addVariant(v);
        nodeA.assign("ann", v, 1_000);
        assertThat(nodeB.variantOf("ann")).isEmpty();

        nodeB.refresh(() -> { });
        assertThat(nodeB.find("hash-1", "base1")).contains(v);
        assertThat(nodeB.variantOf("ann")).contains(v);

        nodeA.unassign("ann"); // erased on A
        nodeB.refresh(() -> nodeB.assign("bob", v, 2_000)); // B routes bob while it reads the store
        assertThat(nodeB.variantOf("ann")).isEmpty();
        assertThat(nodeB.variantOf("bob")).as("written by B after its read of the store").contains(v);
        nodeB.refresh(() -> { });
        assertThat(nodeB.variantOf("bob")).contains(v);
    }
}
