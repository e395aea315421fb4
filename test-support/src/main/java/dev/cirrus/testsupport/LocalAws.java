package dev.cirrus.testsupport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JUnit 5 extension that gives tests a real AWS-compatible server: one moto process per test JVM, started
 * on a free loopback port before the first test that needs it and stopped at JVM exit.
 *
 * <p>Use it as {@code @RegisterExtension static final LocalAws AWS = new LocalAws();} and then {@code
 * AWS.dynamoDb()}, {@code AWS.s3Async()}, {@code AWS.proxy()}; or as {@code @ExtendWith(LocalAws.class)}
 * with {@code LocalAws}, {@code KmsClient}, {@code DynamoDbClient}, {@code S3Client} (and the async clients)
 * as test method parameters.
 *
 * <p>Before each test the server is checked: a server that died fails the test at once with its log tail.
 * Fault proxies and proxied clients made during a test are closed after it. Names from {@link
 * #uniqueName(String)} never repeat within a JVM, so tests may run in parallel. With {@code
 * -Dcirrus.moto=skip} every test that registers this extension is skipped ({@link RequiresMoto}). This
 * class is thread-safe.
 */
public final class LocalAws
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

  /** System property overriding the fault proxies' default seed. */
  public static final String SEED_PROPERTY = "cirrus.test.seed";

  private static final Object LOCK = new Object();
  private static final AtomicLong NAMES = new AtomicLong();
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
  private static MotoServer server;
  private static AwsClients direct;

  private final List<AutoCloseable> perTest = new CopyOnWriteArrayList<>();

  /** The moto server of this JVM, started on first use. */
  public static MotoServer server() {
    synchronized (LOCK) {
      if (server == null) {
        server = MotoServer.start();
        // Not closed at JVM exit: the process is ending anyway, and a Netty event loop's graceful shutdown
        // can outlast Surefire's exit timeout on a loaded machine. Only the moto process must be stopped.
        direct = new AwsClients(server.endpoint());
      }
      server.ensureAlive();
      return server;
    }
  }

  /** The server's endpoint. */
  public URI endpoint() {
    return server().endpoint();
  }

  /** Clients that talk to the server directly. */
  public AwsClients clients() {
    server();
    synchronized (LOCK) {
      return direct;
    }
  }

  /** Clients for another endpoint (usually a proxy's), closed after the current test. */
  public AwsClients clients(URI endpoint) {
    AwsClients c = new AwsClients(endpoint);
    perTest.add(c);
    return c;
  }

  /** Clients that go through the given proxy, closed after the current test. */
  public AwsClients clients(FaultProxy proxy) {
    return clients(proxy.endpoint());
  }

  /** A fault proxy in front of the server, seeded from {@value #SEED_PROPERTY} (default 42), closed after the test. */
  public FaultProxy proxy() {
    return proxy(Long.getLong(SEED_PROPERTY, 42L));
  }

  /** A fault proxy in front of the server with the given seed, closed after the test. */
  public FaultProxy proxy(long seed) {
    FaultProxy p = FaultProxy.start(endpoint(), seed);
    perTest.add(p);
    return p;
  }

  /** Registers something to close after the current test. */
  public <T extends AutoCloseable> T closeAfterTest(T resource) {
    perTest.add(resource);
    return resource;
  }

  /** The shared {@link KmsClient}. */
  public KmsClient kms() {
    return clients().kms();
  }

  /** The shared {@link KmsAsyncClient}. */
  public KmsAsyncClient kmsAsync() {
    return clients().kmsAsync();
  }

  /** The shared {@link DynamoDbClient}. */
  public DynamoDbClient dynamoDb() {
    return clients().dynamoDb();
  }

  /** The shared {@link DynamoDbAsyncClient}. */
  public DynamoDbAsyncClient dynamoDbAsync() {
    return clients().dynamoDbAsync();
  }

  /** The shared path-style {@link S3Client}. */
  public S3Client s3() {
    return clients().s3();
  }

  /** The shared path-style {@link S3AsyncClient}. */
  public S3AsyncClient s3Async() {
    return clients().s3Async();
  }

  /**
   * A name unique within this JVM and unlikely to collide across runs: lower-case letters, digits and
   * hyphens, valid as an S3 bucket name and a DynamoDB table name when the prefix is.
   */
  public String uniqueName(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return p + "-" + RUN + "-" + NAMES.incrementAndGet();
  }

  /** Creates a bucket with a unique name and returns the name. */
  public String createBucket() {
    String bucket = uniqueName("bucket");
    s3().createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /**
   * Creates a symmetric KMS key and returns its bare key id. (moto resolves DisableKey and
   * ScheduleKeyDeletion by bare key id, not by ARN.)
   */
  public String createKmsKey() {
    CreateKeyResponse r = kms().createKey(b -> b.description(uniqueName("key")));
    return r.keyMetadata().keyId();
  }

  /** Creates a symmetric KMS key and returns its ARN. */
  public String createKmsKeyArn() {
    return kms().createKey(b -> b.description(uniqueName("key"))).keyMetadata().arn();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return new RequiresMoto().evaluateExecutionCondition(context);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server().ensureAlive();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (AutoCloseable c : perTest) {
      try {
        c.close();
      } catch (Exception ignored) {
        // teardown is best effort; the test's own outcome stands
      }
    }
    perTest.clear();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    MotoServer s;
    synchronized (LOCK) {
      s = server;
    }
    if (s != null && !s.isAlive()) {
      IllegalStateException died = new IllegalStateException(
          "moto died during the test; its log ends with:\n" + s.logTail(), throwable);
      throw died;
    }
    throw throwable;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> t = parameterContext.getParameter().getType();
    return t == LocalAws.class || t == KmsClient.class || t == KmsAsyncClient.class || t == DynamoDbClient.class
        || t == DynamoDbAsyncClient.class || t == S3Client.class || t == S3AsyncClient.class
        || t == FaultProxy.class || t == AwsClients.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> t = parameterContext.getParameter().getType();
    if (t == LocalAws.class) {
      return this;
    } else if (t == KmsClient.class) {
      return kms();
    } else if (t == KmsAsyncClient.class) {
      return kmsAsync();
    } else if (t == DynamoDbClient.class) {
      return dynamoDb();
    } else if (t == DynamoDbAsyncClient.class) {
      return dynamoDbAsync();
    } else if (t == S3Client.class) {
      return s3();
    } else if (t == S3AsyncClient.class) {
      return s3Async();
    } else if (t == FaultProxy.class) {
      return proxy();
    }
    return clients();
  }
}
