/**
 * Benchmarks of the replaced batch workloads, and their peers: {@link org.finstream.bench.SqlPeer}
 * computes the per-symbol daily metrics the nightly-batch way, with PostgreSQL window functions,
 * and compares its result with finstream's.
 */
package org.finstream.bench;
