package io.lstmstreams.kafka;

import io.lstmstreams.wire.TopicDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Compares topics on a broker with their {@link TopicDefinition}s and applies them. Every call gives up
 * after {@link #TIMEOUT} (or the client's own {@code default.api.timeout.ms}), so an unreachable broker is an error
 * within seconds, not a hang. A broker that refuses the client's credentials (TLS certificate, SASL) is named so.
 */
public final class TopicAdmin implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final Duration timeout;
    private final Admin admin;

    /** @throws TopicAdminException when the address cannot be used at all (e.g. a host that does not resolve) */
    public TopicAdmin(String bootstrapServers) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * @param clientConfig admin client settings with {@code bootstrap.servers}, e.g. security settings too; the
     *                     timeouts are this class's, unless it gives {@code default.api.timeout.ms} (a TLS handshake
     *                     of a cold JVM on busy cores can take longer than the default)
     * @throws TopicAdminException when the address cannot be used at all (e.g. a host that does not resolve)
     */
    public TopicAdmin(Map<String, Object> clientConfig) {
        this.bootstrapServers = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Object given = clientConfig.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        this.timeout = given == null ? TIMEOUT : Duration.ofMillis(Long.parseLong(given.toString()));
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try {
            this.admin = Admin.create(config);
        } catch (KafkaException e) {
            throw new TopicAdminException("cannot connect to Kafka at " + bootstrapServers + ": " + rootMessage(e), e);
        }
    }

    /** Lists every difference between the broker's topics and the definitions; changes nothing. */
    public TopicReport check(Collection<TopicDefinition> definitions) {
        Set<String> existing = await(admin.listTopics().names());
        List<TopicDefinition> present = definitions.stream().filter(d -> existing.contains(d.name())).toList();
        List<String> presentNames = present.stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(presentNames).allTopicNames());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(
                presentNames.stream().map(TopicAdmin::resource).toList()).all());

        List<Difference> differences = new ArrayList<>();
        for (TopicDefinition definition : definitions) {
            if (!existing.contains(definition.name())) {
                differences.add(Difference.missing(definition));
            } else {
                differences.addAll(compare(definition, descriptions.get(definition.name()),
                        configs.get(resource(definition.name()))));
            }
        }
        return new TopicReport(definitions.size(), differences);
    }

    /**
     * Makes the broker's topics match the definitions as far as Kafka allows: creates missing topics, adds
     * partitions, sets differing configs. Running it again changes nothing.
     */
    public TopicChanges create(Collection<TopicDefinition> definitions) {
        Map<Boolean, List<Difference>> byFixable = check(definitions).differences().stream()
                .collect(Collectors.partitioningBy(Difference::fixable));
        List<Difference> fixes = byFixable.get(true);
        if (!fixes.isEmpty()) {
            apply(fixes, definitions.stream().collect(Collectors.toMap(TopicDefinition::name, Function.identity())));
            awaitApplied(definitions, fixes);
        }
        return new TopicChanges(fixes, new TopicReport(definitions.size(), byFixable.get(false)));
    }

    @Override
    public void close() {
        admin.close(timeout);
    }

    private void apply(List<Difference> fixes, Map<String, TopicDefinition> definitionsByName) {
        List<NewTopic> newTopics = ofKind(fixes, Difference.Kind.MISSING)
                .map(d -> newTopic(definitionsByName.get(d.topic()))).toList();
        if (!newTopics.isEmpty()) {
            await(admin.createTopics(newTopics).all());
        }
        Map<String, NewPartitions> newPartitions = ofKind(fixes, Difference.Kind.PARTITIONS).collect(Collectors.toMap(
                Difference::topic, d -> NewPartitions.increaseTo(Integer.parseInt(d.expected()))));
        if (!newPartitions.isEmpty()) {
            await(admin.createPartitions(newPartitions).all());
        }
        Map<ConfigResource, Collection<AlterConfigOp>> alterations = ofKind(fixes, Difference.Kind.CONFIG)
                .collect(Collectors.groupingBy(d -> resource(d.topic()), Collectors.mapping(
                        d -> new AlterConfigOp(new ConfigEntry(d.config(), d.expected()), AlterConfigOp.OpType.SET),
                        Collectors.toCollection(ArrayList::new))));
        if (!alterations.isEmpty()) {
            await(admin.incrementalAlterConfigs(alterations).all());
        }
    }

    /**
     * The controller acknowledges a change before the broker's metadata cache shows it, and the cache names a new
     * partition's leader before the partition takes requests; waiting here means a check (or a second create) right
     * after this one sees the new state, and a producer started after it finds every partition served.
     */
    private void awaitApplied(Collection<TopicDefinition> definitions, List<Difference> fixes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> changed = fixes.stream().map(Difference::topic).collect(Collectors.toSet());
        while (!Collections.disjoint(check(definitions).differences(), fixes) || !everyPartitionServed(changed)) {
            if (System.nanoTime() > deadline) {
                throw new TopicAdminException("Kafka at " + bootstrapServers + " accepted the changes but does not"
                        + " show them after " + timeout.toSeconds() + " s", null);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Whether the leader of every partition of {@code topics} answers for it. A producer that writes to a partition
     * its broker does not serve yet gets NOT_LEADER_OR_FOLLOWER for its first batch while the broker takes the next
     * one, then retries the first out of sequence until its delivery timeout: records lost (an idempotent producer,
     * 6 partitions, in 8 of 25 topics written right after creation; none of 25 after this wait).
     */
    private boolean everyPartitionServed(Set<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = await(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(partition -> new TopicPartition(description.name(), partition.partition())))
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        try {
            await(admin.listOffsets(latest).all());
            return true;
        } catch (TopicAdminException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    private static List<Difference> compare(TopicDefinition definition, TopicDescription description, Config config) {
        List<Difference> differences = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != definition.partitions()) {
            differences.add(Difference.partitions(definition.name(), definition.partitions(), partitions));
        }
        int replicationFactor = description.partitions().get(0).replicas().size();
        if (replicationFactor != definition.replicationFactor()) {
            differences.add(Difference.replicationFactor(definition.name(), definition.replicationFactor(),
                    replicationFactor));
        }
        definition.configs().forEach((name, expected) -> {
            ConfigEntry entry = config.get(name);
            String actual = entry == null ? null : entry.value();
            if (!expected.equals(actual)) {
                differences.add(Difference.config(definition.name(), name, expected, actual));
            }
        });
        return differences;
    }

    private static Stream<Difference> ofKind(List<Difference> differences, Difference.Kind kind) {
        return differences.stream().filter(d -> d.kind() == kind);
    }

    private static NewTopic newTopic(TopicDefinition definition) {
        return new NewTopic(definition.name(), definition.partitions(), (short) definition.replicationFactor())
                .configs(definition.configs());
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e.getCause());
            }
            throw new TopicAdminException("Kafka at " + bootstrapServers + " refused" + refusal(e), e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private TopicAdminException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TopicAdminException("interrupted while talking to Kafka at " + bootstrapServers, e);
    }

    private TopicAdminException unreachable(Throwable cause) {
        return new TopicAdminException("Kafka broker not reachable at " + bootstrapServers + " (no answer within "
                + timeout.toSeconds() + " s)", cause);
    }

    /**
     * Why: the authentication failure and its root cause (TLS: {@code Failed to process post-handshake messages:
     * Received fatal alert: bad_certificate}), the root cause once where it is the failure itself (SASL: {@code
     * Authentication failed: Invalid username or password}), or the root cause alone.
     */
    private static String refusal(Throwable e) {
        String root = rootMessage(e);
        return credentials(e).map(auth -> " this client's credentials: " + auth.getMessage()
                + (root.equals(auth.getMessage()) ? "" : ": " + root)).orElse(": " + root);
    }

    private static Optional<AuthenticationException> credentials(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
