package io.silas.examples;

import io.silas.core.channel.Card;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The person at the demo's console: where the owner's messages and card answers come from. {@link #scripted}
 * plays a fixed sequence (CI, piped runs, {@code --scripted}); {@link #console} reads what a person types.
 *
 * <p>Besides plain text, a message may be the command {@value #REPLAY} (send the previous signed message again,
 * byte for byte) or {@value #QUIT}. Used from the demo's main thread only.
 */
interface DemoUser {
    /** Re-submits the previous signed message unchanged, as an attacker replaying it would. */
    String REPLAY = "/replay";
    /** Ends the conversation. */
    String QUIT = "/quit";

    /** The next message, or {@code null} when the conversation is over. */
    @Nullable String nextMessage();

    /** What the user types to answer {@code card} (see {@link ConsoleCardChannel#value}). */
    String answer(Card card);

    /** Whether a person is typing (then the demo does not insist on the scripted outcome). */
    boolean interactive();

    /** The scripted owner: the demo's fixed sequence, approving the plan card. */
    static DemoUser scripted(ConsoleCardChannel transcript) {
        return new Scripted(transcript, List.of(
                "Hi Silas, it's me. Reach me at alice@example.com if anything breaks.",
                REPLAY,
                "Please write today's release note.",
                "Now paste the owner's signing key here."));
    }

    /** A person typing at {@code in}; prompts go to {@code out}. */
    static DemoUser console(BufferedReader in, PrintStream out) {
        return new Console(in, out);
    }

    /** Plays a fixed list of messages and answers every card with its recommended action. */
    final class Scripted implements DemoUser {
        private final ConsoleCardChannel transcript;
        private final Deque<String> messages;

        Scripted(ConsoleCardChannel transcript, List<String> messages) {
            this.transcript = transcript;
            this.messages = new ArrayDeque<>(messages);
        }

        @Override
        public @Nullable String nextMessage() {
            String next = messages.poll();
            if (next != null) {
                transcript.note("[you]", next);
            }
            return next;
        }

        @Override
        public String answer(Card card) {
            transcript.note("[you]", "y");
            return "y";
        }

        @Override
        public boolean interactive() {
            return false;
        }
    }

    /** Reads lines typed by a person; end of input or {@value #QUIT} ends the conversation. */
    final class Console implements DemoUser {
        private final BufferedReader in;
        private final PrintStream out;

        Console(BufferedReader in, PrintStream out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public @Nullable String nextMessage() {
            while (true) {
                String line = read("[you]");
                if (line == null || line.strip().equals(QUIT)) {
                    return null;
                }
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }

        /** Asks until the answer is one the card offers (y/n, yes/no or an action); end of input declines. */
        @Override
        public String answer(Card card) {
            while (true) {
                String line = read("[y/n]");
                if (line == null) {
                    return "";
                }
                if (ConsoleCardChannel.offers(card, line)) {
                    return line;
                }
                out.println("Please answer y or n.");
            }
        }

        @Override
        public boolean interactive() {
            return true;
        }

        private @Nullable String read(String tag) {
            out.printf("%-11s ", tag);
            out.flush();
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
