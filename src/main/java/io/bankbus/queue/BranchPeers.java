package io.bankbus.queue;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.CalledTicket;
import io.bankbus.protocol.Handoff;
import io.bankbus.protocol.JsonFields;
import io.bankbus.protocol.LineReport;
import io.bankbus.status.BankMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a branch that keeps one line with the model's other branches ({@link OneLine}), by message only:
 * it publishes this branch's line on {@link Addresses#lines} (at once when a line forms, every
 * {@link #REPORT_PERIOD_MS} while it lasts, once when it empties) and hears the others'; on its hand-off address
 * it gives this line's oldest customers to a branch that takes them and answers their ticket requests once that
 * branch confirms the call; and it takes older customers from the others for this branch's free cashiers.
 *
 * <p>A customer handed off stays held by its own branch (only that branch can answer its request) until the
 * taker confirms; unconfirmed after the taker's call timeout plus {@link #MARGIN_MS}, it goes back in line. If the
 * holding branch dies meanwhile, the customer's own request times out and it retries with a new ticket, as for
 * any customer of a dead branch. Runs on the branch verticle's event loop, like the room it shares.
 */
final class BranchPeers {
  private static final Logger LOG = LoggerFactory.getLogger(BranchPeers.class);
  /** How stale another branch's view of this line may get: the bound of {@link OneLine}'s rule, with its slack. */
  static final long REPORT_PERIOD_MS = 10;
  /** For the messages between branches themselves, which wait for nothing else. */
  private static final long MARGIN_MS = 2_000;
  /**
   * How long a take waits for the other branch's answer, its cashiers set aside meanwhile: a branch answers from
   * its event loop at once, and one that does not within this is as good as gone. Measured before: after a kill,
   * a take sent to the dead branch (its line still looked the oldest) held a free cashier for the full 2 s.
   * Answered later, the customers it handed over go back in its line when their hand-off expires.
   */
  static final long TAKE_TIMEOUT_MS = 500;

  private final Vertx vertx;
  private final BankModel model;
  private final String branchId;
  private final WaitingRoom<Pending> room;
  private final OneLine line;
  private final BankMetrics.ModelMeters meters;
  private final long callTimeoutMs;
  private final Runnable callCustomers;
  private MessageConsumer<Object> lines;
  private MessageConsumer<Object> handoff;
  private long reportTimer = -1;
  private boolean reportedLine;
  private boolean taking;

  BranchPeers(Vertx vertx, BankModel model, String branchId, WaitingRoom<Pending> room, OneLine line,
              BankMetrics.ModelMeters meters, long callTimeoutMs, Runnable callCustomers) {
    this.vertx = vertx;
    this.model = model;
    this.branchId = branchId;
    this.room = room;
    this.line = line;
    this.meters = meters;
    this.callTimeoutMs = callTimeoutMs;
    this.callCustomers = callCustomers;
  }

  Future<Void> start() {
    lines = vertx.eventBus().consumer(Addresses.lines(model), this::onLineReport);
    handoff = vertx.eventBus().consumer(Addresses.branchHandoff(model, branchId), this::onHandoff);
    reportTimer = vertx.setPeriodic(REPORT_PERIOD_MS, t -> {
      if (reportedLine || room.waitingCount() > 0) {
        publishLine();
      }
    });
    return Future.all(lines.completion(), handoff.completion()).mapEmpty();
  }

  /** No more takes from here; the others hear that this line is empty. */
  Future<Void> stop() {
    vertx.cancelTimer(reportTimer);
    return Future.all(lines.unregister(), handoff.unregister())
        .andThen(v -> vertx.eventBus().publish(Addresses.lines(model), new LineReport(branchId, 0, 0).toJson()))
        .mapEmpty();
  }

  /** Whether a take from another branch is under way (one at a time). */
  boolean taking() {
    return taking;
  }

  /** Called after the room changed: a line that just formed is reported at once, not at the next period. */
  void reportIfNewLine() {
    if (!reportedLine && room.waitingCount() > 0) {
      publishLine();
    }
  }

  private LineReport lineNow() {
    long head = room.headWaitedNanos(System.nanoTime());
    return new LineReport(branchId, room.waitingCount(), head < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(head));
  }

  private void publishLine() {
    LineReport report = lineNow();
    reportedLine = report.waiting() > 0;
    vertx.eventBus().publish(Addresses.lines(model), report.toJson());
  }

  private void onLineReport(Message<Object> message) {
    try {
      LineReport report = LineReport.fromJson(JsonFields.body(message.body()));
      line.heard(report.branch(), report.waiting(), TimeUnit.MILLISECONDS.toNanos(report.headWaitedMs()), System.nanoTime());
      message.reply(new JsonObject().put("heard", true));   // heard only when sent rather than published
      if (!report.branch().equals(branchId) && report.waiting() > 0 && room.freeCashierCount() > 0) {
        callCustomers.run();
      }
    } catch (BankException refused) {
      refused.replyTo(message);
    }
  }

  private void onHandoff(Message<Object> message) {
    try {
      Handoff.Request request = Handoff.fromJson(model, JsonFields.body(message.body()));
      if (request instanceof Handoff.Take take) {
        handOver(take, message);
      } else if (request instanceof Handoff.Called called) {
        confirm(called, message);
      } else if (request instanceof Handoff.Returned returned) {
        if (!room.giveBack(returned.branch(), returned.ticket())) {
          throw gone(returned);
        }
        message.reply(new JsonObject());
        callCustomers.run();
      }
    } catch (BankException refused) {
      refused.replyTo(message);
    }
  }

  /** Another branch's free cashiers take this line's oldest customers, those who waited at least as asked. */
  private void handOver(Handoff.Take take, Message<Object> message) {
    long now = System.nanoTime();
    long holdMs = callTimeoutMs + MARGIN_MS;
    List<WaitingRoom.InFlight<Pending>> handed = room.handOff(take.branch(), take.count(),
        TimeUnit.MILLISECONDS.toNanos(take.minWaitedMs()), now, now + TimeUnit.MILLISECONDS.toNanos(holdMs));
    List<Handoff.Handed> tickets = new ArrayList<>();
    for (WaitingRoom.InFlight<Pending> h : handed) {
      meters.queueWaited(now - h.customer().arrivedNanos());
      tickets.add(new Handoff.Handed(h.customer().ticket(), visitId(h.customer().ticket()), h.customer().customer().first()));
    }
    message.reply(new Handoff.Taken(tickets, lineNow()).toJson());
    if (!handed.isEmpty()) {
      meters.waiting(room.waitingCount());
      vertx.setTimer(holdMs + 1, t -> {
        int back = room.expire(System.nanoTime());
        if (back > 0) {
          LOG.warn("branch {}: {} customer(s) handed to branch {} unconfirmed after {} ms; back in line", branchId, back,
              take.branch(), holdMs);
          callCustomers.run();
        }
      });
    }
  }

  /** The taker's cashier accepted the customer: answer its ticket request, once. */
  private void confirm(Handoff.Called called, Message<Object> message) {
    WaitingRoom.InFlight<Pending> h = room.confirm(called.branch(), called.ticket()).orElseThrow(() -> gone(called));
    WaitingRoom.Waiting<Pending> w = h.customer();
    w.customer().request().reply(new CalledTicket(w.ticket(), branchId, called.cashier(), visitId(w.ticket()),
        (h.handedNanos() - w.arrivedNanos()) / 1e6, h.calledSeq(), called.first()).toJson());
    message.reply(new JsonObject());
  }

  private BankException gone(Handoff.Request request) {
    return BankError.TICKET_GONE.exception("branch " + branchId + " holds no ticket for branch " + request.branch()
        + ": it was called, given back, or put back in line after its hand-off expired");
  }

  /** Takes older customers from another branch for {@code reserved}, this branch's free cashiers set aside for it. */
  void take(OneLine.Take take, List<String> reserved) {
    taking = true;
    Handoff.Take request = new Handoff.Take(branchId, reserved.size(), TimeUnit.NANOSECONDS.toMillis(take.minWaitedNanos()));
    vertx.eventBus().<Object>request(Addresses.branchHandoff(model, take.branch()), request.toJson(),
        new DeliveryOptions().setSendTimeout(TAKE_TIMEOUT_MS)).onComplete(done -> {
          taking = false;
          List<String> free = new ArrayList<>(reserved);
          try {
            if (done.failed()) {
              throw done.cause();
            }
            Handoff.Taken taken = Handoff.Taken.fromJson(JsonFields.body(done.result().body()));
            line.taken(take.branch(), taken.line().waiting(), TimeUnit.MILLISECONDS.toNanos(taken.line().headWaitedMs()),
                !taken.tickets().isEmpty(), System.nanoTime());
            for (Handoff.Handed h : taken.tickets()) {
              if (free.isEmpty()) {
                giveBack(take.branch(), h);
              } else {
                call(take.branch(), h, free.remove(0));
              }
            }
          } catch (Throwable failed) {
            // Usually the other branch is gone (no handler, no answer); anything else is worth a warning.
            if (failed instanceof ReplyException) {
              LOG.debug("branch {}: take from branch {} failed ({}); forgetting its line until it reports again",
                  branchId, take.branch(), BankError.wording(failed));
            } else {
              LOG.warn("branch {}: take from branch {} failed", branchId, take.branch(), failed);
            }
            line.forget(take.branch());
          }
          room.returnCashiers(free);
          callCustomers.run();
        });
  }

  /** Calls a customer of {@code holder}'s line to this branch's cashier, then tells {@code holder}. */
  private void call(String holder, Handoff.Handed h, String cashierId) {
    JsonObject body = new JsonObject().put("visitId", h.visitId()).put("ticket", h.ticket());
    if (h.first() != null) {
      body.put("first", h.first());
    }
    vertx.eventBus().<JsonObject>request(Addresses.cashierCall(model, cashierId), body,
            new DeliveryOptions().setSendTimeout(callTimeoutMs))
        .onSuccess(accepted -> {
          String cashier = Addresses.cashier(model, cashierId);
          Handoff.Called called = new Handoff.Called(branchId, h.ticket(), cashier, accepted.body().getJsonObject("first"));
          vertx.eventBus().request(Addresses.branchHandoff(model, holder), called.toJson(),
              new DeliveryOptions().setSendTimeout(MARGIN_MS)).onFailure(unconfirmed -> {
                // Refused or unheard, the customer will not come: free the cashier now. Merely slow, it might.
                boolean timedOut = unconfirmed instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT;
                LOG.info("[{}] branch {} did not confirm the call ({}){}", h.visitId(), holder,
                    BankError.wording(unconfirmed), timedOut ? "; the cashier waits out its idle timeout" : "; visit ended");
                if (!timedOut) {
                  vertx.eventBus().send(cashier, new JsonObject().put("op", "leave").put("visitId", h.visitId()));
                }
              });
        })
        .onFailure(refused -> {
          LOG.warn("[{}] cashier {} did not take ticket {} of branch {} ({}); giving it back", h.visitId(), cashierId,
              h.ticket(), holder, BankError.of(refused));
          giveBack(holder, h);
        });
  }

  private void giveBack(String holder, Handoff.Handed h) {
    vertx.eventBus().request(Addresses.branchHandoff(model, holder), new Handoff.Returned(branchId, h.ticket()).toJson(),
        new DeliveryOptions().setSendTimeout(MARGIN_MS)).onFailure(f -> LOG.debug("[{}] branch {} did not take back"
        + " ticket {} ({}); its hand-off expires", h.visitId(), holder, h.ticket(), BankError.wording(f)));
  }

  private String visitId(long ticket) {
    return branchId + "-" + ticket;
  }
}
