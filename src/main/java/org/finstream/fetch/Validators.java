package org.finstream.fetch;

/**
 * Cache validators of an earlier response, sent as {@code If-None-Match} and {@code If-Modified-Since} so that an
 * unchanged resource costs a 304 instead of a body. Either may be null.
 *
 * @param etag the earlier {@code ETag}, quotes (and any {@code W/}) included, as received
 * @param lastModified the earlier {@code Last-Modified}, as received
 */
public record Validators(String etag, String lastModified) {
    /** No validators: an unconditional request. */
    public static final Validators NONE = new Validators(null, null);
}
