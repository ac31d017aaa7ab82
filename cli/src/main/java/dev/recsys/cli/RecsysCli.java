package dev.recsys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The {@code recsys} command: one entry point for every tool a user runs by hand. */
@Command(
    name = "recsys",
    mixinStandardHelpOptions = true,
    versionProvider = RecsysCli.VersionProvider.class,
    description = {
        "Next-item recommendation with SASRec, a self-attentive sequence model, on ND4J.",
        "Train on interaction sequences, evaluate, recommend next items, benchmark;",
        "run a local Kafka broker, create topics, replay datasets into Kafka, validate the event stream,",
        "announce new models to running jobs. The Flink job itself: ./recsys stream --help"
    },
    subcommands = {
        TrainCommand.class,
        EvaluateCommand.class,
        RecommendCommand.class,
        BenchCommand.class,
        KafkaCommand.class,
        TopicsCommand.class,
        ProduceCommand.class,
        ValidateCommand.class,
        AnnounceCommand.class,
        ServeCommand.class,
        RetrainCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class
    })
public final class RecsysCli implements Callable<Integer> {
  /** Exit status for a failed run: a user error or a bug. Bad arguments exit with picocli's 2. */
  public static final int EXIT_FAILURE = 1;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line as {@link #main} runs it; tests run the same one in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new RecsysCli()).setExecutionExceptionHandler(new ErrorHandler());
  }

  /** {@code recsys} alone: a subcommand is required, so this is a usage error (message, usage, exit 2). */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * Turns an exception from a subcommand into an exit status. Expected user errors (a bad value, a
   * missing or unreadable file) get one line, {@code recsys: <message>}, and no stack trace; anything
   * else is a bug and gets its stack trace. Both exit {@link #EXIT_FAILURE}.
   */
  public static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
      PrintWriter err = commandLine.getErr();
      if (isUserError(ex)) {
        err.println("recsys: " + userMessage(ex));
      } else {
        ex.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILURE;
    }
  }

  /** Whether {@code t} is an error the user can fix (arguments, files), not a bug. */
  static boolean isUserError(Throwable t) {
    return t instanceof IllegalArgumentException || t instanceof IOException || t instanceof UncheckedIOException
        || kafkaConfigError(t) != null;
  }

  /** A bad Kafka client setting (from --property, say) anywhere in the causes, or null. */
  private static ConfigException kafkaConfigError(Throwable t) {
    for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof ConfigException config) {
        return config;
      }
    }
    return null;
  }

  /** The exception's message, then its cause's, unless the first already says it. */
  static String userMessage(Throwable t) {
    ConfigException config = kafkaConfigError(t);
    if (config != null) {
      return "bad Kafka setting: " + config.getMessage();
    }
    Throwable shown = t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
    String message = describe(shown);
    Throwable cause = shown.getCause();
    if (cause != null && cause != shown) {
      String because = describe(cause);
      if (!message.contains(because)) {
        message = message + ": " + because;
      }
    }
    return message;
  }

  private static String describe(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return "no such file: " + e.getFile() + reason(e);
    }
    if (t instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile() + reason(e);
    }
    if (t instanceof FileAlreadyExistsException e) {
      return "file already exists: " + e.getFile() + reason(e);
    }
    if (t instanceof NotDirectoryException e) {
      return "not a directory: " + e.getFile() + reason(e);
    }
    if (t instanceof DirectoryNotEmptyException e) {
      return "directory not empty: " + e.getFile() + reason(e);
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static String reason(java.nio.file.FileSystemException e) {
    return e.getReason() == null ? "" : " (" + e.getReason() + ")";
  }

  /** {@code recsys --version}: this build's version and the ND4J it runs on. */
  public static final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/recsys-version.properties";

    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = RecsysCli.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          properties.load(in);
        }
      }
      String version = properties.getProperty("version", RecsysCli.class.getPackage().getImplementationVersion());
      String nd4j = properties.getProperty("nd4j.version", "unknown");
      return new String[] {
          "recsys " + (version == null ? "unknown" : version),
          "ND4J " + nd4j,
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
