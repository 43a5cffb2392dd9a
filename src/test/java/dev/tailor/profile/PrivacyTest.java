package dev.tailor.profile;

import static dev.tailor.track.RunningTailor.countOnDisk;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.MutableClock;
import dev.tailor.track.RunningTailor;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure over HTTP and the retention period, against a real Tailor. */
class PrivacyTest {

    @TempDir
    Path dir;

    @Test
    void deletingAUserErasesEverythingAndTheirNextPageLoadIsTheOriginalSite() throws Exception {
        try (TailorApp app = RunningTailor.start(dir, Map.of(), java.time.Clock.systemUTC())) {
            post(app, "/api/track", """
                    {"events":[
                      {"event":"page_view","user_id":"zoe","event_id":"zoe-1"},
                      {"event":"section_dwell","user_id":"zoe","event_id":"zoe-2","section":"analytics_dashboard","time_spent":90},
                      {"event":"section_dwell","user_id":"zoe","section":"analytics_dashboard","time_spent":-90}
                    ]}""");
            post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"other\"}");
            app.components().optimizer().evaluate("zoe"); // a trigger decision on record
            app.components().profileWriteBehind().flush();
            // zoe is routed to a variant (here: the original's bytes under a variant's name)
            LiveVariant variant = new LiveVariant("hash-1", app.components().repo().baseCommit(),
                    "analytics-prominent", "analytics_prominent", "c0ffee", app.components().originalArtifact().id(), "d-1",
                    "http://localhost/", 0);
            app.components().catalog().addVariant(variant);
            app.components().catalog().assign("zoe", variant, 0);
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + app.components().config().databaseFile()); var st = c.createStatement()) {
                st.executeUpdate("insert into jobs (id, user_id, status, created_at, updated_at, json) values ('job-z', 'zoe', 'failed', 0, 0, '{}')");
            }
            String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign("zoe");
            assertThat(get(app, "/", "Cookie", cookie).raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");
            assertThat(countOnDisk(app, "select count(*) from profiles where user_id = 'zoe'")).isEqualTo(1);
            assertThat(countOnDisk(app, "select count(*) from trigger_decisions where user_id = 'zoe'")).isEqualTo(1);

            RunningTailor.Reply deleted = RunningTailor.delete(app, "/api/users/zoe");

            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().get("user_id").asText()).isEqualTo("zoe");
            assertThat(deleted.json().get("events").asInt()).isEqualTo(2);
            assertThat(deleted.json().get("failed_events").asInt()).isEqualTo(1);
            assertThat(deleted.json().get("profile").asBoolean()).isTrue();
            assertThat(deleted.json().get("routing").asBoolean()).isTrue();
            assertThat(deleted.json().get("jobs").asInt()).isEqualTo(1);
            assertThat(deleted.json().get("trigger_decisions").asInt()).isEqualTo(1);
            for (String table : new String[] {"events", "failed_events", "profiles", "assignments", "jobs", "trigger_decisions"}) {
                assertThat(countOnDisk(app, "select count(*) from " + table + " where user_id = 'zoe'")).as(table).isZero();
            }
            assertThat(get(app, "/api/profile/zoe").status()).isEqualTo(404);
            assertThat(get(app, "/", "Cookie", cookie).raw().headers().firstValue("X-Tailor-Variant")).contains("original");
            // nobody else lost anything
            assertThat(countOnDisk(app, "select count(*) from events where user_id = 'other'")).isEqualTo(1);
            assertThat(app.components().profiles().profile("other")).isPresent();

            RunningTailor.Reply again = RunningTailor.delete(app, "/api/users/zoe");
            assertThat(again.json().get("events").asInt()).isZero();
            assertThat(again.json().get("profile").asBoolean()).isFalse();
        }
    }

    @Test
    void eventsPastTheRetentionPeriodAreDeletedAndProfilesRebuiltFromWhatRemains() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        Map<String, String> env = Map.of("TAILOR_RETENTION", "90d");
        try (TailorApp app = RunningTailor.start(dir, env, clock)) {
            post(app, "/api/track", "{\"event\":\"section_dwell\",\"user_id\":\"old\",\"section\":\"hero\",\"time_spent\":30}");
            post(app, "/api/track", "{\"event\":\"section_dwell\",\"user_id\":\"mixed\",\"section\":\"hero\",\"time_spent\":30}");
            post(app, "/api/track", "{\"event\":\"nonsense\",\"user_id\":\"old\"}");
            clock.advance(Duration.ofDays(60));
            post(app, "/api/track", "{\"event\":\"section_dwell\",\"user_id\":\"mixed\",\"section\":\"analytics_dashboard\",\"time_spent\":45}");
            app.components().profileWriteBehind().flush();

            clock.advance(Duration.ofDays(29)); // 89 days: nothing is old enough yet
            assertThat(app.components().retention().enforce().events()).isZero();

            clock.advance(Duration.ofDays(2)); // 91 days after the first events
            var report = app.components().retention().enforce();

            assertThat(report.events()).isEqualTo(2);
            assertThat(report.failedEvents()).isEqualTo(1);
            assertThat(report.profilesRemoved()).isEqualTo(1);
            assertThat(report.profilesRebuilt()).isEqualTo(1);
            assertThat(app.components().profiles().profile("old")).isEmpty();
            assertThat(countOnDisk(app, "select count(*) from profiles where user_id = 'old'")).isZero();
            Profile mixed = app.components().profiles().profile("mixed").orElseThrow();
            assertThat(mixed.engagedSeconds()).isEqualTo(45);
            assertThat(mixed.preference("analytics")).isEqualTo(1.0);
            assertThat(app.components().stores().profiles().load("mixed")).contains(mixed);
            assertThat(countOnDisk(app, "select count(*) from events")).isEqualTo(1);
        }

        // the pass also runs at start-up
        clock.advance(Duration.ofDays(60));
        try (TailorApp app = RunningTailor.start(dir, env, clock)) {
            assertThat(countOnDisk(app, "select count(*) from events")).isZero();
            assertThat(app.components().profiles().profile("mixed")).isEmpty();
            assertThat(countOnDisk(app, "select count(*) from profiles")).isZero();
        }
    }
}
