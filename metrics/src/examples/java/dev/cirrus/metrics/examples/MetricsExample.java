package dev.cirrus.metrics.examples;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.metrics.CirrusMetrics;
import dev.cirrus.metrics.S3TransferMetrics;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.S3Transfers;
import dev.cirrus.s3.UploadResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/** The setup shown in docs/guides/metrics.md: one line per component. */
public final class MetricsExample {
  private MetricsExample() {}

  /** A cache whose counters, size and load times are bound to {@code registry} under the name "orders". */
  public static SecretCache<String, byte[]> cache(MeterRegistry registry) {
    SecretCache<String, byte[]> cache = SecretCache.<String, byte[]>builder()
        .policy(CachePolicy.builder().maxAge(Duration.ofMinutes(5)).build())
        .listener(CirrusMetrics.cacheListener(registry, "orders"))   // load times: given at build
        .build(keyId -> new byte[32]);
    CirrusMetrics.bind(cache, registry, "orders");                  // counters and size: after build
    return cache;
  }

  /** A retry policy with a shared budget, both measured under the name "dynamodb". */
  public static RetryPolicy retryPolicy(MeterRegistry registry) {
    RetryBudget budget = RetryBudget.create();
    CirrusMetrics.bindBudget(budget, registry, "dynamodb");
    return RetryPolicy.builder()
        .budget(budget)
        .addListener(CirrusMetrics.retryListener(registry, "dynamodb"))
        .build();
  }

  /** Uploads {@code file} through transfers whose parts, retries and outcome are measured as "exports". */
  public static UploadResult upload(MeterRegistry registry, S3Client s3, String bucket, Path file) {
    S3TransferMetrics metrics = CirrusMetrics.transferMetrics(registry, "exports");
    try (S3Transfers transfers = S3Transfers.builder(s3)
        .listener(metrics.listener())                                        // parts and ranges
        .retryPolicy(RetryPolicy.builder()
            .addListener(CirrusMetrics.retryListener(registry, "exports"))   // part retries
            .build())
        .build()) {
      return metrics.track(transfers.startUpload(bucket, "report.csv", file)).join();   // outcome, bytes
    }
  }
}
