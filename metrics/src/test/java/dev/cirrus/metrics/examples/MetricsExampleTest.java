package dev.cirrus.metrics.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.UploadResult;
import dev.cirrus.testsupport.LocalAws;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MetricsExampleTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void cache_acquiredTwice_oneMissOneHitOneTimedLoad() {
    try (SecretCache<String, byte[]> cache = MetricsExample.cache(registry)) {
      for (int i = 0; i < 2; i++) {
        try (Lease<byte[]> lease = cache.acquire("alias/orders")) {
          assertThat(lease.value()).hasSize(32);
        }
      }
    }

    assertThat(registry.get("cirrus.cache.requests").tags("name", "orders", "result", "hit").functionCounter()
        .count()).isEqualTo(1);
    assertThat(registry.get("cirrus.cache.requests").tags("name", "orders", "result", "miss").functionCounter()
        .count()).isEqualTo(1);
    assertThat(registry.get("cirrus.cache.load.duration").tags("name", "orders", "refresh", "false")
        .functionTimer().count()).isEqualTo(1);
  }

  @Test
  void retryPolicy_oneCall_oneAttemptAndAFullBudget() {
    RetryPolicy policy = MetricsExample.retryPolicy(registry);

    assertThat(policy.call(() -> "ok")).isEqualTo("ok");

    assertThat(registry.get("cirrus.retry.attempts").tags("name", "dynamodb").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("cirrus.retry.budget.tokens").tags("name", "dynamodb").gauge().value())
        .isEqualTo(policy.budget().orElseThrow().capacity());
  }

  @Test
  void upload_smallFile_oneSucceededUploadOfItsSize(@TempDir Path dir) throws IOException {
    String bucket = AWS.createBucket();
    Path file = Files.writeString(dir.resolve("report.csv"), "id,total\n1,42\n");

    UploadResult result = MetricsExample.upload(registry, AWS.s3(), bucket, file);

    assertThat(result.sizeBytes()).isEqualTo(Files.size(file));
    assertThat(registry.get("cirrus.s3.transfers.started").tags("name", "exports", "direction", "upload")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cirrus.s3.transfer.parts").tags("name", "exports").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("cirrus.retry.attempts").tags("name", "exports").functionCounter().count())
        .isEqualTo(1);
  }
}
