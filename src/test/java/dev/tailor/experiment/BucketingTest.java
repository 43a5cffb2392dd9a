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
    void everyKeyLandsWhereTheSha256OfItsUtf8BytesPutsIt() throws Exception {
        java.util.Random random = new java.util.Random(11);
        String[] alphabets = {"0123456789abcdef@-", "aé€😀\n-", "xyz"};
        for (int i = 0; i < 3_000; i++) {
            // lengths past the per-thread buffer (256 bytes) and characters outside ASCII take the other path
            String variant = randomString(random, alphabets[i % 3], random.nextInt(i % 50 == 0 ? 400 : 60));
            String user = randomString(random, alphabets[(i / 3) % 3], random.nextInt(i % 70 == 0 ? 300 : 40));
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest((variant + "\n" + user)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int n = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
            assertThat(Bucketing.bucket(variant, user)).as("%s / %s", variant, user)
                    .isEqualTo(Integer.remainderUnsigned(n, Bucketing.BUCKETS));
        }
    }

    private static String randomString(java.util.Random random, String alphabet, int codePoints) {
        int[] points = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            out.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return out.toString();
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
