package io.silas.postgres;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.silas.core.error.Checks;
import io.silas.core.limit.ClockTimeMeter;
import io.silas.core.limit.SharedBuckets;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * {@link SharedBuckets} in {@code rate_limit_buckets} through Bucket4j's PostgreSQL backend: each token is taken in a
 * transaction that locks the bucket's row ({@code SELECT ... FOR UPDATE}), so the JVMs of a cluster share one budget
 * per limit and key. Time is the injected clock of the JVM taking the token (Bucket4j's client-side clock): the JVMs'
 * clocks should agree to well within a limit's period (NTP).
 */
final class PgSharedBuckets implements SharedBuckets {
    private final ProxyManager<String> buckets;

    PgSharedBuckets(DataSource dataSource, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id")
                .stateColumn("state").clientClock(new ClockTimeMeter(clock)).build();
    }

    @Override
    public Bucket bucket(String limit, String key, BucketConfiguration configuration) {
        Checks.nonBlank(limit, "limit");
        Checks.nonBlank(key, "key");
        Checks.nonNull(configuration, "configuration");
        return buckets.builder().build(limit + ":" + key, () -> configuration);
    }
}
