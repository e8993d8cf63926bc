package io.bankbus.bridge;

/**
 * What one bridge connection may do. A connection that breaks a limit is sent one error frame and closed; the
 * others are not affected.
 *
 * @param maxFrameBytes  largest frame payload (the JSON after the 4-byte length); a larger length is refused as
 *                       soon as its 4 bytes arrive, before any of the payload is buffered
 * @param perSecond      frames a second a connection may send, on average
 * @param burst          frames it may send at once
 * @param maxConnections bridge connections open at once on this node; more are closed on arrival
 */
public record BridgeLimits(int maxFrameBytes, int perSecond, int burst, int maxConnections) {
  /** A customer's frames are a few hundred bytes and a visit a handful of them: these leave a wide margin. */
  public static final BridgeLimits DEFAULTS = new BridgeLimits(64 * 1024, 20, 50, 256);

  public BridgeLimits {
    if (maxFrameBytes < 64 || perSecond < 1 || burst < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("bridge limits must be positive (frames at least 64 bytes)");
    }
  }

  /** The limits in words, for the ready line and errors. */
  public String describe() {
    return "frames up to " + maxFrameBytes + " bytes, " + perSecond + " frames/s (burst " + burst + ") per connection, "
        + maxConnections + " connections";
  }
}
