package dev.cirrus.boundaries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.boundaries.ConsumerModule.Compilation;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published modules as a modular application sees them: consumer modules compiled by javac against the
 * built library modules and their runtime dependencies (no optional ones: no AWS Encryption SDK), then run in a
 * module layer.
 */
class ModuleBoundariesTest {

  private static final List<String> LIBRARIES =
      List.of("dev.cirrus.retry", "dev.cirrus.cache", "dev.cirrus.crypto", "dev.cirrus.dynamo", "dev.cirrus.s3",
          "dev.cirrus.metrics", "dev.cirrus.crypto.keystore", "dev.cirrus.dynamo.cache");

  /**
   * Requires five modules and reaches Cirrus Retry, Cirrus Cache, SDK v2 types (S3Client, KmsClient,
   * AttributeValue) and Micrometer's MeterRegistry through {@code requires transitive}; the single-library consumers
   * below pin each edge.
   */
  private static final String PUBLIC_API_CONSUMER = """
      package consumer.app;

      import dev.cirrus.cache.Ticker;
      import dev.cirrus.crypto.CirrusCrypto;
      import dev.cirrus.crypto.KmsClients;
      import dev.cirrus.crypto.RawAesKeyring;
      import dev.cirrus.crypto.keystore.DynamoDbBranchKeyStore;
      import dev.cirrus.dynamo.ItemSize;
      import dev.cirrus.metrics.CirrusMetrics;
      import dev.cirrus.retry.Backoff;
      import dev.cirrus.retry.RetryPolicy;
      import dev.cirrus.s3.S3Keys;
      import dev.cirrus.s3.S3Transfers;
      import io.micrometer.core.instrument.MeterRegistry;
      import java.io.IOException;
      import java.nio.charset.StandardCharsets;
      import java.util.Map;
      import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
      import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
      import software.amazon.awssdk.services.kms.KmsClient;
      import software.amazon.awssdk.services.kms.KmsClientBuilder;
      import software.amazon.awssdk.services.s3.S3Client;

      public final class Main {
        private Main() {}

        public static String run() {
          int[] calls = {0};
          String retried = RetryPolicy.builder().backoff(Backoff.none()).build().call(() -> {
            if (calls[0]++ == 0) {
              throw new IOException("connection reset");
            }
            return "attempts=" + calls[0];
          });
          CirrusCrypto crypto = CirrusCrypto.builder()
              .keyring(RawAesKeyring.builder().keyNamespace("ns").keyName("k").wrappingKey(new byte[32]).build())
              .build();
          byte[] ciphertext = crypto.encrypt("hello".getBytes(StandardCharsets.UTF_8), Map.of("a", "b")).ciphertext();
          String plaintext = new String(crypto.decrypt(ciphertext, Map.of("a", "b")).plaintext(), StandardCharsets.UTF_8);
          return retried
              + " keyBytes=" + S3Keys.utf8Length("\\u00e9")
              + " itemBytes=" + ItemSize.itemSizeBytes(Map.of("pk", AttributeValue.fromS("abc")))
              + " plaintext=" + plaintext;
        }

        // Compiled, never called: the signatures name SDK and cache types without requiring their modules.
        static S3Transfers transfers(S3Client s3) {
          return S3Transfers.builder(s3).build();
        }

        static KmsClientBuilder kms(KmsClientBuilder builder, Ticker ticker) {
          return KmsClients.configure(builder);
        }

        static RetryPolicy measured(MeterRegistry registry) {
          return RetryPolicy.builder().addListener(CirrusMetrics.retryListener(registry, "app")).build();
        }

        static DynamoDbBranchKeyStore keyStore(DynamoDbClient dynamo, KmsClient kms) {
          return DynamoDbBranchKeyStore.builder().tableName("keys").logicalKeyStoreName("keys")
              .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/k").dynamoDbClient(dynamo).kmsClient(kms).build();
        }
      }
      """;

  @TempDir
  Path dir;

