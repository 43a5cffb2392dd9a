package dev.tailor.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events topic, checked at start-up: a broker answers, and the topic exists (created here
 * when missing, keeping events as long as {@code TAILOR_RETENTION}, since a node that takes over a
 * partition rebuilds its visitors' profiles from it).
 *
 * @param partitions how many partitions the topic has: a visitor's partition is computed from it
 */
public record KafkaTopic(KafkaSettings settings, int partitions) {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopic.class);

    /** Connects, or fails naming {@code TAILOR_KAFKA_BOOTSTRAP} and what to do. */
    public static KafkaTopic open(KafkaSettings settings, Duration retention) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tailor-admin");
        int timeoutMs = (int) settings.timeout().toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(props)) {
            Collection<Node> brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            short replicas = (short) Math.min(3, brokers.size());
            try {
                NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), replicas)
                        .configs(Map.of("retention.ms", Long.toString(retention.toMillis()),
                                "min.insync.replicas", Integer.toString(Math.max(1, replicas - 1))));
                admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                log.info("created Kafka topic {} ({} partitions, {} replica(s))", settings.topic(), settings.partitions(), replicas);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return new KafkaTopic(settings, describeOnceKnown(admin, settings.topic(), timeoutMs).partitions().size());
        } catch (ExecutionException e) {
            throw unreachable(settings, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw unreachable(settings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(settings, e);
        }
    }

    /**
     * The topic as the cluster describes it. One just created is not in every broker's metadata at once (a loaded
     * machine showed UnknownTopicOrPartition a moment after the creation succeeded): asked again until it is, within
     * the timeout.
     */
    private static TopicDescription describeOnceKnown(Admin admin, String topic, int timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static IllegalStateException unreachable(KafkaSettings settings, Throwable cause) {
        return new IllegalStateException("TAILOR_KAFKA_BOOTSTRAP=" + settings.bootstrap() + ": no Kafka broker answered"
                + " within " + settings.timeout().toSeconds() + " s, or topic " + settings.topic() + " could not be"
                + " opened (" + cause + "). Start the broker, fix the address, or unset TAILOR_KAFKA_BOOTSTRAP to use"
                + " the in-process stream", cause);
    }

    /** The partition Kafka's default partitioner gives the visitor's events (murmur2 of the key). */
    public int partitionOf(String userId) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
