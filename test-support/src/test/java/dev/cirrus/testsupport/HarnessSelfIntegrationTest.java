package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Proves the harness: each service round trip directly against moto, and through the fault proxy with 0%
 * faults (everything forwarded) and 100% faults (every request answered with the service's own throttling
 * error, parsed by the real SDK client with retries off).
 */
class HarnessSelfIntegrationTest {

  @RegisterExtension static final LocalAws AWS = new LocalAws();

  private static final String DIRECT = "direct";
  private static final String PROXY_PASS = "proxy-0%";

  /** Clients for the route: moto directly, or through a proxy that forwards everything. */
  private static AwsClients route(String route) {
    if (route.equals(DIRECT)) {
      return AWS.clients();
    }
    FaultProxy proxy = AWS.proxy();
    proxy.inject("*", 0.0, Fault.throttle());
    return AWS.clients(proxy);
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B noRetries(B b) {
    b.overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()));
    return b;
  }

  @ParameterizedTest
  @ValueSource(strings = {DIRECT, PROXY_PASS})
  void kms_createKeyGenerateDataKeyDecrypt_roundTrips(String route) {
    KmsClient kms = route(route).kms();
    String keyId = kms.createKey(b -> b.description("harness")).keyMetadata().keyId();

    assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
    GenerateDataKeyResponse dk = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
        .encryptionContext(Map.of("purpose", "self-test")));
    DecryptResponse plain = kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(dk.ciphertextBlob())
        .encryptionContext(Map.of("purpose", "self-test")));

    assertThat(dk.plaintext().asByteArray()).hasSize(32);
    assertThat(plain.plaintext().asByteArray()).isEqualTo(dk.plaintext().asByteArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {DIRECT, PROXY_PASS})
  void dynamoDb_createPutGetQuery_roundTrips(String route) {
    DynamoDbClient ddb = route(route).dynamoDb();
    String table = AWS.uniqueName("harness");
    ddb.createTable(b -> b.tableName(table)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
        .keySchema(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .billingMode("PAY_PER_REQUEST"));
    for (int i = 0; i < 3; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("user#1"), "sk", num(n), "v", s("value" + n))));
    }

    Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("user#1"), "sk", num(1)))).item();
    int count = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("user#1")))).count();

    assertThat(item.get("v").s()).isEqualTo("value1");
    assertThat(count).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {DIRECT, PROXY_PASS})
  void s3_putGetAndThreePartMultipart_roundTrip(String route) {
    S3Client s3 = route(route).s3();
    String bucket = AWS.uniqueName("harness");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("small"), RequestBody.fromString("hello"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("small")).asUtf8String()).isEqualTo("hello");

    byte[] data = new byte[5 * 1024 * 1024 * 2 + 123];
    ThreadLocalRandom.current().nextBytes(data);
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int partSize = 5 * 1024 * 1024;
    for (int p = 1, off = 0; off < data.length; p++, off += partSize) {
      int len = Math.min(partSize, data.length - off);
      int partNumber = p;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(partNumber),
          RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, off, off + len))).eTag();
      parts.add(CompletedPart.builder().partNumber(p).eTag(etag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId).multipartUpload(m -> m.parts(parts)));

    assertThat(parts).hasSize(3);
    byte[] got = s3.getObject(b -> b.bucket(bucket).key("big"), ResponseTransformer.toBytes()).asByteArray();
    assertThat(got.length).isEqualTo(data.length);
    assertThat(java.util.Arrays.mismatch(got, data)).as("first differing byte").isEqualTo(-1);
  }

  @org.junit.jupiter.api.Test
  void s3Async_putAndGet_roundTrip() {
    String bucket = AWS.createBucket();
    AWS.s3Async().putObject(b -> b.bucket(bucket).key("k"), AsyncRequestBody.fromString("async")).join();

    String got = AWS.s3Async().getObject(b -> b.bucket(bucket).key("k"), AsyncResponseTransformer.toBytes()).join().asUtf8String();

    assertThat(got).isEqualTo("async");
  }

  @org.junit.jupiter.api.Test
  void kms_fullThrottleThroughProxy_surfacesThrottlingExceptionAndCountsIt() {
    String keyId = AWS.createKmsKey();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 1.0, Fault.throttle());
    KmsClient kms = AWS.closeAfterTest(noRetries(AWS.clients(proxy).kmsBuilder()).build());

    assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)))
        .isInstanceOfSatisfying(KmsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.ERROR_INJECTED)).isEqualTo(1);
    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.FORWARDED)).isZero();
  }

  @org.junit.jupiter.api.Test
  void dynamoDb_fullThrottleThroughProxy_throwsProvisionedThroughputExceededException() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.GetItem", 1.0, Fault.dynamoDbProvisionedThroughputExceeded());
    DynamoDbClient ddb = AWS.closeAfterTest(noRetries(AWS.clients(proxy).dynamoDbBuilder()).build());

    assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("any").key(Map.of("pk", s("x")))))
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("provisioned throughput");
    assertThat(proxy.count("DynamoDB.GetItem", Outcome.ERROR_INJECTED)).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void dynamoDb_throttlingExceptionThroughProxy_isParsedAsThrottling() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.*", 1.0, Fault.dynamoDbThrottling());
    DynamoDbClient ddb = AWS.closeAfterTest(noRetries(AWS.clients(proxy).dynamoDbBuilder()).build());

    assertThatThrownBy(() -> ddb.listTables())
        .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"slowDown", "internalError"})
  void s3_fullFaultThroughProxy_surfacesS3ErrorCode(String kind) {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy();
    boolean slow = kind.equals("slowDown");
    proxy.inject("S3.PutObject", 1.0, slow ? Fault.s3SlowDown() : Fault.s3InternalError());
    S3Client s3 = AWS.closeAfterTest(noRetries(AWS.clients(proxy).s3Builder()).build());

    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(slow ? 503 : 500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo(slow ? "SlowDown" : "InternalError");
        });
    assertThat(proxy.count("S3.PutObject")).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void proxy_connectionResetAndTruncation_failTheCallAndAreCounted() {
    String bucket = AWS.createBucket();
    AWS.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(new byte[4096]));
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("S3.GetObject", Fault.connectionReset(), Fault.truncatedResponse());
    S3Client s3 = AWS.closeAfterTest(noRetries(AWS.clients(proxy).s3Builder()).build());

    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"))).isNotNull();
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"))).isNotNull();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).hasSize(4096);
    assertThat(proxy.count("S3.GetObject", Outcome.CONNECTION_RESET)).isEqualTo(1);
    assertThat(proxy.count("S3.GetObject", Outcome.TRUNCATED)).isEqualTo(1);
    assertThat(proxy.count("S3.GetObject", Outcome.FORWARDED)).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void proxy_sdkRetriesThroughThrottles_eventuallySucceeds() {
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("KMS.CreateKey", Fault.throttle(), Fault.throttle());
    KmsClient kms = AWS.clients(proxy).kms(); // default SDK retries: 3 attempts

    String keyId = kms.createKey(b -> b.description("retried")).keyMetadata().keyId();

    assertThat(keyId).isNotBlank();
    assertThat(proxy.count("KMS.CreateKey", Outcome.ERROR_INJECTED)).isEqualTo(2);
    assertThat(proxy.count("KMS.CreateKey", Outcome.FORWARDED)).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void proxy_rateLimitMode_throttlesBeyondTheBucket() {
    FaultProxy proxy = AWS.proxy();
    proxy.rateLimit("DynamoDB.ListTables", 0.001, 5);
    DynamoDbClient ddb = AWS.closeAfterTest(noRetries(AWS.clients(proxy).dynamoDbBuilder()).build());
    int ok = 0;
    int throttled = 0;
    for (int i = 0; i < 8; i++) {
      try {
        ddb.listTables();
        ok++;
      } catch (ProvisionedThroughputExceededException e) {
        throttled++;
      }
    }

    assertThat(ok).isEqualTo(5);
    assertThat(throttled).isEqualTo(3);
    assertThat(proxy.count("DynamoDB.ListTables", Outcome.RATE_LIMITED)).isEqualTo(3);
  }

  @org.junit.jupiter.api.Test
  void proxy_intercept_canRewriteResponses() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("rewrite", (req, up) ->
        up.forward(req).withBody("rewritten".getBytes(StandardCharsets.UTF_8))));
    String bucket = AWS.createBucket();
    AWS.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("original!"));

    String got = AWS.clients(proxy).s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String();

    assertThat(got).isEqualTo("rewritten");
    assertThat(proxy.count("S3.GetObject", Outcome.INTERCEPTED)).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void proxy_seededRateSchedule_isTheSameOnEveryRun() {
    List<String> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      FaultProxy proxy = AWS.proxy(1234);
      proxy.inject("DynamoDB.ListTables", 0.5, Fault.throttle());
      DynamoDbClient ddb = AWS.closeAfterTest(noRetries(AWS.clients(proxy).dynamoDbBuilder()).build());
      StringBuilder pattern = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        try {
          ddb.listTables();
          pattern.append('.');
        } catch (ProvisionedThroughputExceededException e) {
          pattern.append('T');
        }
      }
      runs.add(pattern.toString());
    }

    assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains("T").contains(".");
  }

  @org.junit.jupiter.api.Test
  void proxy_latencyFault_delaysThenForwards() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.ListTables", 1.0, Fault.latency(java.time.Duration.ofMillis(300)));
    DynamoDbClient ddb = AWS.clients(proxy).dynamoDb();
    long start = System.nanoTime();

    ddb.listTables();

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
    assertThat(proxy.count("DynamoDB.ListTables", Outcome.FORWARDED)).isEqualTo(1);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue num(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }


}
