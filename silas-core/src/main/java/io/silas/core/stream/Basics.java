package io.silas.core.stream;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.config.SilasConfig;
import java.time.Clock;

/**
 * What every part of the Stream shares (the admission line {@link Intake}, {@link Admission}, {@link InputLimits},
 * {@link DurableInbox}, {@link Drain}, and the turn's parts): the configuration, the audit log, the clock, the ids,
 * the channel replies and refusals are sent on, and the operational state (rate limits, fault, background work).
 * The other parts of the turn come in small records of their own ({@link TurnStores}, {@link TurnAgents},
 * {@link TurnRules}, {@link OwnerDesk}, {@link PlanWork}), so each class takes only what it uses.
 *
 * @param config  limits, backpressure and scope mode
 * @param audit   where refusals, replays and failures are audited
 * @param clock   the Stream's clock
 * @param ids     ids of context items, memories, cards and work items
 * @param channel where a refused message is answered
 * @param ops     rate limits, storage fault, background work in flight
 */
record Basics(SilasConfig config, AuditLog audit, Clock clock, IdGenerator ids, ChannelAdapter channel,
              Operations ops) {
}
