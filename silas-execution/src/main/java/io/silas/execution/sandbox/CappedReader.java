package io.silas.execution.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a sandboxed process to its end, keeping at most {@code cap} bytes and
 * discarding the rest (the pipe never blocks the child).
 */
final class CappedReader implements Runnable, java.io.Closeable {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    CappedReader(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (kept) {
                    int room = cap - kept.size();
                    if (n > room) {
                        truncated = true;
                    }
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException ignored) {
            // The stream was closed because the run ended: what was read is the output.
        }
    }

    /** Closes the stream, ending a read that waits for output no process will write. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    boolean truncated() {
        return truncated;
    }

    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
