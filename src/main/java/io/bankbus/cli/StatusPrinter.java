package io.bankbus.cli;

import java.io.PrintWriter;

/** One status line a second: rewritten in place on a terminal, one plain line each otherwise. */
final class StatusPrinter {
  private final PrintWriter err;
  private final boolean terminal = System.console() != null;
  private boolean open;

  StatusPrinter(PrintWriter err) {
    this.err = err;
  }

  synchronized void line(String text) {
    if (terminal) {
      err.print("\r" + text + "   ");
      open = true;
    } else {
      err.println(text);
    }
    err.flush();
  }

  synchronized void done() {
    if (open) {
      err.println();
      open = false;
    }
  }
}
