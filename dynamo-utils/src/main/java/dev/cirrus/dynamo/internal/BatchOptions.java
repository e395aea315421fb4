package dev.cirrus.dynamo.internal;

import dev.cirrus.dynamo.BatchListener;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The options that {@code BatchWriter} and {@code BatchGetter} share: the client, the table and its key schema,
 * the parallelism and the re-send policy. Both public builders fill a {@link Builder}; both classes read the
 * immutable value it builds.
 *
 * <p>Each value is validated once, by its setter ({@link NullPointerException} naming a missing argument,
 * {@link IllegalArgumentException} naming the parameter, its allowed range and the value); {@link Builder#build()}
 * checks that the required ones are set. Instances are immutable and thread-safe; a builder is not thread-safe.
 */
public final class BatchOptions {
  /** The largest {@code maxParallelRequests}. */
  public static final int MAX_PARALLEL_REQUESTS = 256;
  /** The largest {@code maxAttemptsPerBatch}. */
  public static final int MAX_ATTEMPTS_PER_BATCH = 100;

  private final DynamoDbClient client;
  private final String tableName;
  private final ItemValidator keySchema;
  private final int maxParallelRequests;
  private final int maxAttemptsPerBatch;
  private final Backoff backoff;
  private final ErrorClassifier classifier;
  private final DoubleSupplier random;
  private final RetryPolicy.Sleeper sleeper;
  private final BatchListener listener;

  private BatchOptions(Builder b) {
    client = b.client;
    tableName = b.tableName;
    keySchema = b.keySchema;
    maxParallelRequests = b.maxParallelRequests;
    maxAttemptsPerBatch = b.maxAttemptsPerBatch;
    backoff = b.backoff;
    classifier = b.classifier;
    random = b.random;
    sleeper = b.sleeper;
    listener = b.listener;
  }

  /** {@return a new builder with the defaults: 4 parallel requests, 10 attempts, full-jitter backoff 50 ms to 5 s} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the client; the caller owns and closes it} */
  public DynamoDbClient client() {
    return client;
  }

  /** {@return the table} */
  public String tableName() {
    return tableName;
  }

  /** {@return the table's key schema} */
  public ItemValidator keySchema() {
    return keySchema;
  }

  /** {@return requests in flight at once, 1 to 256} */
  public int maxParallelRequests() {
    return maxParallelRequests;
  }

  /** {@return requests per batch (the first included) before its remaining elements are reported, 1 to 100} */
  public int maxAttemptsPerBatch() {
    return maxAttemptsPerBatch;
  }

  /**
   * A new re-send loop with these options' attempts, backoff, error classifier, randomness and sleeper.
   *
   * @param <E> the request element
   * @return a new re-send loop
   */
  public <E> Resender<E> resender() {
    return new Resender<>(maxAttemptsPerBatch, backoff, classifier, random, sleeper);
  }

  /** {@return the listener, or null for none} */
  public BatchListener listener() {
    return listener;
  }

  /**
   * A new re-send loop like {@link #resender()}, telling the listener (if any) of each request of {@code operation}.
   *
   * @param <E> the request element
   * @param operation the operation the loop's requests make
   * @return a new re-send loop
   */
  public <E> Resender<E> resender(BatchListener.Operation operation) {
    return new Resender<>(maxAttemptsPerBatch, backoff, classifier, random, sleeper, listener, operation, tableName);
  }

  /** Builds {@link BatchOptions}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private DynamoDbClient client;
    private String tableName;
    private ItemValidator keySchema;
    private int maxParallelRequests = 4;
    private int maxAttemptsPerBatch = 10;
    private Backoff backoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(5));
    private ErrorClassifier classifier = ErrorClassifier.aws();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private RetryPolicy.Sleeper sleeper = TimeUnit.NANOSECONDS::sleep;
    private BatchListener listener;

    private Builder() {
    }

    /**
     * Sets the listener told of each request; none by default.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException "listener" if null
     */
    public Builder listener(BatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the client (required).
     *
     * @param client the client
     * @return this builder
     * @throws NullPointerException "client" if null
     */
    public Builder client(DynamoDbClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the table (required).
     *
     * @param tableName the table
     * @return this builder
     * @throws NullPointerException "tableName" if null
     */
    public Builder tableName(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      return this;
    }

    /**
     * Sets the table's key schema (required).
     *
     * @param keySchema the key schema
     * @return this builder
     * @throws NullPointerException "keySchema" if null
     */
    public Builder keySchema(ItemValidator keySchema) {
      this.keySchema = Objects.requireNonNull(keySchema, "keySchema");
      return this;
    }

    /**
     * Sets the requests in flight at once; 4 by default.
     *
     * @param n requests in flight at once
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 256
     */
    public Builder maxParallelRequests(int n) {
      this.maxParallelRequests = inRange("maxParallelRequests", n, 1, MAX_PARALLEL_REQUESTS);
      return this;
    }

    /**
     * Sets the requests per batch (the first included); 10 by default.
     *
     * @param n requests per batch
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 100
     */
    public Builder maxAttemptsPerBatch(int n) {
      this.maxAttemptsPerBatch = inRange("maxAttemptsPerBatch", n, 1, MAX_ATTEMPTS_PER_BATCH);
      return this;
    }

    /**
     * Sets the delay before each re-send; by default {@code Backoff.fullJitter(50 ms, 5 s)}.
     *
     * @param backoff the delay before each re-send
     * @return this builder
     * @throws NullPointerException "backoff" if null
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets which errors are retried; by default {@code ErrorClassifier.aws()}.
     *
     * @param classifier which errors are retried
     * @return this builder
     * @throws NullPointerException "errorClassifier" if null
     */
    public Builder errorClassifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "errorClassifier");
      return this;
    }

    /**
     * Sets the jitter randomness in [0, 1); by default {@code ThreadLocalRandom}.
     *
     * @param random the jitter randomness
     * @return this builder
     * @throws NullPointerException "random" if null
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets how to wait between re-sends; by default {@code TimeUnit.NANOSECONDS::sleep}.
     *
     * @param sleeper how to wait between re-sends
     * @return this builder
     * @throws NullPointerException "sleeper" if null
     */
    public Builder sleeper(RetryPolicy.Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the options; later changes to this builder do not change them.
     *
     * @return the options
     * @throws IllegalStateException if the client, table or key schema is missing
     */
    public BatchOptions build() {
      if (client == null || tableName == null || keySchema == null) {
        throw new IllegalStateException("client, tableName and keySchema must be set");
      }
      return new BatchOptions(this);
    }

    private static int inRange(String name, int n, int min, int max) {
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    }
  }
}
