package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.channel.StreamingChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A streamed reply is released a complete segment at a time, only while the gates pass the prefix unchanged. */
class ReplyStreamTest {
    private final List<String> shown = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    private final StreamingChannel channel = new StreamingChannel() {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public void send(String recipientId, String text) {
            shown.add("send:" + text);
        }

        @Override
        public void sendPart(String recipientId, String replyId, String text) {
            shown.add("part:" + text);
        }

        @Override
        public void endReply(String recipientId, String replyId, String finalText) {
            shown.add("end:" + finalText);
        }
    };

    private ReplyStream stream(String blockedWord, int maxBytes) {
        return new ReplyStream(channel, "c", "r1", prefix -> {
            checked.add(prefix);
            return !prefix.contains(blockedWord);
        }, maxBytes);
    }

    @Test
    void segmentEnd_lineBreakOrSentenceEndFollowedByWhiteSpace() {
        assertThat(ReplyStream.segmentEnd("Hello there", 0)).isZero();
        assertThat(ReplyStream.segmentEnd("Hi. Next", 0)).isEqualTo(4);
        assertThat(ReplyStream.segmentEnd("v1.2 is out", 0)).isZero();
        assertThat(ReplyStream.segmentEnd("a\nb? c", 0)).isEqualTo(5);
        assertThat(ReplyStream.segmentEnd("a\nb", 2)).isEqualTo(2);
    }

    @Test
    void onlyCompleteSegmentsAreCheckedAndShown_untilOneIsBlocked() {
        ReplyStream stream = stream("SECRET", 10_000);

        stream.part("One. Tw");
        stream.part("o! The SEC");
        stream.part("RET is 42. Four.");
        stream.part(" More.\n");

        assertThat(shown).containsExactly("part:One. ", "part:Two! ");
        assertThat(checked).containsExactly("One. ", "One. Two! ", "One. Two! The SECRET is 42. ");
        assertThat(stream.started()).isTrue();
        stream.end("[blocked]");
        assertThat(shown).endsWith("end:[blocked]");
        assertThat(stream.started()).isFalse();
    }

    @Test
    void overTheReplyLimit_orAfterTheCallEnded_nothingMoreIsShown() {
        ReplyStream bounded = stream("SECRET", 8);
        bounded.part("Short. And then a longer sentence. ");
        ReplyStream ended = stream("SECRET", 10_000);
        ended.part("First. ");
        ended.stop();
        ended.part("Second. ");

        assertThat(shown).containsExactly("part:First. ");
        assertThat(bounded.started()).isFalse();
    }
}
