package dev.tailor.profile;

import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.ProfilesRebuild;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.track.RunningTailor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles are persisted, and {@code tailor profiles rebuild} proves they are what the log says. */
class ProfilesRebuildTest {

    @TempDir
    Path dir;

    @Test
    void persistedProfilesMatchAReplayOfTheLogAndTamperingIsReported() throws Exception {
        Profile before;
        try (TailorApp app = RunningTailor.start(dir, Map.of(), Clock.systemUTC())) {
            post(app, "/api/track", """
                    {"events":[
                      {"event":"page_view","user_id":"alyssa","session_id":"s1","device":"desktop"},
                      {"event":"section_dwell","user_id":"alyssa","session_id":"s1","section":"analytics_dashboard","time_spent":180},
                      {"event":"section_dwell","user_id":"alyssa","session_id":"s1","section":"hero","time_spent":22},
                      {"event":"section_dwell","user_id":"marcus","section":"quick_cta","time_spent":12,"device":"mobile"}
                    ]}""");
            before = app.components().profiles().profile("alyssa").orElseThrow();
        } // close writes the profiles behind

        TailorConfig config = TailorConfig.from(RunningTailor.settings(dir, Map.of()));
        assertThat(rebuild(config, true)).contains("replayed 4 events into 2 profiles", "compared with 2 persisted profiles: 0 differences");

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + config.databaseFile());
             var st = c.createStatement()) {
            st.executeUpdate("update profiles set json = replace(json, '\"pageViews\":1', '\"pageViews\":7') where user_id = 'alyssa'");
        }
        Output checked = run(config, true);
        assertThat(checked.status).isEqualTo(1);
        assertThat(checked.text).contains("1 difference", "differs  alyssa: pageViews: 1 (log) vs 7 (persisted)");

        Output rebuilt = run(config, false);
        assertThat(rebuilt.status).isZero();
        assertThat(rebuilt.text).contains("wrote 2 rebuilt profiles");
        assertThat(rebuild(config, true)).contains("0 differences");

        // and a restart serves the same profile again, rebuilt from the log
        try (TailorApp app = RunningTailor.start(dir, Map.of(), Clock.systemUTC())) {
            assertThat(app.components().profiles().profile("alyssa")).contains(before);
            assertThat(app.components().stores().profiles().load("alyssa")).contains(before);
            assertThat(before.explanation()).startsWith("180 s of 202 s engaged time was on analytics over 1 session");
        }
    }

    record Output(int status, String text) {
    }

    private static String rebuild(TailorConfig config, boolean check) {
        Output out = run(config, check);
        assertThat(out.status).as(out.text).isZero();
        return out.text;
    }

    private static Output run(TailorConfig config, boolean check) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ProfilesRebuild.run(config, new PrintStream(bytes, true, StandardCharsets.UTF_8), check);
        return new Output(status, bytes.toString(StandardCharsets.UTF_8));
    }
}
