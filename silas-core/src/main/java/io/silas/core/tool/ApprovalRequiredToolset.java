package io.silas.core.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The approval-required stage of the chain; see {@link Toolset#approvalRequired}. */
final class ApprovalRequiredToolset implements Toolset {
    private final Toolset inner;
    private final Function<ToolRequest, Optional<String>> requirement;
    private final ToolApproval approval;

    ApprovalRequiredToolset(Toolset inner, Function<ToolRequest, Optional<String>> requirement,
                            ToolApproval approval) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.requirement = Objects.requireNonNull(requirement, "requirement");
        this.approval = Objects.requireNonNull(approval, "approval");
    }

    @Override
    public List<ToolDefinition> definitions() {
        return inner.definitions();
    }

    @Override
    public ToolExecution execute(ToolRequest request) {
        List<String> reasons = new ArrayList<>(request.approvalReasons());
        requirement.apply(request).ifPresent(reasons::add);
        if (!reasons.isEmpty()) {
            String reason = String.join("; ", reasons);
            boolean approved;
            try {
                approved = approval.approve(request, reason);
            } catch (RuntimeException e) {
                approved = false;
            }
            if (!approved) {
                return new ToolExecution.Refused(ToolCallStatus.APPROVAL_DECLINED,
                        "tool call not approved (" + reason + ")");
            }
        }
        return inner.execute(request);
    }
}
