package io.silas.execution.sandbox;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stdout and stderr fifos of one run in a persistent sandbox, each drained to its end on an IO thread with a
 * byte cap. Opened as soon as the run server reports the fifos exist, on whichever thread learns it first, so
 * the caller only waits for the run's exit. Thread-safe.
 */
final class RunOutput {
    private final CappedReader out;
    private final CappedReader err;
    private final Future<?> outDone;
    private final Future<?> errDone;

    private RunOutput(CappedReader out, CappedReader err, Future<?> outDone, Future<?> errDone) {
        this.out = out;
        this.err = err;
        this.outDone = outDone;
        this.errDone = errDone;
    }

    /** Opens both fifos (the server holds them open, so this does not block) and starts draining them. */
    static RunOutput open(Path outFifo, Path errFifo, int cap, ExecutorService io) throws IOException {
        CappedReader out = new CappedReader(new FileInputStream(outFifo.toFile()), cap);
        CappedReader err;
        try {
            err = new CappedReader(new FileInputStream(errFifo.toFile()), cap);
        } catch (IOException e) {
            closeQuietly(out);
            throw e;
        }
        return new RunOutput(out, err, io.submit(out), io.submit(err));
    }

    /**
     * Waits up to {@code grace} for each stream's end; if descendants still hold a fifo open, runs
     * {@code killRun} and closes the streams, keeping what was read.
     */
    void drain(Duration grace, Runnable killRun) {
        for (Future<?> reader : new Future<?>[] {outDone, errDone}) {
            try {
                reader.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                killRun.run();
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killRun.run();
                close();
            } catch (ExecutionException e) {
                close();
            }
        }
    }

    /** Ends both reads (what was read so far stays). */
    void close() {
        closeQuietly(out);
        closeQuietly(err);
    }

    String stdout() {
        return out.text();
    }

    String stderr() {
        return err.text();
    }

    boolean truncated() {
        return out.truncated() || err.truncated();
    }

    private static void closeQuietly(CappedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
