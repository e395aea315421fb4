package dev.cirrus.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsAsyncClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Real AWS SDK v2 clients for one endpoint (moto, or a {@link FaultProxy} in front of it): {@code
 * endpointOverride}, static dummy credentials, {@code us-east-1}, path-style S3. Clients are built lazily and
 * closed by {@link #close()}.
 *
 * <p>The {@code *Builder()} methods return pre-configured builders for tests that need their own settings
 * (a retry strategy, an HTTP client); callers own and close what they build. Add override settings to them
 * with {@link #amend}: the SDK's {@code overrideConfiguration(Consumer)} replaces the preset ones. This class
 * is thread-safe.
 */
public final class AwsClients implements AutoCloseable {

  /** The region every client uses. */
  public static final Region REGION = Region.US_EAST_1;

  private final URI endpoint;
  private final List<AutoCloseable> built = new ArrayList<>();
  private KmsClient kms;
  private KmsAsyncClient kmsAsync;
  private DynamoDbClient dynamoDb;
  private DynamoDbAsyncClient dynamoDbAsync;
  private S3Client s3;
  private S3AsyncClient s3Async;

  /** Clients for {@code endpoint}. */
  public AwsClients(URI endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /** The endpoint every client of this set talks to. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Applies the harness settings (endpoint, dummy credentials, region, a bounded API call timeout so a dead
   * server fails a test instead of hanging it) to any SDK client builder.
   */
  public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    builder.endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    return builder;
  }

  /**
   * Adds override settings to a builder <em>without</em> discarding the ones it has. The SDK's
   * {@code builder.overrideConfiguration(o -> ...)} starts from an empty configuration and replaces the
   * builder's, so on the builders of this class it would drop the harness's API call timeout and, for
   * async S3, the interceptor that drops {@code Expect: 100-continue}. Use this instead:
   * {@code AwsClients.amend(aws.s3Builder(), o -> o.retryStrategy(strategy)).build()}.
   *
   * @param builder a client builder, e.g. one returned by this class
   * @param more the settings to add or change
   * @return {@code builder}
   */
  public static <B extends software.amazon.awssdk.core.client.builder.SdkClientBuilder<B, ?>> B amend(
      B builder, java.util.function.Consumer<software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder> more) {
    software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder current =
        builder.overrideConfiguration().toBuilder();
    more.accept(current);
    return builder.overrideConfiguration(current.build());
  }

  /** A pre-configured {@link KmsClient} builder. */
  public KmsClientBuilder kmsBuilder() {
    return configure(KmsClient.builder(), endpoint).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
  }

  /** A pre-configured {@link KmsAsyncClient} builder. */
  public KmsAsyncClientBuilder kmsAsyncBuilder() {
    return configure(KmsAsyncClient.builder(), endpoint).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
  }

  /** A pre-configured {@link DynamoDbClient} builder. */
  public DynamoDbClientBuilder dynamoDbBuilder() {
    return configure(DynamoDbClient.builder(), endpoint).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
  }

  /** A pre-configured {@link DynamoDbAsyncClient} builder. */
  public DynamoDbAsyncClientBuilder dynamoDbAsyncBuilder() {
    return configure(DynamoDbAsyncClient.builder(), endpoint).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
  }

  /** A pre-configured path-style {@link S3Client} builder. */
  public S3ClientBuilder s3Builder() {
    return configure(S3Client.builder(), endpoint).forcePathStyle(true)
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(5)));
  }

  /**
   * A pre-configured path-style {@link S3AsyncClient} builder. It drops the {@code Expect: 100-continue}
   * header, which moto's server does not answer over the Netty client.
   */
  public S3AsyncClientBuilder s3AsyncBuilder() {
    return configure(S3AsyncClient.builder(), endpoint).forcePathStyle(true)
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(5)).addExecutionInterceptor(new DropExpectContinue()));
  }

  /** The shared {@link KmsClient}. */
  public synchronized KmsClient kms() {
    return kms != null ? kms : (kms = track(kmsBuilder()::build));
  }

  /** The shared {@link KmsAsyncClient}. */
  public synchronized KmsAsyncClient kmsAsync() {
    return kmsAsync != null ? kmsAsync : (kmsAsync = track(kmsAsyncBuilder()::build));
  }

  /** The shared {@link DynamoDbClient}. */
  public synchronized DynamoDbClient dynamoDb() {
    return dynamoDb != null ? dynamoDb : (dynamoDb = track(dynamoDbBuilder()::build));
  }

  /** The shared {@link DynamoDbAsyncClient}. */
  public synchronized DynamoDbAsyncClient dynamoDbAsync() {
    return dynamoDbAsync != null ? dynamoDbAsync : (dynamoDbAsync = track(dynamoDbAsyncBuilder()::build));
  }

  /** The shared {@link S3Client}. */
  public synchronized S3Client s3() {
    return s3 != null ? s3 : (s3 = track(s3Builder()::build));
  }

  /** The shared {@link S3AsyncClient}. */
  public synchronized S3AsyncClient s3Async() {
    return s3Async != null ? s3Async : (s3Async = track(s3AsyncBuilder()::build));
  }

  private <T extends AutoCloseable> T track(Supplier<T> factory) {
    T client = factory.get();
    built.add(client);
    return client;
  }

  /** Closes every client this set built. */
  @Override
  public synchronized void close() {
    for (AutoCloseable c : built) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort at teardown
      }
    }
    built.clear();
    kms = null;
    kmsAsync = null;
    dynamoDb = null;
    dynamoDbAsync = null;
    s3 = null;
    s3Async = null;
  }

  /** Removes {@code Expect: 100-continue}, which moto does not answer for Netty-based async clients. */
  public static final class DropExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      return request.firstMatchingHeader("Expect").isPresent()
          ? request.toBuilder().removeHeader("Expect").build()
          : request;
    }
  }
}
