package io.bankbus.queue;

import io.bankbus.protocol.Addresses;
import io.bankbus.status.BankMetrics;
import io.vertx.core.json.JsonArray;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.CalledTicket;
import io.bankbus.protocol.JsonFields;
import io.bankbus.protocol.TicketRequest;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A branch: the waiting room of one node and the cashiers of that node. Every branch of a model listens on
 * the model's ticket address, so the event bus spreads arriving customers over the branches; the branches then
 * keep one line between them ({@link OneLine}, {@link BranchPeers}): a free cashier calls the oldest customer of
 * its own branch, or takes an older one from another branch by message. Within a branch customers are called
 * strictly in ticket order.
 *
 * <p>A ticket request is answered only when a cashier has accepted the customer ({@link CalledTicket}); the
 * branch asks the cashier first, so a cashier that is not free can never be handed a second customer.
 */
public final class BranchVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BranchVerticle.class);
  private static final long CALL_TIMEOUT_MS = 5_000;
  /** See {@link OneLine}: a take costs a round trip, worth it only for a customer who waited this much longer. */
  static final long SLACK_MS = 5;

  private final BankModel model;
  private final String branchId;
  private final WaitingRoom<Pending> room;
  private final OneLine line;
  private final long callTimeoutMs;
  private MessageConsumer<Object> tickets;
  private BranchPeers peers;
  private final BankMetrics.ModelMeters meters;
  /** Shown by the node's status: the first tickets in order, not a room of a million. */
  private static final int STATUS_TICKETS = 50;

  public BranchVerticle(BankModel model, String branchId, BankRules rules) {
    this(model, branchId, rules, BankMetrics.unregistered().of(model));
  }

  /** @param meters this model's meters on this node: customers waiting, queue wait */
  public BranchVerticle(BankModel model, String branchId, BankRules rules, BankMetrics.ModelMeters meters) {
    this.meters = meters;
    this.model = model;
    this.branchId = branchId;
    this.room = new WaitingRoom<>(rules.waitingRoomSize());
    this.line = new OneLine(branchId, TimeUnit.MILLISECONDS.toNanos(SLACK_MS));
    // The called cashier carries out the handed-over operation before it answers: allow for the ledger's time.
    this.callTimeoutMs = CALL_TIMEOUT_MS + rules.requestTimeoutMs();
  }

  @Override
  public Future<?> start() {
    peers = new BranchPeers(vertx, model, branchId, room, line, meters, callTimeoutMs, this::callCustomers);
    tickets = vertx.eventBus().consumer(Addresses.tickets(model), this::onTicket);
    MessageConsumer<Object> ready = vertx.eventBus().localConsumer(Addresses.branchReady(model, branchId),
        this::onCashierFree);
    MessageConsumer<Object> status = vertx.eventBus().localConsumer(Addresses.branchStatus(model, branchId),
        message -> message.reply(status()));
    return Future.all(tickets.completion(), ready.completion(), status.completion(), peers.start());
  }

  /**
   * For the node's status: {@code {"branch", "waiting": n, "handedOff": n, "tickets": [{"ticket", "waitedMs",
   * "customer"?}, ...]}}; {@code handedOff}: customers taken by another branch's cashier, not yet confirmed called.
   */
  private JsonObject status() {
    long now = System.nanoTime();
    JsonArray first = new JsonArray();
    room.peek(STATUS_TICKETS).forEach(w -> {
      JsonObject ticket = new JsonObject().put("ticket", w.ticket()).put("waitedMs", (now - w.arrivedNanos()) / 1_000_000);
      first.add(w.customer().customer() == null ? ticket : ticket.put("customer", w.customer().customer()));
    });
    return new JsonObject().put("branch", branchId).put("waiting", room.waitingCount())
        .put("handedOff", room.inFlightCount()).put("tickets", first);
  }

  /**
   * Closing (the node is leaving): no new tickets here, none taken from here, and everyone still waiting (or
   * handed to another branch, unconfirmed) is told at once to take a new ticket, which another branch of the
   * cluster will serve, instead of waiting out their patience.
   */
  @Override
  public Future<?> stop() {
    return Future.all(tickets.unregister(), peers.stop()).andThen(v -> room.closeDoors().forEach(w ->
        BankError.UNAVAILABLE.fail(w.customer().request(), "branch " + branchId + " is closing; take a new ticket")));
  }

  private void onTicket(Message<Object> message) {
    try {
      TicketRequest request = TicketRequest.fromJson(JsonFields.body(message.body()));
      room.enter(new Pending(message, request.first() == null ? null : request.first().toJson(), request.customer()),
          System.nanoTime(),
          TimeUnit.MILLISECONDS.toNanos(request.patienceMs()));
      callCustomers();
    } catch (BankException refused) {
      refused.replyTo(message);
    }
  }

  private void onCashierFree(Message<Object> message) {
    try {
      room.cashierFree(JsonFields.id(JsonFields.body(message.body()), "cashier"));
      callCustomers();
    } catch (BankException refused) {
      LOG.warn("branch {} ignored a malformed 'cashier free' message: {}", branchId, refused.getMessage());
    }
  }

  /**
   * While a cashier is free: take older customers from another branch if the rule says so (one take at a
   * time), else call the oldest customer of this branch's own line.
   */
  private void callCustomers() {
    while (room.freeCashierCount() > 0) {
      long now = System.nanoTime();
      Optional<OneLine.Take> take = peers.taking() ? Optional.empty()
          : line.choose(room.headWaitedNanos(now), room.freeCashierCount(), now);
      if (take.isPresent()) {
        peers.take(take.get(), room.reserveCashiers(take.get().count()));
        continue;
      }
      Optional<WaitingRoom.Call<Pending>> call = room.nextCall(now);
      if (call.isEmpty()) {
        break;
      }
      callCustomer(call.get());
    }
    meters.waiting(room.waitingCount());
    peers.reportIfNewLine();
  }

  private void callCustomer(WaitingRoom.Call<Pending> call) {
    WaitingRoom.Waiting<Pending> customer = call.customer();
    String visitId = branchId + "-" + customer.ticket();
    long waitedNanos = System.nanoTime() - customer.arrivedNanos();
    double queueWaitMs = waitedNanos / 1e6;
    meters.queueWaited(waitedNanos);
    JsonObject callBody = new JsonObject().put("visitId", visitId).put("ticket", customer.ticket());
    if (customer.customer().first() != null) {
      callBody.put("first", customer.customer().first());
    }
    vertx.eventBus().<JsonObject>request(Addresses.cashierCall(model, call.cashierId()), callBody,
            new DeliveryOptions().setSendTimeout(callTimeoutMs))
        .onSuccess(accepted -> customer.customer().request().reply(new CalledTicket(customer.ticket(), branchId,
            accepted.body().getString("cashier"), visitId, queueWaitMs, call.calledSeq(),
            accepted.body().getJsonObject("first")).toJson()))
        .onFailure(refused -> {
          LOG.warn("[{}] cashier {} did not take ticket {} ({}); calling the next free cashier", visitId,
              call.cashierId(), customer.ticket(), BankError.of(refused));
          room.callFailed(call);
          callCustomers();
        });
  }
}
