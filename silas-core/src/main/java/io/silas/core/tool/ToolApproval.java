package io.silas.core.tool;

/**
 * Resolves an approval-paused tool call (docs/contracts.md#tool-calls):
 * ask the owner, mint a token for exactly this call, verify it. Returns whether the call may run.
 *
 * <p><b>Security guarantees:</b> implementations return {@code true} only after the approval engine verified a
 * token bound to this exact tool name and arguments; a timeout, an error or a decline is {@code false}.
 */
@FunctionalInterface
public interface ToolApproval {
    /**
     * Asks the owner to approve this exact call and verifies the resulting token.
     *
     * @param request the paused tool call
     * @param reason  why the call needs approval (shown on the card)
     * @return whether the call may run
     */
    boolean approve(ToolRequest request, String reason);
}
