package io.bankbus.queue;

import io.bankbus.protocol.BankError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A branch's waiting room and its free cashiers, as plain data: customers wait in ticket order in a bounded
 * room; cashiers announce themselves when free; each pairing takes the oldest customer still willing to wait
 * and the cashier that has been free longest. Cashiers pull, so a busy cashier is never paired.
 *
 * <p>Not thread-safe: one branch verticle owns one instance.
 *
 * @param <C> how the branch reaches a waiting customer (a pending event-bus message)
 */
public final class WaitingRoom<C> {
  private final int capacity;
  private final Deque<Waiting<C>> waiting = new ArrayDeque<>();
  private final Set<String> freeCashiers = new LinkedHashSet<>();
  private long nextTicket = 1;
  private long nextCall = 1;

  /** A customer in the room: its ticket, when it arrived and until when it is willing to wait. */
  public record Waiting<C>(long ticket, long arrivedNanos, long deadlineNanos, C customer) {
  }

  /** A customer called to a cashier; {@code calledSeq} numbers the calls of this room in order. */
  public record Call<C>(Waiting<C> customer, String cashierId, long calledSeq) {
  }

  public WaitingRoom(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Gives the customer the next ticket, or refuses with {@link BankError#BANK_FULL} and changes nothing. */
  public Waiting<C> enter(C customer, long nowNanos, long patienceNanos) {
    if (waiting.size() >= capacity) {
      throw BankError.BANK_FULL.exception("the waiting room holds " + capacity + " customers and is full");
    }
    Waiting<C> w = new Waiting<>(nextTicket++, nowNanos, nowNanos + patienceNanos, customer);
    waiting.addLast(w);
    return w;
  }

  /** A cashier is free; announcing twice has no further effect. */
  public void cashierFree(String cashierId) {
    freeCashiers.add(cashierId);
  }

  /**
   * The next pairing if a customer and a free cashier are both present. Customers whose patience ran out are
   * dropped first (their request has timed out; nobody would hear the call).
   */
  public Optional<Call<C>> nextCall(long nowNanos) {
    while (!waiting.isEmpty() && waiting.peekFirst().deadlineNanos() - nowNanos < 0) {
      waiting.pollFirst();
    }
    if (waiting.isEmpty() || freeCashiers.isEmpty()) {
      return Optional.empty();
    }
    String cashier = freeCashiers.iterator().next();
    freeCashiers.remove(cashier);
    return Optional.of(new Call<>(waiting.pollFirst(), cashier, nextCall++));
  }

  /** The called cashier did not take the customer: the customer goes back to the head of the line. */
  public void callFailed(Call<C> call) {
    waiting.addFirst(call.customer());
  }

  /** Empties the room (the branch is closing): the customers who were waiting, in order. */
  public List<Waiting<C>> closeDoors() {
    List<Waiting<C>> sent = new ArrayList<>(waiting);
    waiting.clear();
    freeCashiers.clear();
    return sent;
  }

  /** The first {@code max} customers waiting, in ticket order (some may have run out of patience). */
  public List<Waiting<C>> peek(int max) {
    List<Waiting<C>> first = new ArrayList<>(Math.min(max, waiting.size()));
    for (Waiting<C> w : waiting) {
      if (first.size() == max) {
        break;
      }
      first.add(w);
    }
    return first;
  }

  public int waitingCount() {
    return waiting.size();
  }

}
