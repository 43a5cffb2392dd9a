package dev.tailor.visitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CharClassTest {

    @Test
    void agreesWithTheRegexItStandsForOnEdgesAndRandomStrings() {
        String[][] cases = {{"A-Za-z0-9_.:@-", "1", "128"}, {"A-Za-z0-9_.:/-", "1", "128"}, {"A-Za-z0-9_", "1", "64"},
            {"a-z2-7", "20", "20"}};
        String alphabet = "azAZ09_.:@/-+ é\u0000\u007f\u0080x7";
        Random random = new Random(7);
        for (String[] c : cases) {
            CharClass chars = CharClass.of(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]));
            Pattern regex = Pattern.compile("[" + c[0] + "]{" + c[1] + "," + c[2] + "}");
            for (String edge : new String[] {"", "a", "a".repeat(20), "a".repeat(64), "a".repeat(65), "a".repeat(128),
                    "a".repeat(129), "-", "a-b", "v" + "a".repeat(19) + "é"}) {
                assertThat(chars.matches(edge)).as("%s on '%s'", regex, edge).isEqualTo(regex.matcher(edge).matches());
            }
            for (int i = 0; i < 20_000; i++) {
                int length = random.nextInt(i % 2 == 0 ? 24 : 140);
                StringBuilder s = new StringBuilder();
                for (int k = 0; k < length; k++) {
                    // mostly chars of the set, so that long matching strings come up too
                    s.append(random.nextInt(8) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                            : (char) ('a' + random.nextInt(26)));
                }
                assertThat(chars.matches(s.toString())).as("%s on '%s'", regex, s).isEqualTo(regex.matcher(s).matches());
            }
        }
    }

    @Test
    void issuedIdsAreTheShapeNewVisitorIdGives() {
        VisitorCookies cookies = new VisitorCookies(new byte[32]);
        for (int i = 0; i < 100; i++) {
            assertThat(VisitorCookies.isIssuedId(cookies.newVisitorId())).isTrue();
        }
        assertThat(VisitorCookies.isIssuedId("v" + "a".repeat(19) + "1")).as("1 is not in base32's 2-7").isFalse();
        assertThat(VisitorCookies.isIssuedId("w" + "a".repeat(20))).isFalse();
        assertThat(VisitorCookies.isIssuedId("v" + "a".repeat(21))).isFalse();
    }
}
