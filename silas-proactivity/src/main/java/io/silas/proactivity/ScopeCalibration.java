package io.silas.proactivity;

import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One scope's calibration state: the last outcomes per action family (at most the window size each), the
 * thresholds in force, when and in which direction they last changed, and when proposals were generated.
 * Not thread-safe (the calibrator's lock guards it).
 */
final class ScopeCalibration {
    private static final Duration WEEK = Duration.ofDays(7);

    /** One recorded outcome. */
    private record Recorded(CorrectionOutcome outcome, Instant at) {
    }

    /** A family's window statistics. */
    record FamilyStats(String family, int total, int corrections) {
        double rate() {
            return total == 0 ? 0 : (double) corrections / total;
        }
    }

    private final CalibrationPolicy policy;
    private final Map<String, Deque<Recorded>> families = new TreeMap<>();
    private final Deque<Instant> proposals = new ArrayDeque<>();
    private AutonomyThresholds thresholds;
    private @Nullable Instant lastChangeAt;
    private @Nullable AutonomyDirection lastChange;

    ScopeCalibration(CalibrationPolicy policy) {
        this.policy = policy;
        this.thresholds = policy.baseline();
    }

    void record(String family, CorrectionOutcome outcome, Instant at) {
        Deque<Recorded> window = families.computeIfAbsent(family, f -> new ArrayDeque<>());
        window.addLast(new Recorded(outcome, at));
        while (window.size() > policy.windowActions()) {
            window.removeFirst();
        }
    }

    /** Window statistics of every family at {@code now}, families in name order. */
    List<FamilyStats> stats(Instant now) {
        return families.entrySet().stream().map(e -> stats(e.getKey(), e.getValue(), now)).toList();
    }

    private FamilyStats stats(String family, Deque<Recorded> outcomes, Instant now) {
        int total = 0;
        int corrections = 0;
        for (Recorded r : outcomes) {
            boolean inWindow = !r.at().isAfter(now) && now.isBefore(r.at().plus(policy.window()))
                    && (lastChangeAt == null || r.at().isAfter(lastChangeAt));
            if (inWindow) {
                total++;
                if (r.outcome() != CorrectionOutcome.APPROVED) {
                    corrections++;
                }
            }
        }
        return new FamilyStats(family, total, corrections);
    }

    int proposalsInLastWeek(Instant now) {
        proposals.removeIf(t -> !now.isBefore(t.plus(WEEK)));
        return proposals.size();
    }

    void proposed(Instant at) {
        proposals.addLast(at);
    }

    AutonomyThresholds thresholds() {
        return thresholds;
    }

    boolean lastChangeTightened() {
        return lastChange == AutonomyDirection.TIGHTEN;
    }

    /** Sets new thresholds; evidence recorded up to {@code at} no longer counts. */
    void changed(AutonomyThresholds next, AutonomyDirection direction, Instant at) {
        thresholds = next;
        lastChange = direction;
        lastChangeAt = at;
    }
}
