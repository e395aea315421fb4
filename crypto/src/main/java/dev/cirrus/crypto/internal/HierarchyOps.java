package dev.cirrus.crypto.internal;

import dev.cirrus.cache.Lease;
import dev.cirrus.crypto.BranchKeyIdSupplier;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.CryptoException;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.DataKeyDecryptionException;
import dev.cirrus.crypto.DataKeyFailure;
import dev.cirrus.crypto.DecryptionMaterials;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The hierarchical keyring's encrypt and decrypt steps, sync and async, over a {@link BranchKeyCache} and
 * a {@link HierarchyWrap}. Thread-safe.
 */
public final class HierarchyOps {
  private final BranchKeyCache cache;
  private final HierarchyWrap wrap;
  private final String branchKeyId;
  private final BranchKeyIdSupplier supplier;

  /** Exactly one of {@code branchKeyId} and {@code supplier} is non-null. */
  public HierarchyOps(BranchKeyCache cache, HierarchyWrap wrap, String branchKeyId, BranchKeyIdSupplier supplier) {
    this.cache = cache;
    this.wrap = wrap;
    this.branchKeyId = branchKeyId;
    this.supplier = supplier;
  }

  /**
   * The configured id, or the supplier's for {@code context}.
   *
   * @throws IllegalArgumentException what the supplier throws for a context it does not know
   * @throws IllegalStateException if the supplier returned null or an empty id
   */
  public String branchKeyIdFor(Map<String, String> context) {
    if (branchKeyId != null) {
      return branchKeyId;
    }
    String id = supplier.branchKeyId(context);
    if (id == null || id.isEmpty()) {
      throw new IllegalStateException(
          "the branch key id supplier must return a non-empty branch key id, returned " + (id == null ? "null" : "\"\""));
    }
    return id;
  }

  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    String id = branchKeyIdFor(materials.encryptionContext());
    try (Lease<BranchKeyMaterials> lease = cache.acquire(BranchKeyCache.Key.active(id))) {
      return encryptWith(materials, lease.value());
    }
  }

  public CompletableFuture<EncryptionMaterials> onEncryptAsync(EncryptionMaterials materials) {
    String id;
    CompletableFuture<Lease<BranchKeyMaterials>> acquired;
    try {
      id = branchKeyIdFor(materials.encryptionContext());
      acquired = cache.acquireAsync(BranchKeyCache.Key.active(id));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return withLease(acquired, bk -> encryptWith(materials, bk), m -> destroyIfGenerated(materials, m));
  }

  /** Adds an EDK under {@code bk}, first generating the data key if there is none (then destroyed on failure). */
  private EncryptionMaterials encryptWith(EncryptionMaterials materials, BranchKeyMaterials bk) {
    EncryptionMaterials m = materials.dataKey() == null
        ? materials.withDataKey(wrap.generateDataKey(materials.suite()))
        : materials;
    byte[] key = bk.keyBytes();
    try {
      return m.withEncryptedDataKey(wrap.wrap(
          key, bk.branchKeyId().getBytes(StandardCharsets.UTF_8), HierarchyWrap.versionBytes(bk.version()),
          m.dataKey(), m.encryptionContext()));
    } catch (RuntimeException | Error e) {
      destroyIfGenerated(materials, m);
      throw e;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static void destroyIfGenerated(EncryptionMaterials before, EncryptionMaterials after) {
    if (before.dataKey() == null && after.dataKey() != null) {
      after.dataKey().destroy();
    }
  }

  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return materials;
    }
    Attempts a = attempts(materials, edks);
    if (a == null) {
      return materials;
    }
    for (EncryptedDataKey edk : a.tries) {
      String version = HierarchyWrap.versionOf(edk.ciphertext());
      Lease<BranchKeyMaterials> lease;
      try {
        lease = cache.acquire(new BranchKeyCache.Key(a.branchKeyId, version));
      } catch (CryptoException e) {
        a.fail(edk, e.getMessage(), e.retryable(), e);
        continue;
      }
      try (Lease<BranchKeyMaterials> l = lease) {
        DataKey k = unwrapWith(l.value(), edk, materials);
        if (k != null) {
          return materials.withDataKey(k, a.branchKeyId);
        }
        a.fail(edk, unwrapFailed(a.branchKeyId, version), false, null);
      }
    }
    throw a.exception();
  }

  public CompletableFuture<DecryptionMaterials> onDecryptAsync(
      DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return CompletableFuture.completedFuture(materials);
    }
    Attempts a;
    try {
      a = attempts(materials, edks);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (a == null) {
      return CompletableFuture.completedFuture(materials);
    }
    return tryFrom(a, materials, 0);
  }

  /** Tries {@code a.tries[i..]} one after the other until one unwraps. */
  private CompletableFuture<DecryptionMaterials> tryFrom(Attempts a, DecryptionMaterials materials, int i) {
    if (i == a.tries.size()) {
      return CompletableFuture.failedFuture(a.exception());
    }
    EncryptedDataKey edk = a.tries.get(i);
    String version = HierarchyWrap.versionOf(edk.ciphertext());
    CompletableFuture<Lease<BranchKeyMaterials>> acquired;
    try {
      acquired = cache.acquireAsync(new BranchKeyCache.Key(a.branchKeyId, version));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return withLease(acquired, bk -> unwrapWith(bk, edk, materials), k -> {
      if (k != null) {
        k.destroy();
      }
    }).handle((k, t) -> {
      if (t != null) {
        Throwable c = Futures.unwrap(t);
        if (!(c instanceof CryptoException)) {
          return CompletableFuture.<DecryptionMaterials>failedFuture(c);
        }
        a.fail(edk, c.getMessage(), ((CryptoException) c).retryable(), c);
        return tryFrom(a, materials, i + 1);
      }
      if (k == null) {
        a.fail(edk, unwrapFailed(a.branchKeyId, version), false, null);
        return tryFrom(a, materials, i + 1);
      }
      return CompletableFuture.completedFuture(materials.withDataKey(k, a.branchKeyId));
    }).thenCompose(Function.identity());
  }

  private DataKey unwrapWith(BranchKeyMaterials bk, EncryptedDataKey edk, DecryptionMaterials materials) {
    byte[] key = bk.keyBytes();
    try {
      return wrap.unwrap(key, HierarchyWrap.versionBytes(bk.version()), edk, materials.encryptionContext());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static String unwrapFailed(String id, String version) {
    return "did not unwrap with branch key " + id + " version " + version
        + " (other encryption context, or damaged)";
  }

  /**
   * Sorts this keyring's EDKs ({@code aws-kms-hierarchy}) into those to try and those that fail at once
   * (another branch key, a malformed layout, a context the supplier refuses); null if there are none.
   */
  private Attempts attempts(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    List<EncryptedDataKey> ours = new ArrayList<>();
    for (EncryptedDataKey edk : edks) {
      if (edk.providerId().equals(HierarchyWrap.PROVIDER_ID)) {
        ours.add(edk);
      }
    }
    if (ours.isEmpty()) {
      return null;
    }
    String id;
    try {
      id = branchKeyIdFor(materials.encryptionContext());
    } catch (IllegalArgumentException e) {
      Attempts a = new Attempts(null);
      ours.forEach(edk -> a.fail(edk, "the branch key id supplier knows no branch key for this encryption context: "
          + e.getMessage(), false, e));
      return a;
    }
    Attempts a = new Attempts(id);
    byte[] idUtf8 = id.getBytes(StandardCharsets.UTF_8);
    for (EncryptedDataKey edk : ours) {
      String malformed = HierarchyWrap.malformed(edk, materials.suite());
      if (!Arrays.equals(edk.providerInfo(), idUtf8)) {
        a.fail(edk, "encrypted under branch key " + edk.providerInfoUtf8()
            + ", not under " + id + ", the branch key this keyring uses for this encryption context", false, null);
      } else if (malformed != null) {
        a.fail(edk, malformed, false, null);
      } else {
        a.tries.add(edk);
      }
    }
    return a;
  }

  /**
   * Completes a future the caller owns with {@code use} applied to the leased key, always closing the lease:
   * a plain {@code thenApply} skips its function, and so the close, once the caller has cancelled. A result
   * made after a cancel is given to {@code discard}.
   */
  private static <R> CompletableFuture<R> withLease(
      CompletableFuture<Lease<BranchKeyMaterials>> acquired, Function<BranchKeyMaterials, R> use, Consumer<R> discard) {
    CompletableFuture<R> result = new CompletableFuture<>();
    acquired.whenComplete((lease, t) -> {
      if (t != null) {
        result.completeExceptionally(Futures.unwrap(t));
        return;
      }
      R r;
      try (Lease<BranchKeyMaterials> l = lease) {
        if (result.isDone()) {
          return;
        }
        r = use.apply(l.value());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
        return;
      }
      if (!result.complete(r)) {
        discard.accept(r);
      }
    });
    return result;
  }

  /** The EDKs of one decrypt to try and the failures so far; used by one operation at a time. */
  private static final class Attempts {
    final String branchKeyId;
    final List<EncryptedDataKey> tries = new ArrayList<>();
    final List<DataKeyFailure> failures = new ArrayList<>();
    final List<Throwable> causes = new ArrayList<>();

    Attempts(String branchKeyId) {
      this.branchKeyId = branchKeyId;
    }

    void fail(EncryptedDataKey edk, String reason, boolean retryable, Throwable cause) {
      failures.add(new DataKeyFailure(edk, reason, retryable));
      if (cause != null) {
        causes.add(cause);
      }
    }

    DataKeyDecryptionException exception() {
      DataKeyDecryptionException e = DataKeyDecryptionException.of(failures);
      causes.forEach(e::addSuppressed);
      return e;
    }
  }
}
