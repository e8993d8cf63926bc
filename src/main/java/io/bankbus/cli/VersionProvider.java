package io.bankbus.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = BankbusCommand.class.getPackage().getImplementationVersion();
    return new String[] {"bankbus " + (version == null ? "development" : version)};
  }
}
