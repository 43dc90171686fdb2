package io.silas.examples.stream;

import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The other process of {@link StoreSingleProcessIT}: opens {@code args[0]} read-write, appends one audit entry,
 * prints {@code OPEN <pid>} and waits until the test ends it.
 */
final class LockHolderChild {
    private LockHolderChild() {
    }

    public static void main(String[] args) throws Exception {
        SqliteStores stores = SqliteStores.open(Path.of(args[0]), Clock.systemUTC());
        stores.auditLog().append("child_opened", Map.of("pid", ProcessHandle.current().pid()));
        System.out.println("OPEN " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
