package dev.cirrus.metrics;

import dev.cirrus.crypto.CryptoListener;
import dev.cirrus.metrics.internal.Count;
import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.metrics.internal.NanoTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A {@link CryptoListener} that counts KMS calls and messages: give it to {@code KmsKeyring.Builder.listener(..)}
 * for the KMS meters and to {@code CirrusCrypto.Builder.listener(..)} for the message meters, and bind it to a
 * registry then or later.
 *
 * <p>Meters, each tagged {@code name}:
 * <ul>
 *   <li>{@code cirrus.crypto.kms.calls} (function counter), tagged {@code operation} = {@code generate_data_key},
 *       {@code encrypt} or {@code decrypt} and {@code outcome} = {@code success}, {@code throttled} or
 *       {@code error}: KMS calls ended, after the KMS client's own retries;</li>
 *   <li>{@code cirrus.crypto.kms.latency} (function timer), tagged {@code operation}: those calls and their
 *       time, whatever the outcome;</li>
 *   <li>{@code cirrus.crypto.messages} (function counter), tagged {@code direction} = {@code encrypt} or
 *       {@code decrypt}: whole messages encrypted, and decrypted and authenticated;</li>
 *   <li>{@code cirrus.crypto.bytes} (function counter, base unit bytes), tagged {@code direction}: their
 *       plaintext bytes.</li>
 * </ul>
 * No key id, encryption context, plaintext or exception message is ever a tag: the key id the listener receives
 * is dropped. Data-key uses per KMS call are {@code messages{direction=encrypt}} over
 * {@code kms.calls{operation=generate_data_key}}: above 1 only with a {@code CachingMaterialsManager}.
 *
 * <p>Each event costs one or two striped-adder increments on the calling thread; nothing is looked up in a
 * registry. Events are counted from the moment the listener is given to a builder, whether or not a registry is
 * bound yet. Instances are threadsafe; one listener may serve several keyrings and instances, whose events it
 * then adds up.
 */
public final class CryptoMetrics implements CryptoListener, MeterBinder {
  static final String KMS_CALLS = "cirrus.crypto.kms.calls";

  private static final KmsOperation[] OPERATIONS = KmsOperation.values();
  private static final KmsOutcome[] OUTCOMES = KmsOutcome.values();

  private final String name;
  /** By operation ordinal, then outcome ordinal. */
  private final Count[][] calls = new Count[OPERATIONS.length][OUTCOMES.length];
  private final NanoTimer[] latency = new NanoTimer[OPERATIONS.length];
  private final Count encrypted = new Count();
  private final Count decrypted = new Count();
  private final Count encryptedBytes = new Count();
  private final Count decryptedBytes = new Count();

  /**
   * Creates a listener whose meters are tagged {@code name}; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param name the name tag, for example {@code "orders"}; unique among the crypto listeners of a registry
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public CryptoMetrics(String name) {
    this.name = Meters.requireName(name);
    for (int op = 0; op < OPERATIONS.length; op++) {
      latency[op] = new NanoTimer();
      for (int out = 0; out < OUTCOMES.length; out++) {
        calls[op][out] = new Count();
      }
    }
  }

  static CryptoMetrics bound(MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    CryptoMetrics metrics = new CryptoMetrics(name);
    metrics.bindTo(registry);
    return metrics;
  }

  /** {@return the name tag of this listener's meters} */
  public String name() {
    return name;
  }

  @Override
  public void onKmsCall(KmsOperation operation, String keyId, KmsOutcome outcome, long latencyNanos) {
    calls[operation.ordinal()][outcome.ordinal()].increment();
    latency[operation.ordinal()].record(latencyNanos);
  }

  @Override
  public void onEncrypted(long plaintextBytes) {
    encrypted.increment();
    encryptedBytes.add(plaintextBytes);
  }

  @Override
  public void onDecrypted(long plaintextBytes) {
    decrypted.increment();
    decryptedBytes.add(plaintextBytes);
  }

  /**
   * Registers the meters with {@code registry}.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a crypto listener of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Meters.requireUnbound(registry, KMS_CALLS, name, "crypto listener");
    Tags tags = Tags.of(Meters.nameTag(name));
    for (KmsOperation op : OPERATIONS) {
      Tags opTags = tags.and("operation", Meters.tagValue(op));
      for (KmsOutcome out : OUTCOMES) {
        calls[op.ordinal()][out.ordinal()].register(registry, KMS_CALLS, opTags.and("outcome", Meters.tagValue(out)),
            "KMS calls ended, after the client's retries", null);
      }
      latency[op.ordinal()].register(registry, "cirrus.crypto.kms.latency", opTags, "KMS calls and their time");
    }
    Tags enc = tags.and("direction", "encrypt");
    Tags dec = tags.and("direction", "decrypt");
    encrypted.register(registry, "cirrus.crypto.messages", enc, "whole messages encrypted", null);
    decrypted.register(registry, "cirrus.crypto.messages", dec, "whole messages decrypted and authenticated", null);
    encryptedBytes.register(registry, "cirrus.crypto.bytes", enc, "plaintext bytes of those messages", "bytes");
    decryptedBytes.register(registry, "cirrus.crypto.bytes", dec, "plaintext bytes of those messages", "bytes");
  }

  @Override
  public String toString() {
    return "CryptoMetrics{name=" + name + ", messages encrypted=" + encrypted.sum() + ", decrypted="
        + decrypted.sum() + "}";
  }
}
