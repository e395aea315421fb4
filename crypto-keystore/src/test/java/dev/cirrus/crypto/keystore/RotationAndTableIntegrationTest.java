package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Concurrent rotation (the optimistic lock on the ACTIVE {@code enc}), and table creation and verification. */
class RotationAndTableIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void versionKey_twoThreadsAtOnce_exactlyOneWinsOtherConflict() throws Exception {
    KeyStores s = KeyStores.create(AWS);
    String id = s.cirrus().createKey();
    String old = s.cirrus().activeBranchKey(id).version();
    // Both transactions are held until both have arrived (so both rotations read the same ACTIVE item), then sent
    // one after the other.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    Object oneAtATime = new Object();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.TransactWriteItems", 1.0, Fault.intercept("hold", (req, upstream) -> {
      try {
        bothRead.await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new java.io.IOException(e);
      }
      synchronized (oneAtATime) {
        return upstream.forward(req);
      }
    }));
    DynamoDbBranchKeyStore store = s.builder(AWS.clients(proxy)).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      List<Future<String>> futures = List.of(pool.submit(() -> store.versionKey(id)),
          pool.submit(() -> store.versionKey(id)));
      for (Future<String> f : futures) {
        try {
          outcomes.add(f.get(120, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> won = outcomes.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    List<BranchKeyException> lost = outcomes.stream().filter(BranchKeyException.class::isInstance)
        .map(BranchKeyException.class::cast).toList();
    assertThat(won).hasSize(1);
    assertThat(lost).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
      assertThat(e.version()).hasValue(old);
      assertThat(e.getMessage()).startsWith("branch key " + id + " version " + old
          + ": conflict: the ACTIVE item changed since it was read (a concurrent rotation won); version ")
          .endsWith(" was not written");
    });
    assertThat(s.cirrus().activeBranchKey(id).version()).isEqualTo(won.get(0));
    String loserVersion = lost.get(0).getMessage().replaceAll(".*; version (\\S+) was not written", "$1");
    assertThatThrownBy(() -> s.cirrus().branchKeyVersion(id, loserVersion))
        .isInstanceOfSatisfying(BranchKeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThat(s.cirrus().branchKeyVersion(id, old).version()).isEqualTo(old);
  }

  @Test
  void versionKey_activeRewrittenAfterRead_conflictNotOverwritten() {
    KeyStores s = KeyStores.create(AWS);
    String id = s.cirrus().createKey();
    FaultProxy proxy = AWS.proxy();
    // Between this rotation's read and its write, another rotation (the MPL's, straight to moto) lands.
    proxy.inject("DynamoDB.TransactWriteItems", 1.0, Fault.intercept("race", (req, upstream) -> {
      s.mpl().VersionKey(software.amazon.cryptography.keystore.model.VersionKeyInput.builder()
          .branchKeyIdentifier(id).build());
      return upstream.forward(req);
    }));
    String mplVersionBefore = s.cirrus().activeBranchKey(id).version();

    assertThatThrownBy(() -> s.builder(AWS.clients(proxy)).build().versionKey(id))
        .isInstanceOfSatisfying(BranchKeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
    assertThat(s.cirrus().activeBranchKey(id).version()).isNotEqualTo(mplVersionBefore);
  }

  @Test
  void verifyTable_missingTable_illegalStateNamesTable() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore missing = s.builder(AWS.clients()).tableName("no-such-table-" + s.table).build();

    assertThatThrownBy(missing::verifyTable).isInstanceOf(IllegalStateException.class)
        .hasMessage("key store table no-such-table-" + s.table + " does not exist");
    assertThatThrownBy(() -> missing.activeBranchKey("x"))
        .isInstanceOfSatisfying(BranchKeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("ResourceNotFoundException: the key store table does not exist");
  }

  @Test
  void verifyTable_otherKeySchema_illegalStateNamesSchema() {
    String table = AWS.uniqueName("not-keystore");
    AWS.dynamoDb().createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
            .build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.builder(AWS.clients()).tableName(table).build();

    assertThatThrownBy(store::verifyTable).isInstanceOf(IllegalStateException.class)
        .hasMessage("table " + table + " is not a key store table: key schema {pk=HASH} with types {pk=S}, expected "
            + "partition key branch-key-id (S) and sort key type (S)");
    assertThatThrownBy(store::createTable).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("table " + table + " is not a key store table");
  }

  @Test
  void createTable_provisioned_createsKeyStoreTable() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.builder(AWS.clients()).tableName(AWS.uniqueName("provisioned")).build();

    store.createTable(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build());
    store.verifyTable();

    assertThat(AWS.dynamoDb().describeTable(r -> r.tableName(store.tableName())).table()
        .provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
    assertThat(store.activeBranchKey(store.createKey()).keyBytes()).hasSize(32);
  }

  @Test
  void options_grantTokensAndConsistentReads_sentWithEveryCall() {
    KeyStores s = KeyStores.create(AWS);
    FaultProxy proxy = AWS.proxy();
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    proxy.inject("*", 1.0, Fault.intercept("record", (req, upstream) -> {
      bodies.add(req.operation() + " " + new String(req.body(), java.nio.charset.StandardCharsets.UTF_8));
      return upstream.forward(req);
    }));
    DynamoDbBranchKeyStore store = s.builder(AWS.clients(proxy)).grantTokens(List.of("grant-1"))
        .consistentReads(true).build();

    String id = store.createKey();
    store.versionKey(id);
    store.activeBranchKey(id);

    List<String> kms = bodies.stream().filter(b -> b.startsWith("KMS.")).toList();
    List<String> reads = bodies.stream().filter(b -> b.startsWith("DynamoDB.GetItem")).toList();
    assertThat(kms).hasSize(7).allSatisfy(b -> assertThat(b).contains("\"GrantTokens\":[\"grant-1\"]")
        .contains(s.kmsArn).contains("\"tablename\":\"" + s.logicalName + "\""));
    assertThat(reads).hasSize(2).allSatisfy(b -> assertThat(b).contains("\"ConsistentRead\":true"));
  }
}
