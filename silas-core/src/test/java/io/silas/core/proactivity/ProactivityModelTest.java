package io.silas.core.proactivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.json.Json;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProactivityModelTest {
    @Test
    void withSelectedItems_strictSubsetInSelectionOrder() {
        BatchProposal narrowed = ProactivitySamples.batch().withSelectedItems(List.of("m3", "m1"));
        assertThat(narrowed.itemIds()).containsExactly("m3", "m1");
        assertThat(narrowed.confidenceMin()).isEqualTo(0.88);
        assertThatThrownBy(() -> ProactivitySamples.batch().withSelectedItems(List.of("m1", "m2", "m3")))
                .hasMessageStartingWith("selected_item_ids");
        assertThatThrownBy(() -> ProactivitySamples.batch().withSelectedItems(List.of("m9")))
                .hasMessageStartingWith("selected_item_ids");
        assertThatThrownBy(() -> ProactivitySamples.batch().withSelectedItems(List.of("m1", "m1")))
                .hasMessageStartingWith("selected_item_ids");
    }

    @Test
    void batch_invalid_rejectedNamingField() {
        BatchProposal b = ProactivitySamples.batch();
        assertThatThrownBy(() -> new BatchProposal("b", "g", "archive", List.of(), "", 0, b.createdAt()))
                .hasMessageStartingWith("items");
        assertThatThrownBy(() -> new BatchProposal("b", "g", "archive", b.items(), "", 0.99, b.createdAt()))
                .hasMessageStartingWith("confidence_min");
        assertThatThrownBy(() -> ProactivitySamples.item("x", 1.2)).hasMessageStartingWith("items.confidence");
    }

    @Test
    void decision_selectionRequiredForEdit_ignoredOtherwise() {
        assertThatThrownBy(() -> new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of()))
                .hasMessageStartingWith("selected_item_ids");
        assertThat(new BatchActionDecision(BatchActionVerdict.APPROVE, List.of("m1")).selectedItemIds()).isEmpty();
        assertThat(BatchActionDecision.decline().verdict()).isEqualTo(BatchActionVerdict.DECLINE);
    }

    @Test
    void autonomyProposal_invalid_rejectedNamingField() {
        AutonomyThresholdProposal p = ProactivitySamples.widenProposal();
        assertThatThrownBy(() -> new AutonomyThresholdProposal("p", "s", null, p.changes(), 1, 0.1, "w", "r",
                RiskLevel.LOW, p.createdAt())).hasMessageStartingWith("risk_level");
        assertThatThrownBy(() -> new AutonomyThresholdProposal("p", "s", null, List.of(), 1, 0.1, "w", "r",
                RiskLevel.HIGH, p.createdAt())).hasMessageStartingWith("changes");
        assertThatThrownBy(() -> new AutonomyThresholdProposal("p", "s", null,
                List.of(p.changes().get(0), p.changes().get(0)), 1, 0.1, "w", "r", RiskLevel.HIGH, p.createdAt()))
                .hasMessageStartingWith("changes");
        assertThatThrownBy(() -> new AutonomyThresholdChange(AutonomyThresholdKey.STANDING_SCOPE, "a", "a",
                AutonomyDirection.TIGHTEN)).hasMessageStartingWith("changes.proposed_value");
    }

    @Test
    void thresholdKey_wireIsDottedPath() {
        assertThat(Json.write(AutonomyThresholdKey.BATCH_REVIEW_CONFIDENCE_HIGH_MIN))
                .isEqualTo("\"batch_review.confidence.high_min\"");
        assertThatThrownBy(() -> Json.read("\"standing.anything\"", AutonomyThresholdKey.class))
                .hasMessageContaining("changes.key");
    }
}
