package dev.cirrus.dynamo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class BatchOptionsTest {
  private static final ItemValidator KEYS = ItemValidator.forTable("pk");
  private static final DynamoDbClient CLIENT = new DynamoDbClient() {
    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  };

  private static BatchOptions.Builder complete() {
    return BatchOptions.builder().client(CLIENT).tableName("t").keySchema(KEYS);
  }

  @Test
  void build_onlyRequiredSet_hasTheDefaults() {
    BatchOptions options = complete().build();

    assertThat(options.client()).isSameAs(CLIENT);
    assertThat(options.tableName()).isEqualTo("t");
    assertThat(options.keySchema()).isSameAs(KEYS);
    assertThat(options.maxParallelRequests()).isEqualTo(4);
    assertThat(options.maxAttemptsPerBatch()).isEqualTo(10);
  }

  @Test
  void build_builderChangedAfterwards_builtOptionsUnchanged() {
    BatchOptions.Builder builder = complete().maxParallelRequests(2).maxAttemptsPerBatch(3);
    BatchOptions first = builder.build();

    builder.tableName("other").maxParallelRequests(7).maxAttemptsPerBatch(8);

    assertThat(first.tableName()).isEqualTo("t");
    assertThat(first.maxParallelRequests()).isEqualTo(2);
    assertThat(first.maxAttemptsPerBatch()).isEqualTo(3);
  }

  @Test
  void build_requiredMissing_throwsIllegalState() {
    assertThatThrownBy(() -> BatchOptions.builder().client(CLIENT).tableName("t").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client, tableName and keySchema must be set");
    assertThatThrownBy(() -> BatchOptions.builder().tableName("t").keySchema(KEYS).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client, tableName and keySchema must be set");
    assertThatThrownBy(() -> BatchOptions.builder().client(CLIENT).keySchema(KEYS).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client, tableName and keySchema must be set");
  }

  @Test
  void maxParallelRequests_outsideOneTo256_throwsNamingTheRangeAndValue() {
    assertThatThrownBy(() -> BatchOptions.builder().maxParallelRequests(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxParallelRequests must be between 1 and 256, was 0");
    assertThatThrownBy(() -> BatchOptions.builder().maxParallelRequests(257))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxParallelRequests must be between 1 and 256, was 257");
    assertThat(complete().maxParallelRequests(1).maxParallelRequests(256).build().maxParallelRequests())
        .isEqualTo(256);
  }

  @Test
  void maxAttemptsPerBatch_outsideOneTo100_throwsNamingTheRangeAndValue() {
    assertThatThrownBy(() -> BatchOptions.builder().maxAttemptsPerBatch(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttemptsPerBatch must be between 1 and 100, was 0");
    assertThatThrownBy(() -> BatchOptions.builder().maxAttemptsPerBatch(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttemptsPerBatch must be between 1 and 100, was 101");
    assertThat(complete().maxAttemptsPerBatch(1).maxAttemptsPerBatch(100).build().maxAttemptsPerBatch())
        .isEqualTo(100);
  }

  @Test
  void setters_null_throwNamingTheParameter() {
    BatchOptions.Builder b = BatchOptions.builder();
    assertThatThrownBy(() -> b.client(null)).isInstanceOf(NullPointerException.class).hasMessage("client");
    assertThatThrownBy(() -> b.tableName(null)).isInstanceOf(NullPointerException.class).hasMessage("tableName");
    assertThatThrownBy(() -> b.keySchema(null)).isInstanceOf(NullPointerException.class).hasMessage("keySchema");
    assertThatThrownBy(() -> b.backoff(null)).isInstanceOf(NullPointerException.class).hasMessage("backoff");
    assertThatThrownBy(() -> b.errorClassifier(null))
        .isInstanceOf(NullPointerException.class).hasMessage("errorClassifier");
    assertThatThrownBy(() -> b.random(null)).isInstanceOf(NullPointerException.class).hasMessage("random");
    assertThatThrownBy(() -> b.sleeper(null)).isInstanceOf(NullPointerException.class).hasMessage("sleeper");
  }

  @Test
  void resender_retryPartsSet_loopUsesThem() {
    List<Long> sleeps = new ArrayList<>();
    Resender<String> resender = complete().maxAttemptsPerBatch(3)
        .backoff(Backoff.fixed(Duration.ofNanos(7)))
        .errorClassifier(failure -> ErrorKind.TRANSIENT)
        .random(() -> 0.5)
        .sleeper(sleeps::add)
        .build()
        .resender();

    Resender.Outcome<String> outcome = resender.run(List.of("a"), pending -> {
      throw new IllegalStateException("boom");
    });

    assertThat(outcome.requests()).isEqualTo(3);
    assertThat(outcome.unprocessed()).containsExactly("a");
    assertThat(sleeps).containsExactly(7L, 7L);
  }
}
