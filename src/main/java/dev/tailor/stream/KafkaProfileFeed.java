package dev.tailor.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.track.EventLog;
import dev.tailor.track.TrackEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's share of the profile work: a consumer in the group {@code TAILOR_KAFKA_GROUP} that
 * stores what its partitions deliver in this node's event log and so applies it to profiles and
 * the optimizer (the event log's {@code onStored}, as without Kafka).
 *
 * <p>How a rebalance loses and double-counts nothing:
 * <ul>
 *   <li>Offsets are committed only after the events of a poll are durable in the event log. A node
 *       that dies between the two leaves them uncommitted; the next owner gets them again, and the
 *       store's ({@code user_id}, {@code event_id}) key makes the redelivery harmless: only events
 *       newly stored are applied to a profile.</li>
 *   <li>A node given a partition reads it from its start, and rebuilds the profile of each of its
 *       visitors when it reads the visitor's first event: it forgets what it held, replays the
 *       visitor's events from its store, then stores and applies the partition's events the store
 *       lacks (those the previous owner stored in its own store); events it has are duplicates and
 *       are skipped. With a store shared by the nodes the replay finds only duplicates; with a store
 *       per node it brings the events over.</li>
 *   <li>Assignment is cooperative (incremental): a rebalance moves only the partitions that change
 *       owner; the others keep being consumed.</li>
 * </ul>
 * An erasure mark ({@link #ERASURE_HEADER}, produced by {@code DELETE /api/users/{id}} into the
 * visitor's partition) makes the node that reads it erase the visitor here; every node that reads
 * the partition again skips the visitor's events before the mark ({@link ErasureMarks}, loaded when
 * the partition is assigned, and the marks of the same poll).
 * Events older than {@code TAILOR_RETENTION} (by the time Kafka received them) are skipped on
 * replay, as retention deletes them from the store.
 */
public final class KafkaProfileFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaProfileFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_ERASURE_BACKOFF = Duration.ofSeconds(10);
    /** How often the marks of owned partitions are checked against what the topic still holds. */
    private static final Duration MARK_SWEEP = Duration.ofHours(1);

    /** The header that makes a record an erasure mark (its key is the visitor) rather than an event. */
    static final String ERASURE_HEADER = "tailor-erasure";

    private final KafkaTopic topic;
    private final ErasureMarks marks;
    private volatile String erasureFailure;
    /** Per owned partition, each erased visitor's newest mark offset: their events before it are skipped. Feed thread only. */
    private final Map<Integer, Map<String, Long>> erasedBefore = new HashMap<>();
    /** When the feed thread next forgets marks that retention made useless. Feed thread only. */
    private long nextMarkSweep;
    private final List<java.util.function.Consumer<String>> erasureListeners = new CopyOnWriteArrayList<>();
    private final EventLog eventLog;
    private final ProfileEngine profiles;
    private final ObjectMapper json;
    private final Duration retention;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final List<Integer> owned = new CopyOnWriteArrayList<>();
    /**
     * Per owned partition, the visitors whose profile was rebuilt since this node got it. Only
     * the feed's thread (poll and the rebalance callbacks) touches it.
     */
    private final Map<Integer, Set<String>> rebuilt = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong rebuiltProfiles = new AtomicLong();
    private volatile boolean running = true;

    private KafkaProfileFeed(KafkaTopic topic, EventLog eventLog, ProfileEngine profiles, ErasureMarks marks,
                             ObjectMapper json, Duration retention, Clock clock) {
        this.topic = topic;
        this.marks = marks;
        this.eventLog = eventLog;
        this.profiles = profiles;
        this.json = json;
        this.retention = retention;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerConfig(topic.settings()));
        this.thread = new Thread(this::consumeLoop, "tailor-kafka-feed");
        this.thread.setDaemon(true);
    }

    static KafkaProfileFeed start(KafkaTopic topic, EventLog eventLog, ProfileEngine profiles, ErasureMarks marks,
                                  ObjectMapper json, Duration retention, Clock clock) {
        KafkaProfileFeed feed = new KafkaProfileFeed(topic, eventLog, profiles, marks, json, retention, clock);
        feed.consumer.subscribe(List.of(topic.settings().topic()), feed.new Rebalance());
        feed.thread.start();
        return feed;
    }

    static Properties consumerConfig(KafkaSettings settings) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // a node that dies without leaving the group hands its partitions over after this long
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        // one poll is one group commit of the event log: large polls keep up with ingest
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private void consumeLoop() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (clock.millis() >= nextMarkSweep) {
                    forgetExpiredMarks(consumer.assignment());
                }
                if (records.isEmpty()) {
                    continue;
                }
                // erased before the poll's events are stored: those after a mark (a later visit) stay
                for (String userId : readMarks(records)) {
                    if (!eraseRetrying(userId)) {
                        return; // closing before the erasure was done: left uncommitted for the next owner
                    }
                }
                List<TrackEvent> events = decode(records);
                if (!rebuildOnFirstSight(events)) {
                    return;
                }
                if (!store(events)) {
                    return; // closing before the events were stored: left uncommitted for the next owner
                }
                delivered.addAndGet(records.count());
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> of = records.records(partition);
                    next.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
                }
                commit(next);
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            if (running) {
                log.error("the Kafka feed stopped: this node no longer applies events to profiles", e);
            }
        } finally {
            owned.clear();
            try {
                consumer.close(Duration.ofSeconds(5)); // leaves the group: its partitions move at once
            } catch (RuntimeException e) {
                log.warn("leaving the Kafka consumer group failed; the group notices after the session timeout", e);
            }
        }
    }

    /**
     * After the events are durable: a crash before this redelivers them, and dedup skips them.
     * So a commit that fails (broker gone, group rebalanced) costs only a redelivery: logged, and
     * the next poll's commit covers these offsets too.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> next) {
        try {
            consumer.commitSync(next);
        } catch (WakeupException closing) {
            throw closing;
        } catch (RuntimeException e) {
            log.warn("committing Kafka offsets failed ({}); the events are stored, a redelivery of them is skipped",
                    e.toString());
        }
    }

    /**
     * Forgets the erasure marks of these partitions that Kafka's retention made useless: every record
     * before them is gone from the topic, so there is nothing left for them to skip. A failure only
     * keeps marks longer; the next sweep tries again.
     */
    private void forgetExpiredMarks(Collection<TopicPartition> partitions) {
        nextMarkSweep = clock.millis() + MARK_SWEEP.toMillis();
        if (partitions.isEmpty()) {
            return;
        }
        try {
            for (Map.Entry<TopicPartition, Long> first : consumer.beginningOffsets(partitions).entrySet()) {
                TopicPartition p = first.getKey();
                int forgotten = marks.forgetBefore(p.topic(), p.partition(), first.getValue());
                Map<String, Long> loaded = erasedBefore.get(p.partition());
                if (loaded != null) {
                    loaded.values().removeIf(offset -> offset < first.getValue());
                }
                if (forgotten > 0) {
                    log.info("forgot {} erasure mark(s) of partition {}: the topic no longer holds the events they skip",
                            forgotten, p.partition());
                }
            }
        } catch (WakeupException closing) {
            throw closing;
        } catch (RuntimeException e) {
            log.warn("could not expire erasure marks ({}); they are kept until the next try", e.toString());
        }
    }

    private List<TrackEvent> decode(ConsumerRecords<String, byte[]> records) {
        long oldest = clock.millis() - retention.toMillis();
        List<TrackEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (isMark(record) || erasedBefore.getOrDefault(record.partition(), Map.of())
                    .getOrDefault(record.key(), -1L) > record.offset()) {
                continue; // a mark, or an event of a visitor erased after it
            }
            if (record.timestamp() < oldest) {
                continue; // past retention: deleted from the store, not to be brought back
            }
            try {
                events.add(KafkaEventStream.decode(json, record.value()));
            } catch (IOException | RuntimeException e) {
                undecodable.incrementAndGet(); // not written by Tailor: skipped, never retried forever
                log.warn("skipping an event at {}-{} offset {} that is not a Tailor event: {}", record.topic(),
                        record.partition(), record.offset(), e.toString());
            }
        }
        return events;
    }

    private static boolean isMark(ConsumerRecord<String, byte[]> record) {
        return record.headers().lastHeader(ERASURE_HEADER) != null;
    }

    /**
     * The erasure marks of the poll, before its events are decoded (so the events before a mark in
     * the same poll are skipped too): kept with their offsets; answers whose marks they are.
     */
    private List<String> readMarks(ConsumerRecords<String, byte[]> records) {
        List<String> erased = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!isMark(record) || record.key() == null) {
                continue;
            }
            erasedBefore.computeIfAbsent(record.partition(), p -> new HashMap<>()).merge(record.key(), record.offset(), Math::max);
            erased.add(record.key());
            try {
                marks.add(new ErasureMarks.Mark(record.topic(), record.partition(), record.offset(), record.key(),
                        clock.millis()));
            } catch (RuntimeException e) {
                // the node that took the erasure kept the mark already when the stores are shared; skipped here meanwhile
                log.error("keeping the erasure mark of a visitor at {}-{} offset {} failed", record.topic(),
                        record.partition(), record.offset(), e);
            }
        }
        return erased;
    }

    /**
     * Erases the visitor, retrying with backoff while it fails (the database down, say): the feed
     * waits rather than stopping or skipping an erasure, and {@link #erasureFailure()} says why
     * meanwhile. False when closed first.
     */
    private boolean eraseRetrying(String userId) {
        Duration wait = POLL;
        while (running) {
            try {
                eraseHere(userId);
                erasureFailure = null;
                return true;
            } catch (RuntimeException e) {
                erasureFailure = "erasing a visitor failed, retrying every " + wait.toMillis() + " ms: " + e;
                log.error("erasing a visitor from their erasure mark failed; retrying in {} ms", wait.toMillis(), e);
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_ERASURE_BACKOFF) > 0 ? MAX_ERASURE_BACKOFF : wait.multipliedBy(2);
        }
        return false;
    }

    /** Why the erasure the feed waits on fails, while it does. */
    public java.util.Optional<String> erasureFailure() {
        return java.util.Optional.ofNullable(erasureFailure);
    }

    /** Erases the visitor on this node: the listeners' whole erasure, or events and profile until one subscribed. */
    private void eraseHere(String userId) {
        if (!erasureListeners.isEmpty()) {
            erasureListeners.forEach(listener -> listener.accept(userId));
            return;
        }
        eventLog.exclusive(() -> {
            eventLog.erase(userId);
            return profiles.forget(userId);
        }).join();
    }

    void onErased(java.util.function.Consumer<String> listener) {
        erasureListeners.add(listener);
    }

    /** Stores the events (retrying while the store fails); false when closed first. */
    private boolean store(List<TrackEvent> events) {
        return untilDone(() -> eventLog.append(events, List.of()), "storing " + events.size() + " event(s) from Kafka");
    }

    /**
     * Runs {@code step} and waits for it, again every {@link #RETRY} while it fails (each failure logged
     * as {@code what} failed); false when the feed is closed or its thread interrupted first.
     */
    private boolean untilDone(Supplier<? extends Future<?>> step, String what) {
        while (running) {
            try {
                step.get().get();
                return true;
            } catch (ExecutionException e) {
                log.error("{} failed; retrying in {} s", what, RETRY.toSeconds(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (!pause()) {
                return false;
            }
        }
        return false;
    }

    /** Runs on the feed's thread, inside {@code poll}. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // every poll's events are committed before the next poll, so nothing is pending here
            partitions.forEach(p -> {
                owned.remove(Integer.valueOf(p.partition()));
                rebuilt.remove(p.partition());
                erasedBefore.remove(p.partition());
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> taken = new HashSet<>();
            forgetExpiredMarks(partitions);
            partitions.forEach(p -> {
                taken.add(p.partition());
                rebuilt.put(p.partition(), new HashSet<>());
                erasedBefore.put(p.partition(), new HashMap<>(marks.inPartition(p.topic(), p.partition())));
            });
            consumer.seekToBeginning(partitions);
            owned.addAll(taken);
            log.info("now consuming partition(s) {} of {}, read from their start; each visitor's profile is rebuilt"
                    + " from the store when its first event is read", taken, topic.settings().topic());
        }
    }

    /**
     * Before the events of visitors seen for the first time since this node got their partition
     * are stored: forgets what this node held for them and rebuilds their profiles from its store,
     * between two group commits (so nothing is applied meanwhile). The events that follow are
     * then stored and applied only where the store lacks them. With a store shared by the nodes
     * the store has everything; with a store per node the replayed partition brings the rest.
     * False when closed first.
     */
    private boolean rebuildOnFirstSight(List<TrackEvent> events) {
        Set<String> users = new java.util.LinkedHashSet<>();
        for (TrackEvent event : events) {
            Set<String> done = rebuilt.get(topic.partitionOf(event.userId()));
            if (done != null && done.add(event.userId())) {
                users.add(event.userId());
            }
        }
        if (users.isEmpty()) {
            return true;
        }
        boolean done = untilDone(() -> eventLog.exclusive(() -> {
            for (String user : users) {
                profiles.forget(user);
                eventLog.eventsOf(user).forEach(profiles::apply);
            }
            return users.size();
        }), "rebuilding the profiles of " + users.size() + " visitor(s) from the store");
        if (done) {
            rebuiltProfiles.addAndGet(users.size());
        }
        return done;
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The partitions this node consumes now. */
    public List<Integer> ownedPartitions() {
        return List.copyOf(owned);
    }

    /** Records delivered and stored (duplicates included) since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Profiles rebuilt from the store on taking over their partition, since start. */
    public long rebuiltProfiles() {
        return rebuiltProfiles.get();
    }

    /** Whether the consumer thread still runs. */
    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
