package io.silas.core.gate;

/** When a gate fires (docs/contracts.md#gates). Wire values are the lower-case constant names. */
public enum GateTrigger {
    /** Before processing any user input. */
    EVERY_USER_MESSAGE,
    /** Before sending any agent response to the user. */
    EVERY_AGENT_RESPONSE,
    /** After a plan step completes. */
    AFTER_STEP,
    /** Before a tool is executed. */
    ON_TOOL_CALL
}
