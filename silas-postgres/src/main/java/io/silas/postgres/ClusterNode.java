package io.silas.postgres;

import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's membership of the cluster: a row in {@code cluster_nodes} whose lease (in database time, so clocks of
 * the JVMs need not agree) is renewed every third of the lease on a daemon thread. Rows of the inbox claimed by a node
 * whose lease expired are taken over by the others; a JVM killed with {@code kill -9} simply stops renewing.
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final String RENEW = "INSERT INTO cluster_nodes(node_id, expires_at) "
            + "VALUES (?, clock_timestamp() + make_interval(secs => ?)) "
            + "ON CONFLICT (node_id) DO UPDATE SET expires_at = excluded.expires_at";
    /** Nodes whose lease has not expired (an SQL fragment). */
    static final String LIVE = "SELECT node_id FROM cluster_nodes WHERE expires_at > clock_timestamp()";

    private final PgDatabase db;
    private final String nodeId;
    private final double leaseSeconds;
    private final ScheduledExecutorService renewer;

    ClusterNode(PgDatabase db, String nodeId, Duration lease) {
        this.db = db;
        this.nodeId = nodeId;
        this.leaseSeconds = lease.toMillis() / 1000.0;
        renew();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "silas-postgres-lease-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    String id() {
        return nodeId;
    }

    private void renew() {
        db.write(c -> Sql.update(c, RENEW, nodeId, leaseSeconds));
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (SilasException e) {
            LOG.warn("node {} could not renew its lease ({}); the next renewal retries", nodeId, e.code().id());
        }
    }

    /** Stops renewing and gives the lease up, so that other nodes take over this node's rows at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            db.write(c -> Sql.update(c, "DELETE FROM cluster_nodes WHERE node_id = ?", nodeId));
        } catch (SilasException e) {
            LOG.warn("node {} could not give its lease up ({}); it expires by itself", nodeId, e.code().id());
        }
    }
}
