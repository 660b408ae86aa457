package org.finstream.fetch;

/**
 * The provider's {@link CircuitBreaker} refused the request: nothing was sent for this attempt. {@link #status()}
 * and {@link #bodyExcerpt()} describe the previous attempt of the same call, if there was one.
 */
public final class CircuitOpenException extends FetchException {
    CircuitOpenException(String message, String endpoint, String uri, int status, String bodyExcerpt, int attempts) {
        super(message, endpoint, uri, status, bodyExcerpt, attempts, null);
    }
}
