package dev.tailor.stream;

import dev.tailor.config.Environment;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Kafka, present only when {@code TAILOR_KAFKA_BOOTSTRAP} is set.
 *
 * @param bootstrap  {@code TAILOR_KAFKA_BOOTSTRAP}: {@code host:port[,host:port…]}
 * @param topic      {@code TAILOR_KAFKA_TOPIC} (default {@code tailor-events}): accepted events, keyed by visitor id
 * @param group      {@code TAILOR_KAFKA_GROUP} (default {@code tailor-profiles}): the consumer group of the nodes
 *                   that share the work of computing profiles and triggers
 * @param partitions {@code TAILOR_KAFKA_PARTITIONS} (default 12): partitions of the topic when Tailor creates it;
 *                   an existing topic keeps its own. More nodes than partitions leaves nodes idle
 * @param timeout    {@code TAILOR_KAFKA_TIMEOUT} (default 10s): how long start-up waits for a broker, and how
 *                   long an ingest request waits for the broker's acknowledgement before answering 503
 */
public record KafkaSettings(String bootstrap, String topic, String group, int partitions, Duration timeout) {

    private static final Pattern BOOTSTRAP = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5})*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

    public static Optional<KafkaSettings> fromEnvironment(Environment env) {
        Optional<String> bootstrap = env.optional("TAILOR_KAFKA_BOOTSTRAP");
        if (bootstrap.isEmpty()) {
            return Optional.empty();
        }
        String servers = bootstrap.get().replace(" ", "");
        if (!BOOTSTRAP.matcher(servers).matches()) {
            throw Environment.invalid("TAILOR_KAFKA_BOOTSTRAP", bootstrap.get(),
                    "host:port of a Kafka broker, several separated by commas, e.g. localhost:9092");
        }
        return Optional.of(new KafkaSettings(servers,
                name(env, "TAILOR_KAFKA_TOPIC", "tailor-events"),
                name(env, "TAILOR_KAFKA_GROUP", "tailor-profiles"),
                env.integer("TAILOR_KAFKA_PARTITIONS", 12, 1, 10_000),
                env.positiveDuration("TAILOR_KAFKA_TIMEOUT", Duration.ofSeconds(10))));
    }

    private static String name(Environment env, String variable, String fallback) {
        String value = env.string(variable, fallback);
        if (!NAME.matcher(value).matches()) {
            throw Environment.invalid(variable, value, "a Kafka name of letters, digits, '.', '_' and '-'");
        }
        return value;
    }
}
