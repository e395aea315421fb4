package dev.cirrus.benchmarks.s3;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.S3Transfers;
import dev.cirrus.s3.UploadResult;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;

/**
 * Milliseconds to upload (from a file) and to download (to a file) a 256 MiB object through moto on loopback,
 * {@code impl=cirrus} ({@link S3Transfers} over the sync {@link S3Client}) and {@code impl=cirrusAsync} (the same
 * over a plain {@link S3AsyncClient} on Netty) against {@code impl=sdkMultipart} (the SDK's own
 * {@code S3AsyncClient.builder().multipartEnabled(true)}), all with 8 MiB parts and concurrency 4 (Cirrus
 * {@code parallelism(4)}; the Netty clients {@code maxConcurrency(4)}), same moto server, same run.
 * {@code download256MiB} reads an object written by one PutObject, {@code download256MiBMultipart} one written as
 * 32 parts of 8 MiB. Each iteration prints the peak buffer memory (for Cirrus the exact peak of its buffer pool,
 * for both a sampled peak of heap growth over the pre-operation baseline, every 5 ms; approximate,
 * GC-dependent) and the S3 requests each client sent, counted by an execution interceptor on both clients.
 *
 * <p>What moto 5.2.1 does to the download pair, measured with curl against a 256 MiB object (loopback, shared
 * machine): every GET, ranged or not, first reads the whole stored object, so a ranged GET of 8 MiB takes about
 * 180 ms and one of 1 KiB about 170 ms, against about 260 ms for the whole object; moto serves one request at a
 * time (32 ranges of 8 MiB, 4 in parallel: 6.1 s). It also ignores {@code partNumber} on a multipart object and
 * answers with the whole object and no {@code x-amz-mp-parts-count}. Both clients start with
 * {@code GET ?partNumber=1}, so against moto each downloads with one GET (Cirrus adds a HEAD for a multipart
 * object's checksum) and the pair measures the clients' streaming, not moto's ranges. Against S3 both issue one
 * GET per part for multipart objects; neither splits a single-part object.
 *
 * <p>Recorded run (alone on the machine; starts moto itself; about 7 minutes):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.s3.S3TransferBenchmark' \
 *     -f 1 -wi 1 -i 5 -prof gc -rf json -rff benchmarks/target/jmh-s3-transfer.json
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class S3TransferBenchmark {
  private static final long MIB = 1024 * 1024;
  private static final long SIZE = 256 * MIB;
  private static final long PART = 8 * MIB;
  private static final int CONCURRENCY = 4;

  @Param({"cirrus", "cirrusAsync", "sdkMultipart"})
  public String impl;

  private MotoServer server;
  private AwsClients clients;
  private S3Client sync;
  private S3AsyncClient async;
  private S3Transfers transfers;
  private S3AsyncClient plainAsync;
  private S3Transfers asyncTransfers;
  private String bucket;
  private Path dir;
  private Path source;
  private int n;
  private final AtomicLong peakHeapDelta = new AtomicLong();
  private volatile long poolPeak;
  private Thread sampler;
  private final AtomicBoolean sampling = new AtomicBoolean();
  private final RequestCounter requests = new RequestCounter();

  /** Counts the S3 operations a client sends (every attempt, as the SDK executes it). */
  static final class RequestCounter implements ExecutionInterceptor {
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      counts.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
          k -> new AtomicLong()).incrementAndGet();
    }

    String drain() {
      StringBuilder sb = new StringBuilder();
      new TreeMap<>(counts).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
          .append(v.get()));
      counts.clear();
      return sb.length() == 0 ? "none" : sb.toString();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = MotoServer.start();
    clients = new AwsClients(server.endpoint());
    // Both clients drop Expect: 100-continue (the harness already does it for the async one; moto does not need
    // the handshake, and keeping it on one side only would measure the handshake, not the transfer code).
    sync = clients.s3Builder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
        .addExecutionInterceptor(new AwsClients.DropExpectContinue()).addExecutionInterceptor(requests)).build();
    // overrideConfiguration(...) replaces the harness's configuration, so the Expect header is dropped here again.
    async = clients.s3AsyncBuilder().overrideConfiguration(o -> o
            .addExecutionInterceptor(new AwsClients.DropExpectContinue()).addExecutionInterceptor(requests))
        .multipartEnabled(true)
        .multipartConfiguration(MultipartConfiguration.builder().minimumPartSizeInBytes(PART)
            .thresholdInBytes(PART).build())
        .httpClientBuilder(nettyWithMaxConcurrency(CONCURRENCY))
        .build();
    transfers = S3Transfers.builder(sync).parallelism(CONCURRENCY)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .downloadRangeSizeBytes(PART)
        .retryPolicy(RetryPolicy.builder().maxAttempts(6).build())
        .build();
    plainAsync = clients.s3AsyncBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
        .addExecutionInterceptor(new AwsClients.DropExpectContinue()).addExecutionInterceptor(requests))
        .httpClientBuilder(nettyWithMaxConcurrency(CONCURRENCY))
        .build();
    asyncTransfers = S3Transfers.builder(plainAsync).parallelism(CONCURRENCY)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .downloadRangeSizeBytes(PART)
        .retryPolicy(RetryPolicy.builder().maxAttempts(6).build())
        .build();
    bucket = "bench-" + System.nanoTime();
    sync.createBucket(b -> b.bucket(bucket));
    dir = Files.createTempDirectory("cirrus-s3-bench");
    source = dir.resolve("source");
    SplittableRandom random = new SplittableRandom(1);
    byte[] chunk = new byte[(int) MIB];
    try (OutputStream out = Files.newOutputStream(source)) {
      for (long i = 0; i < SIZE / MIB; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    sync.putObject(p -> p.bucket(bucket).key("download-me"), source);
    transfers.upload(bucket, "download-me-multipart", source);
  }

  /**
   * The Netty client is a runtime-scope dependency of the SDK, so it is configured by name here; the lead may
   * add {@code netty-nio-client} to the benchmarks pom and replace this with a direct call.
   */
  private static SdkAsyncHttpClient.Builder<?> nettyWithMaxConcurrency(int max) {
    try {
      Class<?> netty = Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient");
      Object builder = netty.getMethod("builder").invoke(null);
      Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient$Builder")
          .getMethod("maxConcurrency", Integer.class).invoke(builder, max);
      return (SdkAsyncHttpClient.Builder<?>) builder;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot configure the Netty client (netty-nio-client): " + e, e);
    }
  }

  @Setup(Level.Iteration)
  public void startSampling() {
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    peakHeapDelta.set(0);
    requests.drain();
    poolPeak = -1;
    sampling.set(true);
    sampler = new Thread(() -> {
      while (sampling.get()) {
        peakHeapDelta.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  @TearDown(Level.Iteration)
  public void report() throws InterruptedException {
    sampling.set(false);
    sampler.join();
    System.out.printf("%n# s3 %s: pool peak %s, sampled heap growth peak %.1f MiB, requests: %s%n", impl,
        poolPeak < 0 ? "n/a" : String.format("%.1f MiB", poolPeak / (double) MIB),
        peakHeapDelta.get() / (double) MIB, requests.drain());
  }

  private S3Transfers cirrus() {
    return impl.equals("cirrusAsync") ? asyncTransfers : transfers;
  }

  @Benchmark
  public Object upload256MiB() {
    String key = "up-" + (n++);
    if (impl.startsWith("cirrus")) {
      UploadResult r = cirrus().upload(bucket, key, source);
      poolPeak = r.peakBufferBytes();
      return r;
    }
    return async.putObject(p -> p.bucket(bucket).key(key), AsyncRequestBody.fromFile(source)).join();
  }

  @Benchmark
  public Object download256MiB() {
    return download("download-me");
  }

  @Benchmark
  public Object download256MiBMultipart() {
    return download("download-me-multipart");
  }

  private Object download(String key) {
    Path target = dir.resolve("down-" + (n++));
    try {
      if (impl.startsWith("cirrus")) {
        DownloadResult r = cirrus().download(bucket, key, target);
        poolPeak = r.peakBufferBytes();
        return r;
      }
      return async.getObject(g -> g.bucket(bucket).key(key), AsyncResponseTransformer.toFile(target)).join();
    } finally {
      try {
        Files.deleteIfExists(target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    transfers.close();
    asyncTransfers.close();
    plainAsync.close();
    async.close();
    sync.close();
    clients.close();
    server.close();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
