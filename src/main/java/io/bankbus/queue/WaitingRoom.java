package io.bankbus.queue;

import io.bankbus.protocol.BankError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A branch's waiting room and its free cashiers, as plain data: customers wait in ticket order in a bounded
 * room; cashiers announce themselves when free; each pairing takes the oldest customer still willing to wait
 * and the cashier that has been free longest. Cashiers pull, so a busy cashier is never paired.
 *
 * <p>The room's oldest customers may also be handed off to another branch whose cashier is free
 * ({@link #handOff}): a handed-off customer leaves the line but stays held here, in flight, until the other
 * branch confirms the call ({@link #confirm}), gives it back ({@link #giveBack}), or stays silent past the
 * hand-off's deadline ({@link #expire}). A customer is thus in exactly one place, the line or in flight; it
 * is called once, and never lost while its branch lives.
 *
 * <p>Not thread-safe: one branch verticle owns one instance.
 *
 * @param <C> how the branch reaches a waiting customer (a pending event-bus message)
 */
public final class WaitingRoom<C> {
  private final int capacity;
  private final Deque<Waiting<C>> waiting = new ArrayDeque<>();
  private final Set<String> freeCashiers = new LinkedHashSet<>();
  private final Map<Long, InFlight<C>> inFlight = new LinkedHashMap<>();
  private long nextTicket = 1;
  private long nextCall = 1;

  /** A customer in the room: its ticket, when it arrived and until when it is willing to wait. */
  public record Waiting<C>(long ticket, long arrivedNanos, long deadlineNanos, C customer) {
  }

  /** A customer called to a cashier; {@code calledSeq} numbers the calls of this room in order. */
  public record Call<C>(Waiting<C> customer, String cashierId, long calledSeq) {
  }

  /** A customer handed off to {@code branch}, called there in this room's order {@code calledSeq}. */
  public record InFlight<C>(Waiting<C> customer, String branch, long calledSeq, long handedNanos, long deadlineNanos) {
  }

  public WaitingRoom(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Gives the customer the next ticket, or refuses with {@link BankError#BANK_FULL} and changes nothing.
   * Customers in flight to another branch count: they have not been called yet.
   */
  public Waiting<C> enter(C customer, long nowNanos, long patienceNanos) {
    if (waiting.size() + inFlight.size() >= capacity) {
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

  public int freeCashierCount() {
    return freeCashiers.size();
  }

  /** Takes up to {@code max} free cashiers out of the free list, longest free first (kept for a hand-off). */
  public List<String> reserveCashiers(int max) {
    List<String> reserved = new ArrayList<>();
    for (Iterator<String> it = freeCashiers.iterator(); it.hasNext() && reserved.size() < max; ) {
      reserved.add(it.next());
      it.remove();
    }
    return reserved;
  }

  /** Reserved cashiers not needed after all: free again, ahead of those freed since (they waited longer). */
  public void returnCashiers(List<String> cashiers) {
    List<String> after = new ArrayList<>(freeCashiers);
    freeCashiers.clear();
    freeCashiers.addAll(cashiers);
    freeCashiers.addAll(after);
  }

  /**
   * The next pairing if a customer and a free cashier are both present. Customers whose patience ran out are
   * dropped first (their request has timed out; nobody would hear the call).
   */
  public Optional<Call<C>> nextCall(long nowNanos) {
    dropImpatient(nowNanos);
    if (waiting.isEmpty() || freeCashiers.isEmpty()) {
      return Optional.empty();
    }
    String cashier = freeCashiers.iterator().next();
    freeCashiers.remove(cashier);
    return Optional.of(new Call<>(waiting.pollFirst(), cashier, nextCall++));
  }

  /** How long the oldest customer still willing to wait has waited, or -1 if nobody waits. */
  public long headWaitedNanos(long nowNanos) {
    dropImpatient(nowNanos);
    return waiting.isEmpty() ? -1 : nowNanos - waiting.peekFirst().arrivedNanos();
  }

  /**
   * Hands up to {@code max} of the oldest customers to {@code branch}, each only if it has waited at least
   * {@code minWaitedNanos} (so the other branch gets only customers who waited longer than its own), in ticket
   * order, each numbered in this room's order of calls. They are held in flight until {@code deadlineNanos}.
   */
  public List<InFlight<C>> handOff(String branch, int max, long minWaitedNanos, long nowNanos, long deadlineNanos) {
    dropImpatient(nowNanos);
    List<InFlight<C>> handed = new ArrayList<>();
    while (handed.size() < max && !waiting.isEmpty() && nowNanos - waiting.peekFirst().arrivedNanos() >= minWaitedNanos) {
      InFlight<C> h = new InFlight<>(waiting.pollFirst(), branch, nextCall++, nowNanos, deadlineNanos);
      inFlight.put(h.customer().ticket(), h);
      handed.add(h);
    }
    return handed;
  }

  /**
   * {@code branch} called the customer with {@code ticket}: it leaves the room for good. Empty if that
   * customer is not in flight to that branch (already called, given back, expired): it must not be served twice.
   */
  public Optional<InFlight<C>> confirm(String branch, long ticket) {
    InFlight<C> h = inFlight.get(ticket);
    if (h == null || !h.branch().equals(branch)) {
      return Optional.empty();
    }
    inFlight.remove(ticket);
    return Optional.of(h);
  }

  /** {@code branch} could not call the customer: back in line in ticket order. False if not in flight there. */
  public boolean giveBack(String branch, long ticket) {
    Optional<InFlight<C>> h = confirm(branch, ticket);
    h.ifPresent(back -> putBack(back.customer()));
    return h.isPresent();
  }

  /** Customers whose hand-off passed its deadline unconfirmed go back in line in ticket order; how many. */
  public int expire(long nowNanos) {
    List<InFlight<C>> late = inFlight.values().stream().filter(h -> h.deadlineNanos() - nowNanos <= 0).toList();
    late.forEach(h -> {
      inFlight.remove(h.customer().ticket());
      putBack(h.customer());
    });
    return late.size();
  }

  /** The called cashier did not take the customer: the customer goes back in line, in ticket order. */
  public void callFailed(Call<C> call) {
    putBack(call.customer());
  }

  private void putBack(Waiting<C> customer) {
    List<Waiting<C>> younger = new ArrayList<>();
    while (!waiting.isEmpty() && waiting.peekFirst().ticket() < customer.ticket()) {
      younger.add(waiting.pollFirst());
    }
    waiting.addFirst(customer);
    for (int i = younger.size() - 1; i >= 0; i--) {
      waiting.addFirst(younger.get(i));
    }
  }

  private void dropImpatient(long nowNanos) {
    while (!waiting.isEmpty() && waiting.peekFirst().deadlineNanos() - nowNanos < 0) {
      waiting.pollFirst();
    }
  }

  /** Empties the room (the branch is closing): the customers who were waiting or in flight, in ticket order. */
  public List<Waiting<C>> closeDoors() {
    inFlight.values().forEach(h -> putBack(h.customer()));
    inFlight.clear();
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

  /** Customers in line (not those in flight to another branch). */
  public int waitingCount() {
    return waiting.size();
  }

  public int inFlightCount() {
    return inFlight.size();
  }
}
