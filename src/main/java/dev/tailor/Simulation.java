package dev.tailor;

import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.RolloutStatus;
import dev.tailor.visitor.VisitorCookies;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Simulated traffic for the demo ({@code tailor demo --simulate N}): synthetic visitors like
 * one of the spec's visitors browse over HTTP, become eligible for her variant, load the page as their rollout arm
 * decides, and reach a goal with a probability the simulation sets per arm. It shows the rollout
 * promote or roll back on its own. Their ids start with {@value Experiments#SIMULATED_PREFIX},
 * and every number they produce is labelled simulated, here and on the dashboard.
 */
final class Simulation {

    private static final int WAVE = 100;

    /**
     * Who the synthetic visitors are and what the simulation makes them do.
     *
     * @param like         whose variant they become eligible for (and the first part of their ids)
     * @param dwell        section → typical engaged seconds on it
     * @param originalRate chance that a visitor on the original site reaches a goal
     * @param variantRate  chance that a visitor on the variant reaches a goal
     */
    record Audience(String like, String variantKey, Map<String, Integer> dwell, double originalRate,
                    double variantRate) {
    }

    private final TailorApp app;
    private final HttpClient http;
    private final PrintStream out;
    private final Random random = new Random(7); // the same run every time

    Simulation(TailorApp app, HttpClient http, PrintStream out) {
        this.app = app;
        this.http = http;
        this.out = out;
    }

    /** Sends up to {@code visitors} of the audience, until their rollout is decided; returns how many it sent. */
    int run(Audience audience, int visitors) throws Exception {
        String variantKey = audience.variantKey();
        out.println();
        out.printf(Locale.ROOT, "SIMULATED traffic: %d synthetic visitors like %s. The simulation makes %.0f%% of them reach a"
                + " goal on the original site and %.0f%% on the variant;%n  Tailor measures both arms and decides by itself"
                + " (judged after every %d visitors; stage minimums lowered for the demo).%n",
                visitors, audience.like(), 100 * audience.originalRate(), 100 * audience.variantRate(), WAVE);
        String lastState = state(variantKey);
        out.println("  rollout: " + lastState);
        int sent = 0;
        for (int from = 0; from < visitors; from += WAVE) {
            List<String> wave = new ArrayList<>();
            for (int i = from; i < Math.min(visitors, from + WAVE); i++) {
                wave.add(Experiments.SIMULATED_PREFIX + audience.like() + "-" + i);
            }
            sent += wave.size();
            browse(wave, audience.dwell());
            awaitEligible(wave);
            for (String visitor : wave) {
                HttpRequest.Builder load = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/"))
                        .header("Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign(visitor))
                        .header("X-Tailor-Debug", "arm"); // the simulation plays its visitors' outcomes: it needs the arm
                app.components().config().apiToken().ifPresent(token -> load.header("Authorization", "Bearer " + token));
                HttpResponse<String> page = Demo.send(http, load);
                boolean onVariant = page.headers().firstValue("X-Tailor-Arm").orElse("").startsWith(Experiments.TREATMENT);
                if (random.nextDouble() < (onVariant ? audience.variantRate() : audience.originalRate())) {
                    post("{\"event\":\"goal\",\"goal\":\"start_trial\",\"section\":\"quick_cta\",\"user_id\":\"" + visitor + "\"}");
                }
            }
            app.components().experiments().check();
            String state = state(variantKey);
            if (!state.equals(lastState)) {
                out.printf(Locale.ROOT, "  after %4d visitors: %s%n", from + wave.size(), state);
                lastState = state;
            }
            if (!state.startsWith(RolloutStatus.ROLLING_OUT.wire())) {
                break;
            }
        }
        out.println("  (simulated: these conversion rates were set by the simulation, not measured from people;"
                + " the dashboard marks them SIMULATED)");
        return sent;
    }

    private String state(String variantKey) {
        return app.components().experiments().rollout(variantKey)
                .map(r -> r.status() + " at " + r.percent() + "% — " + r.reason())
                .orElse("no rollout");
    }

    /** One page view and one dwell per section for each visitor, around the audience's typical seconds. */
    private void browse(List<String> visitors, Map<String, Integer> dwell) throws Exception {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        boolean first = true;
        for (String v : visitors) {
            String type = "page_view";
            for (var section : dwell.entrySet()) {
                int seconds = section.getValue() / 2 + random.nextInt(section.getValue());
                batch.append(first ? "" : ",").append("{\"event\":\"").append(type).append("\",\"section\":\"")
                        .append(section.getKey()).append("\",\"time_spent\":").append(seconds)
                        .append(",\"device\":\"desktop\",\"user_id\":\"").append(v).append("\"}");
                first = false;
                type = "section_dwell";
            }
        }
        post(batch.append("]}").toString());
    }

    /** Waits until Tailor has matched every visitor of the wave to a variant (bounded). */
    private void awaitEligible(List<String> wave) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !wave.stream().allMatch(v -> app.components().catalog().variantOf(v).isPresent())) {
            Thread.sleep(20);
        }
    }

    private void post(String body) throws IOException, InterruptedException {
        HttpResponse<String> r = Demo.track(http, app.baseUrl(), app.components().cookies().integrationKey(), body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/track answered " + r.statusCode() + ": " + r.body());
        }
    }
}
