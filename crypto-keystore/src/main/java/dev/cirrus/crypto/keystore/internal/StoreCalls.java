package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.ReEncryptRequest;

/**
 * The DynamoDB and KMS calls of the store, each under the retry policy (writes as non-idempotent) and mapped to
 * {@code BranchKeyException}. Thread-safe.
 */
public final class StoreCalls {
  /** What identifies the branch key a call is for, for error messages. */
  public record Subject(String branchKeyId, String version) {}

  private final String tableName;
  private final String kmsArn;
  private final DynamoDbClient dynamo;
  private final DynamoDbAsyncClient dynamoAsync;
  private final KmsClient kms;
  private final KmsAsyncClient kmsAsync;
  private final List<String> grantTokens;
  private final RetryPolicy reads;
  private final RetryPolicy writes;
  private final ScheduledExecutorService scheduler;

  public StoreCalls(String tableName, String kmsArn, DynamoDbClient dynamo, DynamoDbAsyncClient dynamoAsync,
      KmsClient kms, KmsAsyncClient kmsAsync, List<String> grantTokens, RetryPolicy retryPolicy,
      ScheduledExecutorService scheduler) {
    this.tableName = tableName;
    this.kmsArn = kmsArn;
    this.dynamo = dynamo;
    this.dynamoAsync = dynamoAsync;
    this.kms = kms;
    this.kmsAsync = kmsAsync;
    this.grantTokens = List.copyOf(grantTokens);
    this.reads = retryPolicy;
    this.writes = retryPolicy.toBuilder().idempotent(false).build();
    this.scheduler = scheduler;
  }

  private static <T> T sync(RetryPolicy policy, String key, String op, Subject s, Callable<T> call) {
    try {
      return policy.call(key, call);
    } catch (RuntimeException e) {
      throw StoreErrors.map(op, s.branchKeyId(), s.version(), e);
    }
  }

  private <T> CompletableFuture<T> async(String key, String op, Subject s,
      Supplier<? extends CompletionStage<T>> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    CompletableFuture<T> started;
    try {
      started = reads.callAsync(key, call, scheduler);
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete((v, t) -> {
      if (t == null) {
        out.complete(v);
      } else {
        out.completeExceptionally(StoreErrors.map(op, s.branchKeyId(), s.version(), t));
      }
    });
    return out;
  }

  private GetItemRequest getRequest(Map<String, AttributeValue> key, boolean consistent) {
    return GetItemRequest.builder().tableName(tableName).key(key).consistentRead(consistent).build();
  }

  public Map<String, AttributeValue> getItem(Map<String, AttributeValue> key, boolean consistent, Subject s) {
    GetItemRequest request = getRequest(key, consistent);
    GetItemResponse r = sync(reads, tableName, "DynamoDB GetItem", s, () -> dynamo.getItem(request));
    return r.hasItem() ? r.item() : Map.of();
  }

  public CompletableFuture<Map<String, AttributeValue>> getItemAsync(Map<String, AttributeValue> key,
      boolean consistent, Subject s) {
    if (dynamoAsync == null) {
      return supply(() -> getItem(key, consistent, s));
    }
    GetItemRequest request = getRequest(key, consistent);
    return async(tableName, "DynamoDB GetItem", s, () -> dynamoAsync.getItem(request))
        .thenApply(r -> r.hasItem() ? r.item() : Map.of());
  }

  public void transactWrite(TransactWriteItemsRequest request, Subject s) {
    sync(writes, tableName, "DynamoDB TransactWriteItems", s, () -> dynamo.transactWriteItems(request));
  }

  public SdkBytes generate(Map<String, String> context, Subject s) {
    GenerateDataKeyWithoutPlaintextRequest request = GenerateDataKeyWithoutPlaintextRequest.builder()
        .keyId(kmsArn).encryptionContext(context).numberOfBytes(32).grantTokens(grantTokens).build();
    return ciphertext("KMS GenerateDataKeyWithoutPlaintext", s, sync(reads, kmsArn,
        "KMS GenerateDataKeyWithoutPlaintext", s, () -> kms.generateDataKeyWithoutPlaintext(request)).ciphertextBlob());
  }

  public SdkBytes reEncrypt(SdkBytes ciphertext, Map<String, String> source, Map<String, String> destination,
      Subject s) {
    ReEncryptRequest request = ReEncryptRequest.builder().ciphertextBlob(ciphertext).sourceKeyId(kmsArn)
        .sourceEncryptionContext(source).destinationKeyId(kmsArn).destinationEncryptionContext(destination)
        .grantTokens(grantTokens).build();
    return ciphertext("KMS ReEncrypt", s,
        sync(reads, kmsArn, "KMS ReEncrypt", s, () -> kms.reEncrypt(request)).ciphertextBlob());
  }

  private static SdkBytes ciphertext(String op, Subject s, SdkBytes blob) {
    if (blob == null || blob.asByteArrayUnsafe().length == 0) {
      throw new dev.cirrus.crypto.BranchKeyException(dev.cirrus.crypto.BranchKeyException.Reason.UNAVAILABLE,
          s.branchKeyId(), s.version(), op + " returned no ciphertext", null);
    }
    return blob;
  }

  private DecryptRequest decryptRequest(SdkBytes ciphertext, Map<String, String> context) {
    return DecryptRequest.builder().ciphertextBlob(ciphertext).keyId(kmsArn).encryptionContext(context)
        .grantTokens(grantTokens).build();
  }

  public DecryptResponse decrypt(SdkBytes ciphertext, Map<String, String> context, Subject s) {
    DecryptRequest request = decryptRequest(ciphertext, context);
    return sync(reads, kmsArn, "KMS Decrypt", s, () -> kms.decrypt(request));
  }

  public CompletableFuture<DecryptResponse> decryptAsync(SdkBytes ciphertext, Map<String, String> context,
      Subject s) {
    if (kmsAsync == null) {
      return supply(() -> decrypt(ciphertext, context, s));
    }
    DecryptRequest request = decryptRequest(ciphertext, context);
    return async(kmsArn, "KMS Decrypt", s, () -> kmsAsync.decrypt(request));
  }

  private static <T> CompletableFuture<T> supply(Supplier<T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
