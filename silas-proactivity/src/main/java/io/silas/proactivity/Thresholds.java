package io.silas.proactivity;

import io.silas.core.proactivity.AutonomyThresholdKey;
import io.silas.core.proactivity.AutonomyThresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Audit rendering of thresholds: wire key to canonical value. */
final class Thresholds {
    private static final List<AutonomyThresholdKey> KEYS = List.of(AutonomyThresholdKey.STANDING_MAX_EXECUTIONS,
            AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, AutonomyThresholdKey.BATCH_REVIEW_CONFIDENCE_HIGH_MIN);

    private Thresholds() {
    }

    static Map<String, String> auditView(AutonomyThresholds t) {
        Map<String, String> view = new LinkedHashMap<>();
        KEYS.forEach(k -> view.put(k.wire(), t.value(k)));
        return view;
    }

    static List<AutonomyThresholdKey> keys() {
        return KEYS;
    }
}
