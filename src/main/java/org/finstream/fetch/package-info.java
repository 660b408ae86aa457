/**
 * The Flink-free core of the market-data fetchers: {@link org.finstream.fetch.ProviderHttp}, a polite and
 * resilient HTTP GET client for one provider, built from a shared rate limit ({@link
 * org.finstream.fetch.TokenBucket}), retry delays with jitter and {@code Retry-After} ({@link
 * org.finstream.fetch.Backoff}), a {@link org.finstream.fetch.CircuitBreaker} and {@link
 * org.finstream.fetch.FetchMetrics}. Only the JDK is used; time is injectable through {@link
 * org.finstream.fetch.Ticker} so the limits can be tested on a fake clock. On it, the fetchers of each data set
 * ({@link org.finstream.fetch.PriceFetcher}, {@link org.finstream.fetch.ActionFetcher}, {@link
 * org.finstream.fetch.ReferenceFetcher}) publish into the input topics through a {@link
 * org.finstream.fetch.FetchPublisher}, with their progress in the same Kafka transaction.
 */
package org.finstream.fetch;
