package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Checked;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Kind;
import dev.cirrus.crypto.keystore.internal.StoreCalls.Subject;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/** GetItem, item checks and KMS Decrypt of one item, sync and async; the plaintext is wiped. Thread-safe. */
public final class KeyReads {
  /** Makes materials from a checked item and its plaintext (which the caller wipes afterwards). */
  @FunctionalInterface
  public interface Materials<T> {
    T make(Checked item, byte[] plaintext);
  }

  private final StoreCalls calls;
  private final String logicalKeyStoreName;
  private final String kmsArn;
  private final boolean consistentReads;

  public KeyReads(StoreCalls calls, String logicalKeyStoreName, String kmsArn, boolean consistentReads) {
    this.calls = calls;
    this.logicalKeyStoreName = logicalKeyStoreName;
    this.kmsArn = kmsArn;
    this.consistentReads = consistentReads;
  }

  public <T> T read(String branchKeyId, Kind kind, String version, Materials<T> materials) {
    Map<String, AttributeValue> item = calls.getItem(BranchKeyItems.key(branchKeyId,
        BranchKeyItems.type(kind, version)), consistentReads, new Subject(branchKeyId, version));
    Checked checked = BranchKeyItems.check(item, kind, branchKeyId, version, logicalKeyStoreName, kmsArn);
    DecryptResponse r = calls.decrypt(checked.enc(), checked.context(), new Subject(branchKeyId, checked.version()));
    return unwrap(checked, branchKeyId, r, materials);
  }

  public <T> CompletableFuture<T> readAsync(String branchKeyId, Kind kind, String version, Materials<T> materials) {
    Function<Map<String, AttributeValue>, CompletableFuture<T>> decrypt = item -> {
      Checked checked = BranchKeyItems.check(item, kind, branchKeyId, version, logicalKeyStoreName, kmsArn);
      return calls.decryptAsync(checked.enc(), checked.context(), new Subject(branchKeyId, checked.version()))
          .thenApply(r -> unwrap(checked, branchKeyId, r, materials));
    };
    return calls.getItemAsync(BranchKeyItems.key(branchKeyId, BranchKeyItems.type(kind, version)),
        consistentReads, new Subject(branchKeyId, version)).thenCompose(decrypt);
  }

  private static <T> T unwrap(Checked checked, String branchKeyId, DecryptResponse r, Materials<T> materials) {
    byte[] plaintext = r.plaintext() == null ? new byte[0] : r.plaintext().asByteArrayUnsafe();
    try {
      if (plaintext.length != BranchKeyMaterials.KEY_LENGTH_BYTES) {
        throw new BranchKeyException(Reason.MALFORMED, branchKeyId, checked.version(),
            "KMS Decrypt returned " + plaintext.length + " bytes, expected " + BranchKeyMaterials.KEY_LENGTH_BYTES,
            null);
      }
      return materials.make(checked, plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }
}
