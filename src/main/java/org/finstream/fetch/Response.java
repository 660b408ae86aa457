package org.finstream.fetch;

import java.net.http.HttpHeaders;

/**
 * A successful answer of {@link ProviderHttp#get}: a 2xx, or a 304 if the resource has not changed since the
 * {@link Validators} sent.
 *
 * @param status the HTTP status
 * @param headers the response headers (names are case-insensitive)
 * @param body the body, empty for a 304; not copied, so do not modify it
 * @param attempts how many requests it took, retries included
 * @param etag the {@code ETag}, or null; on a 304 without one, the ETag that was sent
 * @param lastModified the {@code Last-Modified}, or null; on a 304 without one, the date that was sent
 * @param notModified whether this is a 304
 */
public record Response(int status, HttpHeaders headers, byte[] body, int attempts, String etag, String lastModified,
                       boolean notModified) {
    /** The validators to send next time. */
    public Validators validators() {
        return new Validators(etag, lastModified);
    }
}
