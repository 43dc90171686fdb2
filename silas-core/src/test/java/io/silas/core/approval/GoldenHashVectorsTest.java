package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.ProposalHashes;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.WorkItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixed JSON inputs → fixed hashes. A failure here means approvals issued by earlier versions break. */
class GoldenHashVectorsTest {
    private static final String DIR = "golden/";

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenHashVectorsTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String expected(String key) throws IOException {
        Properties props = new Properties();
        props.load(new java.io.StringReader(resource("golden-hashes.properties")));
        String value = props.getProperty(key);
        assertThat(value).as(key).isNotNull().hasSize(64);
        return value;
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-item-task", "work-item-minimal", "work-item-goal"})
    void planHash_goldenWorkItems(String name) throws IOException {
        WorkItem item = Json.read(resource(name + ".json"), WorkItem.class);
        assertThat(PlanHashes.planHash(item)).isEqualTo(expected(name + ".plan_hash"));
    }

    @Test
    void spawnPolicyHash_goldenGoal() throws IOException {
        WorkItem goal = Json.read(resource("work-item-goal.json"), WorkItem.class);
        assertThat(PlanHashes.spawnPolicyHash(goal)).isEqualTo(expected("work-item-goal.spawn_policy_hash"));
    }

    @Test
    void batchHash_goldenBatch() throws IOException {
        BatchProposal batch = Json.read(resource("batch.json"), BatchProposal.class);
        assertThat(ProposalHashes.batchHash(batch)).isEqualTo(expected("batch.batch_hash"));
    }

    @Test
    void autonomyProposalHash_goldenProposal() throws IOException {
        AutonomyThresholdProposal proposal = Json.read(resource("autonomy-proposal.json"),
                AutonomyThresholdProposal.class);
        assertThat(ProposalHashes.autonomyProposalHash(proposal))
                .isEqualTo(expected("autonomy-proposal.autonomy_proposal_hash"));
    }
}
