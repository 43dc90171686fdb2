package io.silas.core.stream;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The one active goal of a Stream (configuration key {@code active_goal}): the goal file named by the configuration and the goal
 * given to {@link StreamBuilder#activeGoal} are the same notion. Its gates, escalation map and access levels apply to
 * every turn ({@link TurnRules#frozenGates}, {@link TurnGates}, {@link TurnAccess}); {@link StartupSequence} checks its
 * connections and registers its cron schedule.
 *
 * <p><b>Security guarantees:</b> fails closed — a configured goal file that cannot be read or parsed, or that differs
 * from the builder's goal (another id or plan hash, so other gates, levels or escalations), is {@code CONFIG_INVALID}
 * at build, so no turn ever runs without the gates and access levels the host configured.
 */
final class ActiveGoals {
    private ActiveGoals() {
    }

    /**
     * The active goal: the configured file's goal, the builder's, or null when neither is given.
     *
     * @throws SilasException {@code CONFIG_INVALID} for an unreadable or unparseable goal file, or a file and a
     *     builder goal that are not the same plan
     */
    static @Nullable WorkItem resolve(SilasConfig config, @Nullable WorkItem given) {
        Path file = config.activeGoal();
        if (file == null) {
            return given;
        }
        WorkItem configured = read(file);
        if (given == null) {
            return configured;
        }
        if (!configured.id().equals(given.id())
                || !PlanHashes.planHash(configured).equals(PlanHashes.planHash(given))) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "active_goal: the configured goal file " + file
                    + " (goal '" + configured.id() + "') and the goal given to Stream.builder().activeGoal(..) (goal '"
                    + given.id() + "') differ; there is one active goal — give one, or the same plan in both");
        }
        return given;
    }

    private static WorkItem read(Path file) {
        try {
            return PlanParser.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "active_goal: the goal file " + file
                    + " cannot be read (" + e.getClass().getSimpleName() + "); its gates and access levels would not"
                    + " apply, so the Stream is not built", e);
        } catch (SilasException e) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "active_goal: the goal file " + file
                    + " is not a valid plan (" + e.code().id() + ": " + e.getMessage() + ")", e);
        }
    }
}
