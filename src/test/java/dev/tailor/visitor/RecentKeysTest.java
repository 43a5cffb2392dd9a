package dev.tailor.visitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

    @Test
    void aFloodOfUniqueKeysHoldsAtMostTheBoundAndForgetsTheLeastRecentlyUsedFirst() {
        RecentKeys<Integer> keys = new RecentKeys<>(1_000);
        keys.add("kept", 0);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(keys.add("flood-" + i, i)).isTrue();
            if (i % 500 == 0) {
                assertThat(keys.get("kept")).contains(0); // used now and then: stays
            }
        }
        assertThat(keys.size()).isEqualTo(1_000);
        assertThat(keys.get("kept")).contains(0);
        assertThat(keys.get("flood-0")).isEmpty();
        assertThat(keys.get("flood-999999")).contains(999_999);
        assertThat(keys.add("flood-999999", -1)).isFalse();
        assertThat(keys.put("flood-999999", 7)).contains(999_999);
        keys.removeKeysIf(k -> k.startsWith("flood-"));
        assertThat(keys.size()).isEqualTo(1);
    }
}
