package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.CryptoException;
import dev.cirrus.crypto.DataKeyDecryptionException;
import dev.cirrus.crypto.DataKeyFailure;
import dev.cirrus.crypto.EncryptedDataKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects why encrypted data keys failed, across keyrings, and turns them into the one {@link
 * DataKeyDecryptionException} of a message. Not thread-safe: one per decrypt.
 */
public final class DataKeyFailures {
  private final List<DataKeyFailure> failures = new ArrayList<>();
  private final List<Throwable> causes = new ArrayList<>();
  private CryptoException other;

  /** Records one key's failure, keeping {@code cause} (may be null) for logs. */
  public void add(DataKeyFailure failure, Throwable cause) {
    failures.add(failure);
    if (cause != null) {
      causes.add(cause);
    }
  }

  /**
   * Records what a keyring threw: the failures of a {@link DataKeyDecryptionException}, or another
   * Cirrus exception (a custom keyring's), which is then what {@link #throwIfAny} throws.
   */
  public void add(CryptoException e) {
    if (e instanceof DataKeyDecryptionException) {
      failures.addAll(((DataKeyDecryptionException) e).failures());
      causes.addAll(List.of(e.getSuppressed()));
    } else if (other == null) {
      other = e;
    } else {
      other.addSuppressed(e);
    }
  }

  /** True if nothing was recorded. */
  public boolean isEmpty() {
    return failures.isEmpty() && other == null;
  }

  /**
   * Throws what was recorded: another keyring's own exception first (with the data-key failures
   * suppressed), else the data-key failures as one exception; returns normally if nothing was recorded.
   */
  public void throwIfAny() {
    if (other != null) {
      if (!failures.isEmpty()) {
        other.addSuppressed(withCauses(DataKeyDecryptionException.of(failures)));
      }
      throw other;
    }
    if (!failures.isEmpty()) {
      throw withCauses(DataKeyDecryptionException.of(failures));
    }
  }

  private DataKeyDecryptionException withCauses(DataKeyDecryptionException e) {
    for (Throwable c : causes) {
      e.addSuppressed(c);
    }
    return e;
  }

  /**
   * The exception for a message none of whose {@code edks} decrypted: one failure per encrypted data key
   * in message order, taken from {@code thrown} (what the keyring threw, may be null) or {@link
   * DataKeyFailure#NOT_HELD} for a key no keyring reported on.
   */
  public static DataKeyDecryptionException forMessage(List<EncryptedDataKey> edks, DataKeyDecryptionException thrown) {
    List<DataKeyFailure> reported = thrown == null ? List.of() : new ArrayList<>(thrown.failures());
    List<DataKeyFailure> all = new ArrayList<>(Math.max(edks.size(), reported.size()));
    for (EncryptedDataKey edk : edks) {
      all.add(take(reported, edk));
    }
    all.addAll(reported); // failures for keys the message does not hold (a keyring's own), kept rather than lost
    if (all.isEmpty()) {
      throw new IllegalStateException("a message holds at least one encrypted data key, this one none");
    }
    DataKeyDecryptionException e = DataKeyDecryptionException.of(all);
    if (thrown != null) {
      for (Throwable s : thrown.getSuppressed()) {
        e.addSuppressed(s);
      }
    }
    return e;
  }

  private static DataKeyFailure take(List<DataKeyFailure> reported, EncryptedDataKey edk) {
    for (int i = 0; i < reported.size(); i++) {
      if (reported.get(i).encryptedDataKey().equals(edk)) {
        return reported.remove(i);
      }
    }
    return new DataKeyFailure(edk, DataKeyFailure.NOT_HELD, false);
  }
}
