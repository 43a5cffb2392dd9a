package dev.tailor.bench;

import dev.tailor.TailorApp;
import dev.tailor.config.Durability;
import dev.tailor.config.TailorConfig;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.store.sqlite.Database;
import dev.tailor.store.sqlite.SqliteEventStore;
import dev.tailor.track.EventParser;
import dev.tailor.track.EventStore;
import dev.tailor.track.TrackEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CPU each stage of batched ingest costs per event, in one thread, without HTTP: parsing the
 * bodies bench/http/batch.lua sends, appending them to a SQLite event store in group commits, and
 * applying them to profiles. Thread CPU time (not wall time), so that a busy machine inflates it less;
 * the append's wall time is printed too (it includes the fsync with {@code full}).
 *
 * <pre>java -cp bench/jmh/target/classes:target/tailor.jar dev.tailor.bench.IngestCost [bodies] [batches per group]</pre>
 */
public final class IngestCost {

    private static final String[] SECTIONS = {"analytics_dashboard", "quick_metrics", "technical_deep_dive", "case_studies",
        "architecture_details", "quick_cta", "essential_info", "hero"};

    public static void main(String[] args) throws Exception {
        int bodies = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int perGroup = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<String> requests = new ArrayList<>(bodies);
        for (int n = 0; n < bodies; n++) {
            requests.add(body(n));
        }
        EventParser parser = new EventParser(TailorApp.json(), Clock.systemUTC());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        // warm the parser up, then measure a full pass
        for (int i = 0; i < Math.min(bodies, 2_000); i++) {
            parser.parse(requests.get(i), null);
        }
        List<List<TrackEvent>> parsed = new ArrayList<>(bodies);
        long t0 = cpu.getCurrentThreadCpuTime();
        for (String r : requests) {
            parsed.add(parser.parse(r, null).accepted());
        }
        long parseNs = cpu.getCurrentThreadCpuTime() - t0;
        long events = parsed.stream().mapToLong(List::size).sum();
        report("parse + validate (EventParser)", parseNs, events);

        for (Durability durability : Durability.values()) {
            Path dir = Files.createTempDirectory("ingest-cost");
            try (Database db = Database.open(dir.resolve("tailor.db"), durability)) {
                SqliteEventStore store = new SqliteEventStore(db);
                // the first half warms up (and grows the table and its index), the second is measured
                int half = parsed.size() / 2;
                append(store, parsed.subList(0, half), perGroup);
                long c0 = cpu.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                append(store, parsed.subList(half, parsed.size()), perGroup);
                long appendCpu = cpu.getCurrentThreadCpuTime() - c0;
                long appendWall = System.nanoTime() - w0;
                long measured = parsed.subList(half, parsed.size()).stream().mapToLong(List::size).sum();
                report("SQLite append, durability " + durability + ", " + perGroup + " batches per commit (CPU)", appendCpu, measured);
                report("SQLite append, durability " + durability + " (wall, fsync included)", appendWall, measured);
            }
        }

        TailorConfig.ProfileSettings settings = TailorConfig.from(Map.of()).profile();
        ProfileEngine engine = new ProfileEngine(settings, new SectionTopics(Acme.contract()));
        int half = parsed.size() / 2;
        for (List<TrackEvent> batch : parsed.subList(0, half)) {
            engine.onStored(batch);
        }
        long p0 = cpu.getCurrentThreadCpuTime();
        long measured = 0;
        for (List<TrackEvent> batch : parsed.subList(half, parsed.size())) {
            engine.onStored(batch);
            measured += batch.size();
        }
        report("profiles (ProfileEngine.onStored, no subscribers)", cpu.getCurrentThreadCpuTime() - p0, measured);
    }

    private static void append(SqliteEventStore store, List<List<TrackEvent>> batches, int perGroup) {
        for (int i = 0; i < batches.size(); i += perGroup) {
            List<EventStore.Batch> group = new ArrayList<>();
            for (List<TrackEvent> b : batches.subList(i, Math.min(batches.size(), i + perGroup))) {
                group.add(new EventStore.Batch(b, List.of()));
            }
            store.append(group, System.currentTimeMillis());
        }
    }

    /** The body batch.lua sends as request n of thread 1. */
    private static String body(int n) {
        StringBuilder b = new StringBuilder("{\"events\":[");
        int user = (n * 7 + 1) % 10_000;
        for (int i = 1; i <= 100; i++) {
            b.append(i == 1 ? "" : ",").append(String.format(
                    "{\"event\":\"section_dwell\",\"event_id\":\"bnonce-1-%d-%d\",\"user_id\":\"v%d\",\"section\":\"%s\",\"time_spent\":%d.5,\"device\":\"desktop\"}",
                    n, i, user, SECTIONS[i % SECTIONS.length], i % 30));
        }
        return b.append("]}").toString();
    }

    private static void report(String stage, long nanos, long events) {
        System.out.printf("%-75s %7.2f µs/event  (%d events)%n", stage, nanos / 1000.0 / events, events);
    }
}
