package org.finstream.fetch;

import java.io.IOException;

/**
 * A GET that did not succeed: a status that is not retried (4xx other than 429, unfollowed 3xx), or the last of
 * {@code maxAttempts} failed attempts. Carries no secret: {@link #uri()} has API keys and tokens masked, and an
 * I/O cause is attached only if its messages do not contain one.
 */
public class FetchException extends IOException {
    private final String endpoint;
    private final String uri;
    private final int status;
    private final String bodyExcerpt;
    private final int attempts;

    FetchException(String message, String endpoint, String uri, int status, String bodyExcerpt, int attempts,
                   Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.uri = uri;
        this.status = status;
        this.bodyExcerpt = bodyExcerpt;
        this.attempts = attempts;
    }

    /** The short endpoint name given to {@link ProviderHttp#get}. */
    public String endpoint() {
        return endpoint;
    }

    /** The URI requested, with secret query parameter values (and any user info) replaced by {@code ***}. */
    public String uri() {
        return uri;
    }

    /** The last HTTP status received, or -1 if the last attempt failed with an I/O error or none was sent. */
    public int status() {
        return status;
    }

    /** The start (at most 500 characters) of the last response body, secrets masked; empty if there was none. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** How many requests were sent. */
    public int attempts() {
        return attempts;
    }
}
