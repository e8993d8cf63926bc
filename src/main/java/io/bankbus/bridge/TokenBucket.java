package io.bankbus.bridge;

/**
 * A rate limit for one bridge connection: {@code perSecond} messages a second on average, up to {@code burst} at
 * once. Time is passed in (nanoseconds, any origin), so the limiter is plain arithmetic and tests need no clock.
 * Not thread-safe: each connection's bucket is used from that connection's event loop only.
 */
public final class TokenBucket {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(int perSecond, int burst, long nowNanos) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be positive, got " + perSecond + " and " + burst);
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one: {@code false} means this message is over the limit. */
  public boolean tryTake(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = Math.max(lastNanos, nowNanos);
    tokens = Math.min(burst, tokens + elapsed * perNano);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
