package org.finstream.fetch;

import java.time.Clock;

/**
 * What a fetcher of one data set works with: the provider it asks, the polite client that asks it, the publisher
 * of its source (records, dead letters and progress in one transaction each), the run's metrics, and the clock
 * that dates its checks.
 */
public record FetchContext(Provider provider, ProviderHttp http, FetchPublisher publisher, FetchMetrics metrics,
                           Clock clock) {}
