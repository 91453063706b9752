package io.envprov.benchmarks;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/** Lines every harness report prints alike. */
final class Report {

  private Report() {}

  /** The report's title between two rules, after an empty line. */
  static void banner(PrintStream out, String format, Object... args) {
    out.println();
    out.println("=".repeat(100));
    out.printf(Locale.ROOT, format + "%n", args);
    out.println("=".repeat(100));
  }

  /** One line of the TARGETS section: the formatted target and figure, then MET or MISSED. */
  static void target(PrintStream out, boolean met, String format, Object... args) {
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = met ? "MET" : "MISSED";
    out.printf(Locale.ROOT, "  " + format + "  %s%n", all);
  }
}
