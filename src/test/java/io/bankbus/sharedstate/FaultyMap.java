package io.bankbus.sharedstate;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * An {@link AsyncMap} whose chosen writes fail as Hazelcast's do when a member dies: either not applied, or
 * applied and then reported failed (an "indeterminate" write, whose backup never acknowledged).
 */
final class FaultyMap<V> implements AsyncMap<String, V> {
  enum Fault { LOST, APPLIED_BUT_FAILED }

  private final AsyncMap<String, V> map;
  private volatile BiPredicate<String, V> matches = (k, v) -> false;
  private volatile Fault fault;
  private final AtomicInteger left = new AtomicInteger();
  final AtomicInteger injected = new AtomicInteger();

  FaultyMap(AsyncMap<String, V> map) {
    this.map = map;
  }

  /** The next {@code times} writes (put, putIfAbsent, replace) that {@code matches} fail with {@code fault}. */
  FaultyMap<V> failNext(int times, Fault fault, BiPredicate<String, V> matches) {
    this.fault = fault;
    this.matches = matches;
    left.set(times);
    return this;
  }

  private <T> Future<T> write(String k, V v, java.util.function.Supplier<Future<T>> real) {
    if (!matches.test(k, v) || left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
      return real.get();
    }
    injected.incrementAndGet();
    RuntimeException failure = new IllegalStateException("injected: the write's backup did not acknowledge");
    return fault == Fault.LOST ? Future.failedFuture(failure) : real.get().transform(r -> Future.failedFuture(failure));
  }

  @Override public Future<V> get(String k) { return map.get(k); }
  @Override public Future<Void> put(String k, V v) { return write(k, v, () -> map.put(k, v)); }
  @Override public Future<Void> put(String k, V v, long ttl) { return write(k, v, () -> map.put(k, v, ttl)); }
  @Override public Future<V> putIfAbsent(String k, V v) { return write(k, v, () -> map.putIfAbsent(k, v)); }
  @Override public Future<V> putIfAbsent(String k, V v, long ttl) { return write(k, v, () -> map.putIfAbsent(k, v, ttl)); }
  @Override public Future<V> remove(String k) { return map.remove(k); }
  @Override public Future<Boolean> removeIfPresent(String k, V v) { return map.removeIfPresent(k, v); }
  @Override public Future<V> replace(String k, V v) { return write(k, v, () -> map.replace(k, v)); }
  @Override public Future<V> replace(String k, V v, long ttl) { return write(k, v, () -> map.replace(k, v, ttl)); }
  @Override public Future<Boolean> replaceIfPresent(String k, V old, V v) {
    return write(k, v, () -> map.replaceIfPresent(k, old, v));
  }
  @Override public Future<Boolean> replaceIfPresent(String k, V old, V v, long ttl) {
    return write(k, v, () -> map.replaceIfPresent(k, old, v, ttl));
  }
  @Override public Future<Void> clear() { return map.clear(); }
  @Override public Future<Integer> size() { return map.size(); }
  @Override public Future<Set<String>> keys() { return map.keys(); }
  @Override public Future<List<V>> values() { return map.values(); }
  @Override public Future<Map<String, V>> entries() { return map.entries(); }
}
