package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketingTest {

    @Test
    void aVisitorAlwaysLandsInTheSameBucket() {
        assertThat(Bucketing.bucket("plan@base", "carol")).isEqualTo(Bucketing.bucket("plan@base", "carol"))
                .isBetween(0, Bucketing.BUCKETS - 1);
    }

    @Test
    void bucketsStayWhatTheyWereSoNoRunningRolloutReshufflesItsVisitors() {
        // SHA-256 of "<variant key>\n<visitor id>", first four bytes mod 10,000 (computed outside Java)
        assertThat(Bucketing.bucket("plan@base", "carol")).isEqualTo(1079);
        assertThat(Bucketing.bucket("9f2c4e1ab37d@5d41", "alyssa")).isEqualTo(9810);
        assertThat(Bucketing.bucket("p@b", "é-visitor")).isEqualTo(6353);
    }

    @Test
    void aboutThePercentOfVisitorsAreInTreatmentAndRaisingItOnlyAddsVisitors() {
        int at5 = 0;
        int at25 = 0;
        for (int i = 0; i < 20_000; i++) {
            String user = "v" + i;
            boolean five = Bucketing.inTreatment("plan@base", user, 5);
            boolean twentyFive = Bucketing.inTreatment("plan@base", user, 25);
            if (five) {
                at5++;
                assertThat(twentyFive).as("in treatment at 5%% stays in treatment at 25%%: %s", user).isTrue();
            }
            if (twentyFive) {
                at25++;
            }
            assertThat(Bucketing.inTreatment("plan@base", user, 100)).isTrue();
        }
        assertThat(at5 / 20_000.0).isBetween(0.045, 0.055);
        assertThat(at25 / 20_000.0).isBetween(0.24, 0.26);
    }

    @Test
    void bucketsOfDifferentVariantsAreIndependent() {
        int both = 0;
        for (int i = 0; i < 20_000; i++) {
            if (Bucketing.inTreatment("a@base", "v" + i, 25) && Bucketing.inTreatment("b@base", "v" + i, 25)) {
                both++;
            }
        }
        assertThat(both / 20_000.0).isBetween(0.05, 0.075); // 25% × 25% = 6.25%
    }
}
