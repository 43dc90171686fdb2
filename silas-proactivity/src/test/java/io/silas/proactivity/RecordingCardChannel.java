package io.silas.proactivity;

import io.silas.core.channel.Card;
import io.silas.core.channel.RichCardChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A real in-memory {@link RichCardChannel} for tests: records every card and text with its recipient, in send
 * order, so a test can read what reached which connection and answer it through the prompter.
 */
final class RecordingCardChannel implements RichCardChannel {
    /** One delivered card. */
    record Sent(String recipientId, Card card) {
    }

    private final List<Sent> cards = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public synchronized void send(String recipientId, String text) {
        texts.add(recipientId + ": " + text);
    }

    @Override
    public synchronized void sendCard(String recipientId, Card card) {
        cards.add(new Sent(recipientId, card));
    }

    synchronized List<Sent> cards() {
        return List.copyOf(cards);
    }

    synchronized List<Card> cardsTo(String recipientId) {
        return cards.stream().filter(s -> s.recipientId().equals(recipientId)).map(Sent::card).toList();
    }

    synchronized List<String> texts() {
        return List.copyOf(texts);
    }
}
