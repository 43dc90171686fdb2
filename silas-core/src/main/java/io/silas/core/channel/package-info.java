/**
 * Channels and the cards they show: inbound messages and their owner signatures ({@link
 * io.silas.core.channel.MessageTrust}), the sealed {@link io.silas.core.channel.Card} family, and the prompters that
 * turn a card answer into an approval decision.
 */
@NullMarked
package io.silas.core.channel;

import org.jspecify.annotations.NullMarked;
