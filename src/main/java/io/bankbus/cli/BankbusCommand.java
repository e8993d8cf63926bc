package io.bankbus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bankbus.jar <command>}: the entry point of the runnable jar. */
@Command(name = "bankbus", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A clustered bank on the Vert.x event bus: message passing vs. locked shared state.",
    subcommands = {NodeCommand.class, LoadCommand.class, SweepCommand.class, BenchCommand.class, LockOverlapCommand.class,
        CommandLine.HelpCommand.class},
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns({ExitCode.OK, ExitCode.USAGE})
public final class BankbusCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'bankbus node --help'");
  }

  /** The command line, with errors reported as one line on stderr and exit code 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BankbusCommand());
    // The last of a repeated option wins, so a script's defaults (scripts/chaos.sh) can be overridden by its caller.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage()
          + " (see --help)");
      return ExitCode.USAGE.code();
    });
    return cli;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
