package io.silas.core.stream;

import io.silas.core.context.ChronicleStore;
import io.silas.core.memory.MemoryStore;
import io.silas.core.work.WorkItemStore;

/**
 * The stores a turn reads and writes, all keyed by scope.
 *
 * @param chronicle the conversation history (rehydration, known scopes)
 * @param memory    the scope's memories (retrieval, memory ops, raw lane)
 * @param workItems proposed, approved and running work items
 * @param inbox     the durable inbox whose row a turn commits
 */
record TurnStores(ChronicleStore chronicle, MemoryStore memory, WorkItemStore workItems, InboxStore inbox) {
}
