package dev.recsys.cli;

import dev.recsys.events.Recommendation;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.serve.HttpApi;
import dev.recsys.store.serve.ServeHandler;
import dev.recsys.store.serve.ServeMetrics;
import dev.recsys.store.serve.ServeSettings;
import dev.recsys.store.serve.ServingStores;
import dev.recsys.store.serve.bench.LoadGenerator;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The serving API's throughput and latency. Fills a RocksDB store with --users",
        "users' recommendations (--items each, as the streaming job writes them), serves",
        "it on loopback and drives it with --connections keep-alive connections, for",
        "--duration per run after --warmup:",
        "  recommendations  GET /users/{random user}/recommendations (RocksDB + JSON)",
        "  healthz          GET /healthz: the same HTTP path without a store read",
        "Client and server share this JVM and its cores. Prints each run and the medians."})
final class ServeBench implements Callable<Integer> {
  @Option(names = "--users", paramLabel = "N", defaultValue = "6040", description = "Users (ML-1M has 6,040). Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--items", paramLabel = "N", defaultValue = "10", description = "Recommendations per user. Default: ${DEFAULT-VALUE}.")
  int items;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "16", description = "Concurrent connections. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Length of each measured run. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Load before the first run, not counted (JIT, caches). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Measured runs per route (median reported). "
      + "Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_THREADS,
      description = "The server's thread pool bound. Default: ${DEFAULT-VALUE}.")
  int maxThreads;

  /** Catalogue size of ML-1M, so item ids look like the real ones. */
  private static final int CATALOGUE = 3706;

  @Override
  public Integer call() throws Exception {
    if (users < 1 || items < 1 || connections < 1 || runs < 1 || duration.isZero() || duration.isNegative()
        || warmup.isNegative()) {
      throw new IllegalArgumentException("--users, --items, --connections, --runs and --duration must be positive, "
          + "--warmup at least 0");
    }
    Path dir = Files.createTempDirectory("recsys-bench-serve");
    try (RocksDbStore kv = RocksDbStore.open("bench-serving", dir)) {
      ServingStores stores = ServingStores.over(kv);
      fill(stores, kv);
      ServeSettings settings = ServeSettings.builder().host("127.0.0.1").port(0).storeDir(dir).maxThreads(maxThreads)
          .build();
      try (HttpApi api = HttpApi.start(settings, new ServeHandler(stores, List::of, new ServeMetrics(),
          settings.historyDefault(), settings.historyMax()))) {
        System.out.printf(Locale.ROOT, "serve: %,d users x %d items in RocksDB (%.1f MiB on disk), %d connections, "
            + "%d runs x %.1f s after %.1f s warm-up, server threads <= %d, %d cores%n", users, items,
            kv.approximateBytes(null, null) / 1048576.0, connections, runs, duration.toMillis() / 1e3,
            warmup.toMillis() / 1e3, maxThreads, Runtime.getRuntime().availableProcessors());
        measure(new LoadGenerator(new InetSocketAddress("127.0.0.1", api.port()), connections));
      }
    } finally {
      BenchRuns.deleteTree(dir);
    }
    return 0;
  }

  private void fill(ServingStores stores, RocksDbStore kv) {
    Random random = new Random(7);
    long now = System.currentTimeMillis();
    Batch batch = new Batch();
    for (int user = 1; user <= users; user++) {
      List<Recommendation.Item> recommended = new ArrayList<>(items);
      for (int i = 0; i < items; i++) {
        recommended.add(new Recommendation.Item(Integer.toString(1 + random.nextInt(CATALOGUE)), 10.0 - i * 0.5));
      }
      stores.recommendations().put(batch, new Recommendation(Integer.toString(user), recommended, "bench", false,
          now, "e" + user, 0, user, now));
      if (batch.size() == 1000) {
        kv.write(batch);
        batch = new Batch();
      }
    }
    kv.write(batch);
    kv.flush();
  }

  private void measure(LoadGenerator load) throws InterruptedException {
    Function<SplittableRandom, String> recommendations = random -> "/users/" + (1 + random.nextInt(users)) + "/recommendations";
    Function<SplittableRandom, String> healthz = random -> "/healthz";
    load.run(warmup, recommendations);
    load.run(warmup.dividedBy(2), healthz);
    List<LoadGenerator.Result> recommendationRuns = new ArrayList<>();
    List<LoadGenerator.Result> healthRuns = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%-16s %4s %11s %9s %9s %9s %7s%n", "route", "run", "requests/s", "p50 ms", "p99 ms",
        "p999 ms", "errors");
    for (int run = 1; run <= runs; run++) {
      // Alternated, so a disturbance on the shared machine hits both routes alike.
      recommendationRuns.add(print("recommendations", Integer.toString(run), load.run(duration, recommendations)));
      healthRuns.add(print("healthz", Integer.toString(run), load.run(duration, healthz)));
    }
    printMedians("recommendations", recommendationRuns);
    printMedians("healthz", healthRuns);
  }

  private static LoadGenerator.Result print(String route, String run, LoadGenerator.Result r) {
    System.out.printf(Locale.ROOT, "%-16s %4s %,11.0f %9.3f %9.3f %9.3f %7d%n", route, run, r.perSecond(), r.millisAt(0.5),
        r.millisAt(0.99), r.millisAt(0.999), r.errors());
    return r;
  }

  private static void printMedians(String route, List<LoadGenerator.Result> runs) {
    System.out.printf(Locale.ROOT, "%-16s %4s %,11.0f %9.3f %9.3f %9.3f %7d%n", route, "med",
        BenchRuns.median(runs, LoadGenerator.Result::perSecond), BenchRuns.median(runs, r -> r.millisAt(0.5)),
        BenchRuns.median(runs, r -> r.millisAt(0.99)), BenchRuns.median(runs, r -> r.millisAt(0.999)),
        runs.stream().mapToLong(LoadGenerator.Result::errors).sum());
  }
}
