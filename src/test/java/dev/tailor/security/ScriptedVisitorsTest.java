package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poisoning a rollout with scripted visitors (issue 13): each script fetches a page for its signed
 * cookie, posts the events that make its profile eligible for the variant, loads the page again,
 * and when it got the original (so it is in the control group) posts a goal. People convert
 * equally in both arms. With the automation filter off the scripts roll the variant back, as in
 * the attack; with it on (the default) they are counted in no arm and the rollout goes on. A flood of
 * goals from one visitor counts once, and a visitor over the per-visitor rate is left out.
 */
class ScriptedVisitorsTest {

    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36";
    private static final String SCRIPT = "python-requests/2.31.0";
    private static final int PEOPLE = 120;
    private static final int SCRIPTS = 150;
    private static final String GOAL = "{\"event\":\"goal\",\"goal\":\"start_trial\",\"user_id\":\"%s\"}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void withoutTheFilterScriptsConvertingOnlyInControlRollTheVariantBack() throws Exception {
        try (TailorApp app = start(dir.resolve("off"), "off")) {
            Attack attack = attack(app);
            app.components().experiments().check();
            assertThat(status(app)).as(reason(app)).isEqualTo(RolloutStatus.ROLLED_BACK);
            assertThat(attack.scriptsInControl()).isGreaterThan(SCRIPTS / 2);
        }
    }

    @Test
    void withTheFilterScriptedVisitorsCountInNoArmAndCannotForceARollback() throws Exception {
        try (TailorApp app = start(dir.resolve("on"), null)) {
            Attack attack = attack(app);
            Experiments experiments = app.components().experiments();
            // one person's browser goes over the per-visitor rate limit: refused, and left out of every arm from now on
            String overRate = attack.unconvertedInControl().get(0);
            assertThat(track(app, goals(overRate, 190), BROWSER, null).statusCode()).isEqualTo(200);
            assertThat(track(app, goals(overRate, 190), BROWSER, null).statusCode()).isEqualTo(429);

            Experiments.Report stage = experiments.reports().get(0);
            assertThat(stage.control().visitors()).as("the people in control, but the one over the rate")
                    .isEqualTo(attack.controlPeople().size() - 1);
            assertThat(stage.treatment().visitors()).isEqualTo(PEOPLE - attack.controlPeople().size());
            assertThat(stage.control().conversions()).isEqualTo(
                    (int) attack.converted().stream().filter(attack.controlPeople()::contains).count());
            assertThat(experiments.automatedVisitors()).isEqualTo(SCRIPTS + 1);

            experiments.check();
            assertThat(status(app)).as(reason(app)).isIn(RolloutStatus.ROLLING_OUT, RolloutStatus.COMPLETE);
            assertThat(reason(app)).contains("no decline");
            JsonNode impact = json.readTree(get(app, "/api/metrics").body()).path("impact");
            assertThat(impact.path("automated_visitors").asInt()).isEqualTo(SCRIPTS + 1);
        }
    }

    @Test
    void aFloodOfGoalsFromOneVisitorCountsOnce() throws Exception {
        try (TailorApp app = start(dir.resolve("flood"), null)) {
            Attack attack = attack(app);
            Experiments experiments = app.components().experiments();
            RolloutPolicy.Arm before = experiments.reports().get(0).control();
            // a person in control who had not converted sends 190 goals (just under their rate limit)
            assertThat(track(app, goals(attack.unconvertedInControl().get(0), 190), BROWSER, null).statusCode()).isEqualTo(200);
            RolloutPolicy.Arm after = experiments.reports().get(0).control();
            assertThat(after.visitors()).isEqualTo(before.visitors());
            assertThat(after.conversions()).isEqualTo(before.conversions() + 1);
        }
    }

    /** Who the attack's visitors were. */
    private record Attack(List<String> controlPeople, List<String> converted, int scriptsInControl) {
        List<String> unconvertedInControl() {
            return controlPeople.stream().filter(p -> !converted.contains(p)).toList();
        }
    }

    private static String goals(String visitor, int count) {
        return "{\"events\":[" + String.join(",", Collections.nCopies(count, GOAL.formatted(visitor))) + "]}";
    }

    /**
     * Alyssa makes the variant; people like her become eligible, load the page and convert, every
     * third of each arm; then the scripts play the attack.
     */
    private Attack attack(TailorApp app) throws Exception {
        assertThat(track(app, RunningTailor.analyticsEvents(List.of("alyssa")), BROWSER, null).statusCode()).isEqualTo(200);
        awaitLive(app);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add("person-" + i);
        }
        assertThat(track(app, RunningTailor.analyticsEvents(people), BROWSER, null).statusCode()).isEqualTo(200);

        List<String> scripts = new ArrayList<>();
        for (int i = 0; i < SCRIPTS; i++) {
            // a fresh visitor: the page load hands out its signed cookie, which its events then carry
            HttpResponse<String> first = page(app, null, SCRIPT);
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String id = app.components().cookies().verify(cookie.substring(cookie.indexOf('=') + 1)).orElseThrow();
            assertThat(track(app, RunningTailor.analyticsEvents(List.of(id)), SCRIPT, cookie).statusCode()).isEqualTo(200);
            scripts.add(cookie);
        }
        awaitEligible(app, 1 + PEOPLE + SCRIPTS);

        Map<String, String> arms = new HashMap<>();
        for (String person : people) {
            String cookie = VisitorCookies.NAME + "=" + app.components().cookies().sign(person);
            arms.put(person, page(app, cookie, BROWSER).headers().firstValue("X-Tailor-Variant").orElseThrow());
        }
        List<String> converted = new ArrayList<>();
        List<String> inControl = new ArrayList<>();
        int[] seen = new int[2];
        for (String person : people) {
            boolean control = arms.get(person).equals("original");
            if (control) {
                inControl.add(person);
            }
            if (seen[control ? 1 : 0]++ % 3 == 0) {
                converted.add(person);
            }
        }
        StringBuilder goals = new StringBuilder("{\"events\":[");
        for (int i = 0; i < converted.size(); i++) {
            goals.append(i == 0 ? "" : ",").append(GOAL.formatted(converted.get(i)));
        }
        assertThat(track(app, goals.append("]}").toString(), BROWSER, null).statusCode()).isEqualTo(200);

        int scriptsInControl = 0;
        for (String cookie : scripts) {
            // the script sees the original where the variant would be: it is in the control group, so it converts
            if (page(app, cookie, SCRIPT).headers().firstValue("X-Tailor-Variant").orElseThrow().equals("original")) {
                String id = app.components().cookies().verify(cookie.substring(cookie.indexOf('=') + 1)).orElseThrow();
                assertThat(track(app, GOAL.formatted(id), SCRIPT, cookie).statusCode()).isEqualTo(200);
                scriptsInControl++;
            }
        }
        return new Attack(inControl, converted, scriptsInControl);
    }

    private TailorApp start(Path data, String filter) throws Exception {
        // a first stage of 25%, not 5%: 120 people at 5% left fewer than the minimum 3 in the variant's
        // arm in about one run of eighteen (the split hangs on the variant's commit), and nothing was judged
        Map<String, String> settings = new HashMap<>(Map.of("TAILOR_DATA_DIR", data.toString(), "TAILOR_PORT", "0",
                "TAILOR_ROLLOUT_STAGES", "25,100", "TAILOR_ROLLOUT_MIN_VISITORS", "3", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "0s",
                "TAILOR_ROLLOUT_CHECK", "1h", "TAILOR_HOLDOUT", "0"));
        if (filter != null) {
            settings.put("TAILOR_AUTOMATION_FILTER", filter);
        }
        return TailorApp.start(TailorConfig.from(settings), Clock.systemUTC());
    }

    private static RolloutStatus status(TailorApp app) {
        return app.components().experiments().reports().get(0).rollout().status();
    }

    private static String reason(TailorApp app) {
        return app.components().experiments().reports().get(0).rollout().reason();
    }

    private void awaitLive(TailorApp app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.components().experiments().reports().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(app.components().experiments().reports()).hasSize(1);
        awaitEligible(app, 1);
    }

    private static void awaitEligible(TailorApp app, int visitors) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.components().catalog().assignedCount() < visitors && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.components().catalog().assignedCount()).isEqualTo(visitors);
    }

    private HttpResponse<String> page(TailorApp app, String cookie, String userAgent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/")).header("User-Agent", userAgent);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    private HttpResponse<String> track(TailorApp app, String body, String userAgent, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/track"))
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(TailorApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("User-Agent", BROWSER).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
