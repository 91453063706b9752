package io.envprov.benchmarks;

import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the provisioning harnesses, read one option at a time: every option takes
 * {@code --name value} or {@code --name=value}, except the flags, which take nothing; {@code
 * --help} and {@code -h} stop the parse with {@link HelpRequested}. {@link #main} is the contract
 * the harnesses share around it: exit 0 when the run completed, 1 when it failed, 2 on a bad
 * command line.
 */
final class CommandLine {

  /** A harness run, given its parsed options; answers the exit code. */
  @FunctionalInterface
  interface Harness<T> {
    int run(T options) throws Exception;
  }

  private final String[] args;
  private final Set<String> flags;
  private int next;
  private String name = "";
  private @Nullable String value;

  /**
   * @param flags the options that take no value (anything else takes one)
   */
  CommandLine(String[] args, Set<String> flags) {
    this.args = args.clone();
    this.flags = flags;
  }

  /**
   * Parses {@code args}, runs the harness and exits: prints {@code usage} (and exits normally) for
   * {@code --help}; the error and {@code usage} with exit code 2 on a bad command line; the failure
   * with exit code 1 when the run throws.
   */
  static <T> void main(String[] args, Function<String[], T> parse, String usage, Harness<T> run) {
    T options;
    try {
      options = parse.apply(args);
    } catch (HelpRequested e) {
      System.out.print(usage);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(usage);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = run.run(options);
    } catch (Exception e) {
      System.err.println();
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }

  /**
   * Moves to the next option, taking its value unless it is a flag.
   *
   * @return false when there is none left
   * @throws HelpRequested for {@code --help} or {@code -h}
   * @throws IllegalArgumentException when the last option needs a value and has none
   */
  boolean next() {
    if (next >= args.length) {
      return false;
    }
    String arg = args[next++];
    name = arg;
    @Nullable String inline = null;
    int equals = arg.indexOf('=');
    if (arg.startsWith("--") && equals > 0) {
      name = arg.substring(0, equals);
      inline = arg.substring(equals + 1);
    }
    if (name.equals("--help") || name.equals("-h")) {
      throw new HelpRequested();
    }
    if (flags.contains(name)) {
      value = null;
    } else if (inline != null) {
      value = inline;
    } else if (next < args.length) {
      value = args[next++];
    } else {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return true;
  }

  /** The current option's name, e.g. {@code --count}. */
  String name() {
    return name;
  }

  /** The current option's value; empty for a flag. */
  String value() {
    return value == null ? "" : value;
  }

  /** The current option's value as an integer of at least {@code minimum}. */
  int atLeast(int minimum) {
    int parsed;
    try {
      parsed = Integer.parseInt(value().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer, got " + value());
    }
    if (parsed < minimum) {
      throw new IllegalArgumentException(
          name
              + switch (minimum) {
                case 0 -> " must not be negative";
                case 1 -> " must be positive";
                default -> " must be at least " + minimum;
              }
              + ", got "
              + value());
    }
    return parsed;
  }

  /** The error for an option nobody took. */
  IllegalArgumentException unknown() {
    return new IllegalArgumentException("unknown option " + name);
  }

  /** Thrown by {@link #next()} for {@code --help}. */
  static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super("help requested", null, false, false);
    }
  }
}
