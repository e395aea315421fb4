package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.DataKeyFailures;
import dev.cirrus.crypto.internal.Futures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Combines keyrings (framework/multi-keyring.md): on encrypt the generator makes the data key and every
 * child adds an encrypted copy, so any one of them can later decrypt; on decrypt the generator and then
 * the children are tried in order until one yields the data key. A child's failure does not stop the
 * search; if no keyring succeeds, the children's {@link DataKeyDecryptionException}s are merged into
 * one that lists every key tried (a {@link KmsUnavailableException} if any failure is retryable), and
 * any other {@link CryptoException} a child threw is thrown instead, with the rest suppressed.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class MultiKeyring implements Keyring {
  private final Keyring generator;
  private final List<Keyring> children;

  private MultiKeyring(Keyring generator, List<Keyring> children) {
    this.generator = generator;
    this.children = children;
  }

  /**
   * Returns a multi-keyring.
   *
   * @param generator the keyring that generates data keys, or {@code null} if materials passed to it
   *     already hold one
   * @param children keyrings that add encrypted copies
   * @return the multi-keyring
   * @throws IllegalArgumentException if there is neither a generator nor a child
   */
  public static MultiKeyring of(Keyring generator, List<? extends Keyring> children) {
    Objects.requireNonNull(children, "children");
    List<Keyring> copy = new ArrayList<>(children.size());
    for (Keyring k : children) {
      copy.add(Objects.requireNonNull(k, "child keyring"));
    }
    if (generator == null && copy.isEmpty()) {
      throw new IllegalArgumentException("a generator or at least one child keyring is required, got none");
    }
    return new MultiKeyring(generator, List.copyOf(copy));
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    EncryptionMaterials m = materials;
    if (generator != null) {
      m = generator.onEncrypt(m);
    } else if (m.dataKey() == null) {
      throw new IllegalStateException("materials hold no data key and this multi-keyring has no generator");
    }
    EncryptionMaterials generated = m;
    try {
      for (Keyring k : children) {
        m = k.onEncrypt(m);
      }
    } catch (RuntimeException | Error e) {
      destroyIfGenerated(materials, generated);
      throw e;
    }
    return m;
  }

  /** A data key this call generated and now cannot hand out is destroyed, not left to the GC. */
  private static void destroyIfGenerated(EncryptionMaterials before, EncryptionMaterials after) {
    if (before.dataKey() == null && after.dataKey() != null) {
      after.dataKey().destroy();
    }
  }

  @Override
  public CompletableFuture<EncryptionMaterials> onEncryptAsync(EncryptionMaterials materials) {
    CompletableFuture<EncryptionMaterials> f;
    if (generator != null) {
      f = generator.onEncryptAsync(materials);
    } else if (materials.dataKey() == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("materials hold no data key and this multi-keyring has no generator"));
    } else {
      f = CompletableFuture.completedFuture(materials);
    }
    if (children.isEmpty()) {
      return f;
    }
    return f.thenCompose(generated -> {
      CompletableFuture<EncryptionMaterials> c = CompletableFuture.completedFuture(generated);
      for (Keyring k : children) {
        c = c.thenCompose(k::onEncryptAsync);
      }
      return c.whenComplete((m, t) -> {
        if (t != null) {
          destroyIfGenerated(materials, generated);
        }
      });
    });
  }

  private List<Keyring> all() {
    List<Keyring> all = new ArrayList<>(children.size() + 1);
    if (generator != null) {
      all.add(generator);
    }
    all.addAll(children);
    return all;
  }

  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return materials;
    }
    DataKeyFailures failures = new DataKeyFailures();
    for (Keyring k : all()) {
      try {
        DecryptionMaterials out = k.onDecrypt(materials, edks);
        if (out.dataKey() != null) {
          return out;
        }
      } catch (CryptoException e) {
        failures.add(e);
      }
    }
    failures.throwIfAny();
    return materials;
  }

  @Override
  public CompletableFuture<DecryptionMaterials> onDecryptAsync(
      DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return CompletableFuture.completedFuture(materials);
    }
    return tryFrom(all(), 0, materials, edks, new DataKeyFailures());
  }

  private static CompletableFuture<DecryptionMaterials> tryFrom(
      List<Keyring> rings, int i, DecryptionMaterials m, List<EncryptedDataKey> edks, DataKeyFailures failures) {
    if (i == rings.size()) {
      try {
        failures.throwIfAny();
        return CompletableFuture.completedFuture(m);
      } catch (CryptoException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return rings.get(i)
        .onDecryptAsync(m, edks)
        .handle((out, t) -> {
          if (t != null) {
            Throwable c = Futures.unwrap(t);
            if (c instanceof CryptoException) {
              failures.add((CryptoException) c);
              return null;
            }
            throw new CompletionException(c);
          }
          return out.dataKey() != null ? out : null;
        })
        .thenCompose(out -> out != null ? CompletableFuture.completedFuture(out) : tryFrom(rings, i + 1, m, edks, failures));
  }

  @Override
  public String toString() {
    return "MultiKeyring{generator=" + generator + ", children=" + children + "}";
  }
}
