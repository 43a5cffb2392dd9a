package dev.tailor.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Puts a visitor in a stable bucket from 0 to 9,999 per variant: the same visitor always lands
 * in the same bucket, so raising a rollout's percent only moves control visitors into treatment,
 * never the other way; and buckets of different variants are independent.
 */
public final class Bucketing {

    public static final int BUCKETS = 10_000;

    private Bucketing() {
    }

    /** One digest per thread: looking SHA-256 up per call cost as much as hashing (JMH). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    public static int bucket(String variantKey, String userId) {
        // the bytes of variantKey + '\n' + userId, fed without building the string: the same buckets as ever
        MessageDigest sha = SHA_256.get();
        sha.update(variantKey.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        byte[] d = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
        int n = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        return Integer.remainderUnsigned(n, BUCKETS);
    }

    /** Whether the visitor is in treatment at this percent. */
    public static boolean inTreatment(String variantKey, String userId, int percent) {
        return bucket(variantKey, userId) < percent * (BUCKETS / 100);
    }
}
