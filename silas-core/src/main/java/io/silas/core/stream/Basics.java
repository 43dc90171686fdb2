package io.silas.core.stream;

import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.config.SilasConfig;
import java.time.Clock;

/**
 * What the admission line and the drain share ({@link Intake}, {@link Admission}, {@link InputLimits},
 * {@link DurableInbox}, {@link Drain}): the configuration, the audit log, the clock, the channel refusals are
 * answered on, and the operational state (rate limits, fault, background work). A slice of {@link TurnDeps}, so each
 * of these classes takes only what it uses.
 *
 * @param config  limits, backpressure and scope mode
 * @param audit   where refusals, replays and failures are audited
 * @param clock   the Stream's clock
 * @param channel where a refused message is answered
 * @param ops     rate limits, storage fault, background work in flight
 */
record Basics(SilasConfig config, AuditLog audit, Clock clock, ChannelAdapter channel, Operations ops) {
}
