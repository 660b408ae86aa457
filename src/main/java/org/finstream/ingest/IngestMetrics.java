package org.finstream.ingest;

import org.apache.flink.metrics.MetricGroup;

/** The metric group of finstream's per-topic ingest metrics (README "Metrics"). */
final class IngestMetrics {
    private IngestMetrics() {}

    /** {@code finstream_topic_<name>{topic="<topic>"}} in Prometheus. */
    static MetricGroup topicGroup(MetricGroup operator, String topic) {
        return operator.addGroup("finstream").addGroup("topic", topic);
    }
}
