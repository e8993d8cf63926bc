package io.bankbus.protocol;

/**
 * A message body of one of the bank's binary codecs (the ledger's own messages between cashier, shard owner and
 * follower: docs/protocol.md, "Binary messages inside the ledger"). Their codecs bound every length as they decode
 * and validate what they decode, so {@link InboundGuard} lets these bodies through without walking them; what does
 * not decode arrives as a {@link Malformed} body, which it refuses.
 */
public interface WireBody {
  /** What a codec made of bytes it could not decode: refused with {@link BankError#INVALID_MESSAGE}. */
  record Malformed(String problem) {
  }
}
