package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.MeasurementOrder;
import io.bankbus.customer.WarmUp;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.report.HowMeasured;
import io.bankbus.report.HtmlReport;
import io.bankbus.report.MeasuredReport;
import io.bankbus.report.RunLessons;
import io.bankbus.report.RunReport;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * What {@code load} does once it has joined the bank: the one unmeasured warm-up of every model in turn, then each
 * model measured in turn, round by round in the order {@link MeasurementOrder} gives, with the faults asked for;
 * then the report, the table, how it was measured and what the run shows. Returns the exit code.
 *
 * @param warmupSeconds the shared warm-up ({@code --jit-warmup}); 0: none
 * @param overload      {@code --overload}, or {@code null}
 * @param heapEvery     {@code --heap-every}, or {@code null}
 * @param fault         "kill", "leave", or {@code null}; {@code faultAfter} seconds into each measured phase
 * @param rehearse      {@code --rehearse-kill}: the fleet has one node more than the bank measured, and that node is
 *                      killed halfway through the last warm-up (the first model measured), not replaced
 * @param network       the partition flags ({@code --partition-after}, {@code --heal-after}, ...)
 */
record LoadSequence(List<BankModel> models, int rounds, double warmupSeconds, int cashiers, Double overload,
                    Double heapEvery, String fault, Double faultAfter, boolean rehearse, NetworkFlags network,
                    Path output) {

  int run(LoadBank bank, LoadOptions load, PrintWriter out, PrintWriter err) throws Exception {
    StatusPrinter status = new StatusPrinter(err);
    int last = bank.fleet() == null ? -1 : bank.fleet().pids().size() - 1;
    int victim = rehearse ? last - 1 : last;          // the rehearsal's node is the last one started
    // Before any run: a killed node is not replaced after the last run, nor the rehearsal's ever.
    int bankNodes = bank.nodeCount() - (rehearse ? 1 : 0);
    List<List<BankModel>> order = MeasurementOrder.rounds(models, rounds);
    List<LoadRun.Result> warmup = List.of();
    if (warmupSeconds > 0) {
      List<LoadRun.Result> warmed = new ArrayList<>();
      List<BankModel> warmOrder = MeasurementOrder.warmupOrder(order);
      for (BankModel model : warmOrder) {
        // The last model warmed is the first measured: the rehearsal is in its warm-up, closest to the kill.
        LoadRun.Injection rehearsal = rehearse && model == warmOrder.get(warmOrder.size() - 1)
            ? () -> bank.fleet().kill(last) : null;
        try {
          LoadRun.Result warm = await(WarmUp.run(bank.vertx(), model, load, warmupSeconds, bank.rules(),
              status::line, rehearsal), (long) warmupSeconds + 600);
          warmed.add(warm);
          if (rehearsal != null && warm.faults().isEmpty()) {
            status.done();
            err.println("bankbus load: the rehearsal kill did not happen (see the log above); nothing was measured");
            return ExitCode.RUN_FAILED.code();
          }
        } catch (ExecutionException failed) {
          status.done();
          err.println("bankbus load: the " + model.wire() + " warm-up failed: " + failed.getCause().getMessage());
          return ExitCode.RUN_FAILED.code();
        }
        status.done();
      }
      warmup = warmed;
    }
    MeasuredReport.Measured measured = new MeasuredReport.Measured(warmupSeconds, warmup, load.warmupSeconds(), order);
    if (warmupSeconds > 0) {
      err.println(HowMeasured.warmupLine(MeasuredReport.measuredJson(measured)));
    }
    Map<BankModel, List<LoadRun.Result>> results = new LinkedHashMap<>();
    models.forEach(m -> results.put(m, new ArrayList<>()));
    Map<BankModel, LoadOptions> overloaded = new HashMap<>();
    int runsLeft = rounds * models.size();
    for (List<BankModel> round : order) {
      for (BankModel model : round) {
        runsLeft--;
        try {
          LoadOptions options = overload == null ? load : overloaded.get(model);
          if (options == null) {                        // --overload: the capacity measured before the model's first run
            options = OverloadStep.overloaded(bank.vertx(), model, load, overload, bank.rules(), status, err);
            overloaded.put(model, options);
          }
          LoadRun run = new LoadRun(bank.vertx(), model, options, bank.rules(), status::line)
              .withBankNodes(bank::nodeIds);
          if (heapEvery != null) {
            run.withHeapSampling(heapEvery, bank::nodeIds);
          }
          if ("kill".equals(fault)) {
            run.withFault(faultAfter, fault, () -> bank.fleet().kill(victim));
          } else if ("leave".equals(fault)) {
            run.withFault(faultAfter, fault, () -> bank.fleet().stopNode(victim));
          } else if (network.partitioning()) {
            run.withPartition(network.partitionAfter, network.healAfter, network.network(bank, bankNodes));
          }
          LoadRun.Result result = await(run.execute(),
              (long) (options.warmupSeconds() + options.durationSeconds()) + 600);
          results.get(model).add(result);
          status.done();
          bank.vertx().eventBus().publish(Addresses.AUDITS, new JsonObject().put("model", model.wire())
              .put("passed", result.audit().passed()));
          if (!result.faults().isEmpty() && runsLeft > 0) {
            long pid = bank.replace(victim);
            err.println("Started a node in place of the " + ("kill".equals(fault) ? "killed " : "stopped ")
                + result.faults().get(0).node() + ": PID " + pid);
          }
        } catch (ExecutionException failed) {
          status.done();
          err.println("bankbus load: the " + model.wire() + " run failed: " + failed.getCause().getMessage());
          return ExitCode.RUN_FAILED.code();
        } catch (IllegalArgumentException unsafe) {              // e.g. a running bank's window too short for customers
          err.println("bankbus load: the " + model.wire() + " run cannot start: " + unsafe.getMessage());
          return ExitCode.RUN_FAILED.code();
        }
      }
    }
    JsonObject report = MeasuredReport.toJson(results, measured, new RunReport.Setup(bankNodes, cashiers,
        load.customers(), load.workload().accounts()));
    return report(report, out);
  }

  private int report(JsonObject report, PrintWriter out) throws java.io.IOException {
    Path file = output.resolve("report.json");
    Files.writeString(file, report.encodePrettily());
    Files.writeString(output.resolve("report.html"), HtmlReport.render(report));
    out.print(RunReport.table(report));
    out.println(HowMeasured.text(report));
    HowMeasured.roundLines(report).forEach(out::println);
    out.print(RunLessons.text(report));
    out.println("Report: " + file + " (and " + output.resolve("report.html") + ", readable offline)");
    out.flush();
    if (!RunReport.auditsPassed(report)) {
      return ExitCode.AUDIT_FAILED.code();
    }
    return RunReport.heapsFlat(report) ? ExitCode.OK.code() : ExitCode.HEAP_GREW.code();
  }
}
