package org.finstream.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.finstream.config.FinstreamConfig;

/** Creates the configured topics that do not exist yet (Kafka admin client), the bookkeeping ones compacted. */
public final class Topics {
    private Topics() {}

    /**
     * Creates the missing topics and returns their names once every partition of every configured
     * topic is served by its leader. A created topic is not yet writable when the controller
     * acknowledges it: a producer that starts at once can have its first batch refused (no leader
     * yet) and a later in-flight batch accepted, after which the broker rejects the retried first
     * batch as out of sequence until the send times out. So this waits until each partition
     * answers a list-offsets request, which only its leader's log can.
     */
    public static List<String> ensure(FinstreamConfig.Kafka kafka) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clientProperties(kafka))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            kafka.topics.forEach((key, topic) -> {
                if (!existing.contains(topic)) {
                    NewTopic t = new NewTopic(topic, kafka.partitions, kafka.replicationFactor);
                    missing.add(FinstreamConfig.Kafka.COMPACTED_TOPICS.contains(key)
                            ? t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)) : t);
                }
            });
            admin.createTopics(missing).all().get();
            awaitLeaders(admin, kafka.topics.values());
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                    d.partitions().forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()),
                            OffsetSpec.latest()));
                }
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Bootstrap servers plus the user's client properties (security, TLS, SASL). */
    public static Properties clientProperties(FinstreamConfig.Kafka kafka) {
        Properties p = new Properties();
        p.putAll(kafka.properties);
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        return p;
    }

    /** Client properties for a byte-array producer that publishes input records idempotently. */
    public static Properties producerProperties(FinstreamConfig.Kafka kafka) {
        Properties p = clientProperties(kafka);
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /**
     * A transactional byte-array producer with id {@code transactionalId}, its transactions
     * initialized: every earlier producer with that id is fenced and its open transaction aborted.
     */
    public static KafkaProducer<byte[], byte[]> transactionalProducer(FinstreamConfig.Kafka kafka,
                                                                     String transactionalId) {
        Properties props = producerProperties(kafka);
        props.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(kafka.transactionTimeout.toMillis()));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** Aborts {@code producer}'s transaction; fenced or failed for good, the broker aborts it itself. */
    public static void abortQuietly(KafkaProducer<?, ?> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException ignored) {
            // the broker aborts the transaction itself
        }
    }

    /** Client properties for a byte-array consumer that sees committed records only. */
    public static Properties consumerProperties(FinstreamConfig.Kafka kafka, String groupId) {
        Properties p = clientProperties(kafka);
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (groupId != null) {
            p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return p;
    }
}
