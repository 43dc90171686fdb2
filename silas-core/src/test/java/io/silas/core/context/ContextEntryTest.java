package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditLog;
import io.silas.core.memory.MemoryStore;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextEntryTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-15T09:00:00Z"), ZoneOffset.UTC);

    private ContextManager manager() {
        TokenBudget budget = new TokenBudget(1000, 100, 0.02, 0.8, 0.9, 2000, 10, 5,
                Map.of("test", new ContextProfile("test", 0.4, 0.2, 0.2)), "test");
        return ContextManager.builder("owner").budget(budget).memory(MemoryStore.inMemory())
                .audit(AuditLog.inMemory(clock)).clock(clock).ids(IdGenerator.sequential("id")).build();
    }

    private ContextItem item(String id, ContextZone zone, ContextKind kind, String content, String source,
                             TaintLevel taint, int turn) {
        return ContextItem.live(id, zone, kind, content, 5, source, taint, turn, clock.instant());
    }

    @Test
    void window_typesEveryBlockWithRoleAndTrust_withoutTheCurrentMessage() {
        ContextManager context = manager();
        context.add(item("s", ContextZone.SYSTEM, ContextKind.SYSTEM, "be kind", "constitution", TaintLevel.OWNER, 0));
        context.add(item("u1", ContextZone.CHRONICLE, ContextKind.MESSAGE, "hi", "channel:web", TaintLevel.AUTH, 1));
        context.add(item("a1", ContextZone.CHRONICLE, ContextKind.MESSAGE, "hello", "agent:direct", TaintLevel.AUTH,
                1));
        context.add(item("t1", ContextZone.CHRONICLE, ContextKind.TOOL_RESULT, "42", "shell_exec", TaintLevel.EXTERNAL,
                1));
        context.add(item("m", ContextZone.MEMORY, ContextKind.MEMORY, "likes tea", "memory:profile", TaintLevel.OWNER,
                1));
        context.add(item("u2", ContextZone.CHRONICLE, ContextKind.MESSAGE, "now this", "channel:web", TaintLevel.AUTH,
                2));

        List<ContextEntry> entries = context.window(2).entries(2);

        assertThat(entries).extracting(ContextEntry::role).containsExactly(ContextEntry.Role.SYSTEM,
                ContextEntry.Role.USER, ContextEntry.Role.ASSISTANT, ContextEntry.Role.TOOL, ContextEntry.Role.CONTEXT);
        assertThat(entries).extracting(ContextEntry::content).doesNotContain("now this");
        assertThat(entries.get(1).taint()).isEqualTo(TaintLevel.AUTH);
        assertThat(entries.get(3).taint()).isEqualTo(TaintLevel.EXTERNAL);
        assertThat(context.render(2)).contains("now this");
    }
}