  @Test
  void compileAndRun_consumerOfPublicApi_succeedsThroughTransitiveRequires() throws Exception {
    ConsumerModule consumer = ConsumerModule.write(dir, "consumer.app", Map.of(
        "module-info.java",
        "module consumer.app { requires dev.cirrus.s3; requires dev.cirrus.dynamo; requires dev.cirrus.dynamo.cache;"
            + " requires dev.cirrus.crypto; requires dev.cirrus.crypto.keystore;"
            + " requires dev.cirrus.metrics; exports consumer.app; }",
        "consumer/app/Main.java", PUBLIC_API_CONSUMER));
    List<Path> modulePath = LibraryModulePath.all();

    Compilation compiled = consumer.compile(modulePath);
    assertThat(compiled.succeeded()).as(compiled.diagnostics()).isTrue();
    ModuleLayer layer = consumer.layer(modulePath);
    Object result = consumer.call(layer, "consumer.app.Main", "run");

    assertThat(compiled.diagnostics()).isEmpty();
    assertThat(result).isEqualTo("attempts=2 keyBytes=2 itemBytes=5 plaintext=hello");
    assertThat(layer.findModule("aws.encryption.sdk.java")).isEmpty();
    for (String library : LIBRARIES) {
      Module module = layer.findModule(library).orElseThrow();
      for (String pkg : internalPackages(module.getDescriptor())) {
        assertThat(module.isExported(pkg)).as(pkg).isFalse();
        assertThat(module.isOpen(pkg)).as(pkg).isFalse();
      }
    }
  }

