package io.silas.core.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the token buckets of {@link RateLimiter}s live when several JVMs must share them: a Bucket4j distributed
 * backend (for example {@code PostgresStores.sharedBuckets()}, Bucket4j's PostgreSQL backend), so that N JVMs serving
 * one assistant get the configured limit once, not N times.
 *
 * <p><b>Security guarantees.</b> A limit enforced through shared buckets holds for the cluster as a whole: every
 * token is taken atomically in the shared store, whichever JVM takes it.
 */
public interface SharedBuckets {
    /**
     * The shared bucket of {@code key} under the limit {@code limit}, created with {@code configuration} on first use.
     *
     * @param limit         the limit's name (e.g. {@code llm_calls_per_minute_per_scope}); buckets of different
     *                      limits never mix, even for the same key
     * @param key           the bucket's key (a scope, a client address, ...)
     * @param configuration the limit's bandwidth, used when the bucket is created
     * @return the shared bucket
     */
    Bucket bucket(String limit, String key, BucketConfiguration configuration);
}
