/**
 * JMH microbenchmarks of the analytics primitives, one op being one update (or one portfolio
 * day). Not run by {@code mvn test}; run them with
 * {@code mvn -Pjmh test-compile exec:exec [-Djmh.args="JMH options and benchmark regexps"]
 * [-Djmh.result=FILE]}, which writes the JSON results to {@code target/jmh-result.json} (or FILE).
 */
package org.finstream.analytics.bench;