  /**
   * One consumer per library that requires only that library (plus, for the SDK adapter, one SDK service module)
   * and names the other modules' types that the library's public signatures name.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("singleLibraryConsumers")
  void compile_consumerRequiringOneLibrary_readsTheTypesItsSignaturesName(String library, String requires,
      String imports, String method) {
    ConsumerModule consumer = ConsumerModule.write(dir, "consumer.one", Map.of(
        "module-info.java", "module consumer.one { " + requires + " }",
        "consumer/one/Uses.java",
        "package consumer.one;\n\n" + imports + "\nfinal class Uses {\n  private Uses() {}\n\n  " + method + "\n}\n"));

    Compilation compiled = consumer.compile(LibraryModulePath.all());

    assertThat(compiled.succeeded()).as(compiled.diagnostics()).isTrue();
  }

  static Stream<Arguments> singleLibraryConsumers() {
    return Stream.of(
        Arguments.of("dev.cirrus.s3", "requires dev.cirrus.s3;", """
            import dev.cirrus.retry.RetryPolicy;
            import dev.cirrus.s3.S3Transfers;
            import software.amazon.awssdk.services.s3.S3AsyncClient;
            import software.amazon.awssdk.services.s3.S3Client;
            """, """
            static S3Transfers transfers(S3Client s3, S3AsyncClient async, RetryPolicy retry) {
                return S3Transfers.builder(s3).retryPolicy(retry).build();
              }"""),
        Arguments.of("dev.cirrus.dynamo", "requires dev.cirrus.dynamo;", """
            import dev.cirrus.dynamo.ItemSize;
            import dev.cirrus.retry.Backoff;
            import java.util.Map;
            import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
            import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
            """, """
            static long size(Map<String, AttributeValue> item, DynamoDbClient dynamo, Backoff backoff) {
                return ItemSize.itemSizeBytes(item);
              }"""),
        Arguments.of("dev.cirrus.dynamo.cache", "requires dev.cirrus.dynamo.cache;", """
            import dev.cirrus.cache.Ticker;
            import dev.cirrus.dynamo.ItemValidator;
            import dev.cirrus.dynamo.cache.DynamoDbItemCache;
            import dev.cirrus.retry.RetryPolicy;
            import java.time.Duration;
            import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
            """, """
            static DynamoDbItemCache cache(DynamoDbClient dynamo, RetryPolicy retry, Ticker ticker) {
                return DynamoDbItemCache.builder(dynamo).tableName("t").keySchema(ItemValidator.forTable("pk"))
                    .ttl(Duration.ofMinutes(5)).ticker(ticker).loadRetryPolicy(retry).build();
              }"""),
        Arguments.of("dev.cirrus.crypto", "requires dev.cirrus.crypto;", """
            import dev.cirrus.cache.CacheStats;
            import dev.cirrus.cache.Ticker;
            import dev.cirrus.crypto.KmsClients;
            import dev.cirrus.retry.RetryPolicy;
            import software.amazon.awssdk.services.kms.KmsClientBuilder;
            """, """
            static KmsClientBuilder kms(KmsClientBuilder builder, RetryPolicy retry, Ticker ticker, CacheStats stats) {
                return KmsClients.configure(builder, retry);
              }"""),
        Arguments.of("dev.cirrus.crypto.keystore", "requires dev.cirrus.crypto.keystore;", """
            import dev.cirrus.crypto.BranchKeyMaterials;
            import dev.cirrus.crypto.BranchKeySource;
            import dev.cirrus.crypto.keystore.DynamoDbBranchKeyStore;
            import dev.cirrus.retry.RetryPolicy;
            import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
            import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
            import software.amazon.awssdk.services.kms.KmsClient;
            """, """
            static BranchKeyMaterials active(DynamoDbClient dynamo, KmsClient kms, RetryPolicy retry,
                  ProvisionedThroughput throughput) {
                BranchKeySource source = DynamoDbBranchKeyStore.builder().dynamoDbClient(dynamo).kmsClient(kms)
                    .retryPolicy(retry).build();
                return source.activeBranchKey("id");
              }"""),
        Arguments.of("dev.cirrus.retry", "requires dev.cirrus.retry; requires software.amazon.awssdk.services.s3;", """
            import dev.cirrus.retry.RetryPolicy;
            import dev.cirrus.retry.sdk.CirrusRetryStrategy;
            import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
            import software.amazon.awssdk.retries.api.RetryStrategy;
            """, """
            static RetryStrategy strategy(RetryPolicy policy, ClientOverrideConfiguration.Builder config) {
                CirrusRetryStrategy strategy = CirrusRetryStrategy.create(policy);
                strategy.applyTo(config);
                return strategy;
              }"""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("internalPackagesOfEveryLibrary")
  void compile_importFromInternalPackage_failsNotVisible(String library, String pkg) {
    String internalClass = LibraryModulePath.aClassIn(library, pkg);
    ConsumerModule consumer = ConsumerModule.write(dir, "consumer.peek", Map.of(
        "module-info.java", "module consumer.peek { requires " + library + "; }",
        "consumer/peek/Peek.java",
        "package consumer.peek;\n\nimport " + internalClass + ";\n\n"
            + "final class Peek {\n  Class<?> peeked = " + internalClass.substring(pkg.length() + 1) + ".class;\n}\n"));

    Compilation compiled = consumer.compile(LibraryModulePath.all());

    assertThat(compiled.succeeded()).isFalse();
    assertThat(compiled.diagnostics())
        .contains("package " + pkg + " is not visible")
        .contains("(package " + pkg + " is declared in module " + library + ", which does not export it)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.cirrus.retry", "dev.cirrus.cache", "dev.cirrus.crypto", "dev.cirrus.dynamo",
      "dev.cirrus.s3", "dev.cirrus.metrics", "dev.cirrus.crypto.keystore", "dev.cirrus.dynamo.cache"})
  void descriptor_libraryModule_exportsEveryPublicPackageAndNoInternalOne(String library) {
    ModuleDescriptor descriptor = LibraryModulePath.descriptor(library);
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : descriptor.exports()) {
      assertThat(e.isQualified()).as(e.toString()).isFalse();
      exported.add(e.source());
    }
    Set<String> publicPackages = new TreeSet<>(descriptor.packages());
    publicPackages.removeAll(internalPackages(descriptor));

    assertThat(exported).isEqualTo(publicPackages).contains(library);
    assertThat(descriptor.isOpen()).isFalse();
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void compileAndRun_retryWithNoSdkOnModulePath_classifiesAndRetries() throws Exception {
    ConsumerModule consumer = ConsumerModule.write(dir, "consumer.nosdk", Map.of(
        "module-info.java", "module consumer.nosdk { requires dev.cirrus.retry; exports consumer.nosdk; }",
        "consumer/nosdk/Main.java", """
            package consumer.nosdk;

            import dev.cirrus.retry.AwsErrorClassifier;
            import dev.cirrus.retry.Backoff;
            import dev.cirrus.retry.RetryPolicy;
            import java.io.IOException;

            public final class Main {
              private Main() {}

              public static String run() {
                int[] calls = {0};
                String result = RetryPolicy.builder().backoff(Backoff.none()).build().call(() -> {
                  if (calls[0]++ == 0) {
                    throw new IOException("connection reset");
                  }
                  return "ok";
                });
                return result + " " + calls[0] + " " + AwsErrorClassifier.defaults().classify(new IOException("reset"));
              }
            }
            """));
    List<Path> retryAndSlf4jOnly = LibraryModulePath.only(Set.of("dev.cirrus.retry", "org.slf4j"));

    Compilation compiled = consumer.compile(retryAndSlf4jOnly);
    assertThat(compiled.succeeded()).as(compiled.diagnostics()).isTrue();
    ModuleLayer layer = consumer.layer(retryAndSlf4jOnly);
    Object result = consumer.call(layer, "consumer.nosdk.Main", "run");

    assertThat(compiled.diagnostics()).isEmpty();
    assertThat(result).isEqualTo("ok 2 TRANSIENT");
    assertThat(layer.modules().stream().map(Module::getName).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("consumer.nosdk", "dev.cirrus.retry", "org.slf4j");
  }

  /**
   * The metrics module requires the Cirrus modules it binds only statically: an application that binds a cache
   * needs neither retry nor S3 (nor the AWS SDK) on its module path, although CirrusMetrics also binds those.
   */
  @Test
  void compileAndRun_metricsWithTheCacheOnly_bindsTheCacheWithoutRetryOrS3() throws Exception {
    ConsumerModule consumer = ConsumerModule.write(dir, "consumer.metrics", Map.of(
        "module-info.java", "module consumer.metrics { requires dev.cirrus.metrics; requires dev.cirrus.cache;"
            + " exports consumer.metrics; }",
        "consumer/metrics/Main.java", """
            package consumer.metrics;

            import dev.cirrus.cache.CachePolicy;
            import dev.cirrus.cache.SecretCache;
            import dev.cirrus.metrics.CirrusMetrics;
            import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
            import java.time.Duration;

            public final class Main {
              private Main() {}

              public static String run() {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                SecretCache<String, byte[]> cache = SecretCache.<String, byte[]>builder()
                    .policy(CachePolicy.builder().maxAge(Duration.ofMinutes(1)).build()).build(k -> new byte[1]);
                CirrusMetrics.bind(cache, registry, "orders");
                cache.acquire("k").close();
                cache.acquire("k").close();
                return "hits=" + registry.get("cirrus.cache.requests").tag("result", "hit").functionCounter().count();
              }
            }
            """));
    List<Path> cacheAndMicrometerOnly = LibraryModulePath.only(Set.of("dev.cirrus.metrics", "dev.cirrus.cache",
        "micrometer.core", "micrometer.commons", "micrometer.observation", "com.github.benmanes.caffeine",
        "org.slf4j"));

    Compilation compiled = consumer.compile(cacheAndMicrometerOnly);
    assertThat(compiled.succeeded()).as(compiled.diagnostics()).isTrue();
    ModuleLayer layer = consumer.layer(cacheAndMicrometerOnly);
    Object result = consumer.call(layer, "consumer.metrics.Main", "run");

    assertThat(result).isEqualTo("hits=1.0");
    assertThat(layer.findModule("dev.cirrus.retry")).isEmpty();
    assertThat(layer.findModule("dev.cirrus.s3")).isEmpty();
  }

  static Stream<Arguments> internalPackagesOfEveryLibrary() {
    List<Arguments> out = new ArrayList<>();
    for (String library : LIBRARIES) {
      Set<String> internal = internalPackages(LibraryModulePath.descriptor(library));
      if (internal.isEmpty()) {
        throw new IllegalStateException(library + " has no internal package to check");
      }
      internal.forEach(pkg -> out.add(Arguments.of(library, pkg)));
    }
    return out.stream();
  }

  private static Set<String> internalPackages(ModuleDescriptor descriptor) {
    return descriptor.packages().stream()
        .filter(p -> ("." + p + ".").contains(".internal."))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
