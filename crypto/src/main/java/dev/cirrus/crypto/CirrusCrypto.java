package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.ByteSource;
import dev.cirrus.crypto.internal.CryptoEvents;
import dev.cirrus.crypto.internal.DecryptHandshake;
import dev.cirrus.crypto.internal.EncryptingStream;
import dev.cirrus.crypto.internal.EncryptionChecks;
import dev.cirrus.crypto.internal.FrameWorkers;
import dev.cirrus.crypto.internal.Futures;
import dev.cirrus.crypto.internal.Jca;
import dev.cirrus.crypto.internal.JcaProviders;
import dev.cirrus.crypto.internal.KeyIds;
import dev.cirrus.crypto.internal.MessageCipher;
import dev.cirrus.crypto.internal.MessageCodec;
import dev.cirrus.crypto.internal.MessageHeader;
import dev.cirrus.crypto.internal.Ranges;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Encrypts and decrypts messages in the AWS Encryption SDK message format, so that the AWS Encryption
 * SDKs (Java, Python, JavaScript, C, CLI) can read what Cirrus writes and the reverse.
 *
 * <pre>{@code
 * CirrusCrypto crypto = CirrusCrypto.builder().keyring(KmsKeyring.builder()
 *     .kmsClient(kms).generatorKeyId(keyArn).build()).build();
 * byte[] message = crypto.encrypt(data, Map.of("tenant", "t-42")).ciphertext();
 * byte[] data2 = crypto.decrypt(message, Map.of("tenant", "t-42")).plaintext();
 * }</pre>
 *
 * <p>Encrypt writes message format 2 with suite {@code 0x0478} by default (or {@code 0x0578}), framed
 * with {@link Builder#frameLengthBytes(int)}. Decrypt reads both formats and both body types (framed
 * and non-framed), subject to the {@link CommitmentPolicy}. Every malformed, truncated, extended or
 * unauthentic message fails with the one opaque {@link InvalidCiphertextException}. A message none of
 * whose encrypted data keys decrypts fails with a {@link DataKeyDecryptionException} that names each key
 * and why: {@link NoDecryptableKeyException} (no key could decrypt it; never retryable) or {@link
 * KmsUnavailableException} (KMS unreachable or throttling; retryable). {@code byte[]} decrypt returns
 * nothing unless every check passed.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class CirrusCrypto {
  /** Default frame length, 65536 bytes: the measured choice (docs/design/crypto.md, "Default frame length"). */
  public static final int DEFAULT_FRAME_LENGTH_BYTES = 64 * 1024;
  /** Largest frame length Cirrus writes: 64 MiB. */
  public static final int MAX_FRAME_LENGTH_BYTES = 64 * 1024 * 1024;

  private final MaterialsManager materials;
  private final AlgorithmSuite suite;
  private final int frameLength;
  private final CommitmentPolicy policy;
  private final int maxEncryptedDataKeys;
  private final DecryptHandshake handshake;
  private final Jca jca;
  private final FrameWorkers workers;
  private final CryptoListener listener;

  private CirrusCrypto(Builder b, Jca jca) {
    this.jca = jca;
    this.listener = b.listener;
    this.materials = b.materials;
    this.suite = b.suite;
    this.frameLength = b.frameLength;
    this.policy = b.policy;
    this.maxEncryptedDataKeys = b.maxEncryptedDataKeys;
    this.workers = b.parallel.workers();
    this.handshake = new DecryptHandshake(
        b.materials, b.policy, b.maxHeaderBytes, b.maxEncryptedDataKeys, b.maxBufferedBytes, jca, workers);
  }

  /** Parses and checks headers and starts decrypting streams with this instance's bounds and policy. */
  DecryptHandshake handshake() {
    return handshake;
  }

  /** {@return a new builder with the default settings} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the algorithm suite this instance encrypts with} */
  public AlgorithmSuite algorithmSuite() {
    return suite;
  }

  /** {@return the plaintext bytes per frame written on encrypt} */
  public int frameLengthBytes() {
    return frameLength;
  }

  /** {@return the commitment policy applied on decrypt} */
  public CommitmentPolicy commitmentPolicy() {
    return policy;
  }

  /**
   * Which JCA providers serve AES-GCM, HMAC (HKDF) and ECDSA for this instance, with their versions, e.g.
   * {@code "AES-GCM, HMAC and ECDSA from AmazonCorrettoCryptoProvider 2.4.1"} or {@code "AES-GCM and HMAC
   * from SunJCE 17, ECDSA from SunEC 17"}. For information and logs; the format may change.
   *
   * @return the provider names and versions by algorithm family; never key material
   * @see Builder#provider(Provider, Provider...)
   */
  public String providerName() {
    return jca.description();
  }

  /**
   * Encrypts {@code plaintext} under a data key from the materials manager, binding {@code
   * encryptionContext}.
   *
   * @param plaintext the data; at most about 2 GiB including overhead (use a stream beyond)
   * @param encryptionContext non-secret key-value pairs bound to the message; keys MUST NOT start with
   *     {@code aws-crypto-}
   * @return the message and the context and key ids used
   * @throws IllegalArgumentException if a context key is reserved, the serialized context exceeds 65535
   *     bytes, or the message would exceed 2 GiB
   * @throws KmsOperationException if KMS failed
   */
  public EncryptResult encrypt(byte[] plaintext, Map<String, String> encryptionContext) {
    Objects.requireNonNull(plaintext, "plaintext");
    EncryptionChecks.checkContext(encryptionContext);
    return encryptWith(materials.encryptionMaterials(suite, encryptionContext, plaintext.length), plaintext);
  }

  /**
   * Asynchronous {@link #encrypt}: materials come from the manager's async path (KMS async client).
   * Invalid arguments and failures are reported through the returned future, not thrown.
   *
   * @param plaintext the data, as for {@link #encrypt}
   * @param encryptionContext non-secret key-value pairs bound to the message, as for {@link #encrypt}
   * @return a future of the message and the context and key ids used, completed exceptionally with the
   *     exceptions {@link #encrypt} would throw
   */
  public CompletableFuture<EncryptResult> encryptAsync(byte[] plaintext, Map<String, String> encryptionContext) {
    try {
      Objects.requireNonNull(plaintext, "plaintext");
      EncryptionChecks.checkContext(encryptionContext);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return Futures.finish(
        materials.encryptionMaterialsAsync(suite, encryptionContext, plaintext.length),
        m -> encryptWith(m, plaintext),
        m -> m.dataKey().destroy());
  }

  private EncryptResult encryptWith(EncryptionMaterials m, byte[] plaintext) {
    try {
      EncryptionChecks.checkMaterials(m, suite, maxEncryptedDataKeys);
      byte[] ct = MessageCodec.encrypt(jca, m, frameLength, plaintext, 0, plaintext.length, workers);
      CryptoEvents.encrypted(listener, plaintext.length);
      return new EncryptResult(ct, m.suite(), m.encryptionContext(), KeyIds.keyIds(m.encryptedDataKeys()));
    } finally {
      m.dataKey().destroy();
    }
  }

  /**
   * Returns a stream that encrypts everything written to it into one message on {@code out}. Data keys
   * are fetched now, so a KMS failure throws here and nothing is written. The stream holds one frame;
   * the caller MUST close it to write the final frame (and the signature), which also closes {@code out}.
   * Streams of unknown length bypass data-key caching (see {@link CachingMaterialsManager}).
   *
   * @param out the stream the message is written to; closed when the returned stream is closed
   * @param encryptionContext non-secret key-value pairs bound to the message; keys MUST NOT start with
   *     {@code aws-crypto-}
   * @return a stream that encrypts what is written to it; the caller MUST close it
   * @throws IllegalArgumentException if a context key is reserved
   * @throws KmsOperationException if KMS failed
   */
  public OutputStream encryptingStream(OutputStream out, Map<String, String> encryptionContext) {
    return encryptingStream(out, encryptionContext, -1);
  }

  /**
   * Like {@link #encryptingStream(OutputStream, Map)} for a plaintext of exactly {@code
   * plaintextLengthBytes} bytes, which lets a caching materials manager account for it. Writing more, or
   * closing after fewer, throws {@link IllegalStateException} and leaves an incomplete message.
   *
   * @param out the stream the message is written to; closed when the returned stream is closed
   * @param encryptionContext non-secret key-value pairs bound to the message; keys MUST NOT start with
   *     {@code aws-crypto-}
   * @param plaintextLengthBytes the exact plaintext length in bytes, or -1 if unknown
   * @return a stream that encrypts what is written to it; the caller MUST close it
   * @throws IllegalArgumentException if {@code plaintextLengthBytes} is below -1, if it needs more than
   *     4294967295 frames at the frame length, or if a context key is reserved
   * @throws KmsOperationException if KMS failed
   */
  public OutputStream encryptingStream(
      OutputStream out, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    Objects.requireNonNull(out, "out");
    EncryptionChecks.checkContext(encryptionContext);
    EncryptionChecks.checkStreamLength(plaintextLengthBytes, frameLength);
    EncryptionMaterials m = materials.encryptionMaterials(suite, encryptionContext, plaintextLengthBytes);
    try {
      EncryptionChecks.checkMaterials(m, suite, maxEncryptedDataKeys);
      return new EncryptingStream(jca, out, m, frameLength, plaintextLengthBytes, workers);
    } catch (RuntimeException e) {
      m.dataKey().destroy();
      throw e;
    }
  }

  /**
   * Decrypts a whole message.
   *
   * @param ciphertext the whole message
   * @return the plaintext, context and key id
   * @throws InvalidCiphertextException if the message is malformed, truncated, extended or unauthentic
   * @throws NoDecryptableKeyException if no key could decrypt any of its encrypted data keys
   * @throws KmsUnavailableException if none decrypted and KMS was unreachable or throttling for one
   * @throws CommitmentPolicyException if the message uses a suite the commitment policy forbids
   */
  public DecryptResult decrypt(byte[] ciphertext) {
    return decrypt(ciphertext, Map.of());
  }

  /**
   * Decrypts a whole message and requires that its encryption context contains every entry of {@code
   * requiredContext} (a mismatch is an {@link InvalidCiphertextException}, like any wrong context).
   *
   * @param ciphertext the whole message
   * @param requiredContext entries the message's encryption context must contain; may be empty
   * @return the plaintext, context and key id
   * @throws InvalidCiphertextException if the message is malformed, truncated, extended, unauthentic or
   *     lacks a required context entry
   * @throws NoDecryptableKeyException if no key could decrypt any of its encrypted data keys
   * @throws KmsUnavailableException if none decrypted and KMS was unreachable or throttling for one
   * @throws CommitmentPolicyException if the message uses a suite the commitment policy forbids
   * @see #decrypt(byte[])
   */
  public DecryptResult decrypt(byte[] ciphertext, Map<String, String> requiredContext) {
    ByteSource.ArraySource src = ByteSource.of(Objects.requireNonNull(ciphertext, "ciphertext"), 0, ciphertext.length);
    MessageHeader h = handshake.parseHeader(src, Objects.requireNonNull(requiredContext, "requiredContext"));
    return finishDecrypt(h, ciphertext, src.position(),
        materials.decryptionMaterials(h.suite(), h.encryptionContext(), h.encryptedDataKeys()));
  }

  /**
   * Asynchronous {@link #decrypt(byte[], Map)}: materials come from the manager's async path. Failures,
   * including a malformed header, are reported through the returned future, not thrown.
   *
   * @param ciphertext the whole message
   * @param requiredContext entries the message's encryption context must contain; may be empty
   * @return a future of the plaintext, context and key id, completed exceptionally with the exceptions
   *     {@link #decrypt(byte[], Map)} would throw
   */
  public CompletableFuture<DecryptResult> decryptAsync(byte[] ciphertext, Map<String, String> requiredContext) {
    MessageHeader h;
    ByteSource.ArraySource src;
    try {
      src = ByteSource.of(Objects.requireNonNull(ciphertext, "ciphertext"), 0, ciphertext.length);
      h = handshake.parseHeader(src, Objects.requireNonNull(requiredContext, "requiredContext"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    int bodyStart = src.position();
    return Futures.finish(
        materials.decryptionMaterialsAsync(h.suite(), h.encryptionContext(), h.encryptedDataKeys()),
        dm -> finishDecrypt(h, ciphertext, bodyStart, dm),
        DecryptionMaterials::destroyDataKey);
  }

  private DecryptResult finishDecrypt(MessageHeader h, byte[] msg, int bodyStart, DecryptionMaterials dm) {
    try {
      MessageCipher mc = MessageCipher.forDecrypt(h, dm.dataKey(), jca, jca.gcm());
      byte[] pt = MessageCodec.decryptBody(h, mc, msg, bodyStart, msg.length, dm.verificationKey(), workers);
      CryptoEvents.decrypted(listener, pt.length);
      return new DecryptResult(pt, h.suite(), h.encryptionContext(), dm.keyId());
    } finally {
      dm.destroyDataKey();
    }
  }

  /**
   * Returns a stream of the plaintext of the message read from {@code in}, holding one frame in memory.
   * Plaintext of signed messages is released as {@link PlaintextRelease#FRAME_VERIFIED} says; no
   * encryption context entries are required.
   *
   * @param in the stream the message is read from
   * @return a stream of the plaintext
   * @see DecryptingInputStream
   */
  public DecryptingInputStream decryptingStream(InputStream in) {
    return decryptingStream(in, Map.of(), PlaintextRelease.FRAME_VERIFIED);
  }

  /**
   * Returns a stream of the plaintext of the message read from {@code in}, requiring {@code
   * requiredContext} entries and releasing signed plaintext as {@code release} says.
   *
   * @param in the stream the message is read from
   * @param requiredContext entries the message's encryption context must contain; may be empty
   * @param release when plaintext of a signed message is released to the reader
   * @return a stream of the plaintext
   * @see DecryptingInputStream
   */
  public DecryptingInputStream decryptingStream(
      InputStream in, Map<String, String> requiredContext, PlaintextRelease release) {
    return new DecryptingInputStream(
        this,
        in,
        Map.copyOf(Objects.requireNonNull(requiredContext, "requiredContext")),
        Objects.requireNonNull(release, "release"));
  }

  /** Builds {@link CirrusCrypto}. Not thread-safe; {@code build()} snapshots the settings. */
  public static final class Builder {
    private MaterialsManager materials;
    private AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    private int frameLength = DEFAULT_FRAME_LENGTH_BYTES;
    private CommitmentPolicy policy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
    private int maxEncryptedDataKeys = 0xFFFF;
    private int maxHeaderBytes = 1024 * 1024;
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private List<Provider> providers;
    private ParallelFrames parallel = ParallelFrames.off();
    private CryptoListener listener;

    private Builder() {}

    /**
     * A listener told of each message {@code encrypt}, {@code decrypt} and their async forms make, with its
     * plaintext size (streams are not reported). By default none. KMS calls: {@link KmsKeyring.Builder#listener}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(CryptoListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The keyring, wrapped in the default materials manager. This or {@link #materialsManager} is required;
     * the last one set wins.
     *
     * @param keyring the keyring
     * @return this builder
     * @throws IllegalStateException if the system property {@code cirrus.crypto.provider} is invalid (see
     *     {@link #provider}): the default materials manager makes its provider choice now
     */
    public Builder keyring(Keyring keyring) {
      this.materials = MaterialsManager.of(Objects.requireNonNull(keyring, "keyring"));
      return this;
    }

    /**
     * The materials manager (e.g. a {@link CachingMaterialsManager}). This or {@link #keyring} is
     * required; the last one set wins.
     *
     * @param materialsManager the materials manager
     * @return this builder
     */
    public Builder materialsManager(MaterialsManager materialsManager) {
      this.materials = Objects.requireNonNull(materialsManager, "materialsManager");
      return this;
    }

    /**
     * The suite to encrypt with. By default {@code 0x0478}.
     *
     * @param suite a committing suite
     * @return this builder
     * @throws IllegalArgumentException if the suite is not committing (Cirrus never writes those)
     */
    public Builder algorithmSuite(AlgorithmSuite suite) {
      Objects.requireNonNull(suite, "suite");
      if (!suite.isCommitting()) {
        throw new IllegalArgumentException(
            "algorithmSuite must be a committing suite (0x0478 or 0x0578), was " + AlgorithmSuite.hex(suite.id()));
      }
      this.suite = suite;
      return this;
    }

    /**
     * The plaintext bytes per frame, also the unit a decrypting stream releases and (twice) the memory an
     * open stream holds. By default {@link #DEFAULT_FRAME_LENGTH_BYTES} (64 KiB); 4096, the ESDKs' default,
     * suits callers holding many streams open or streaming to latency-sensitive readers.
     *
     * @param frameLengthBytes the frame length in bytes
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 67108864
     */
    public Builder frameLengthBytes(int frameLengthBytes) {
      this.frameLength = (int) Ranges.between("frameLengthBytes", frameLengthBytes, 1, MAX_FRAME_LENGTH_BYTES);
      return this;
    }

    /**
     * The commitment policy. By default {@link CommitmentPolicy#REQUIRE_ENCRYPT_REQUIRE_DECRYPT}.
     *
     * @param policy the commitment policy
     * @return this builder
     */
    public Builder commitmentPolicy(CommitmentPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The most encrypted data keys a message may carry, on encrypt and decrypt. By default 65535 (the
     * format's limit). Lower it when decrypting untrusted messages with KMS keyrings: each key may cost a
     * KMS call.
     *
     * @param maxEncryptedDataKeys the most encrypted data keys per message
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 65535
     */
    public Builder maxEncryptedDataKeys(int maxEncryptedDataKeys) {
      this.maxEncryptedDataKeys = (int) Ranges.between("maxEncryptedDataKeys", maxEncryptedDataKeys, 1, 0xFFFF);
      return this;
    }

    /**
     * The largest message header decrypt accepts, bounding memory before authentication. By default 1
     * MiB.
     *
     * @param maxHeaderBytes the largest accepted header, in bytes
     * @return this builder
     * @throws IllegalArgumentException if not between 1024 and 268435456
     */
    public Builder maxHeaderBytes(int maxHeaderBytes) {
      this.maxHeaderBytes = (int) Ranges.between("maxHeaderBytes", maxHeaderBytes, 1024, 256 * 1024 * 1024);
      return this;
    }

    /**
     * The most plaintext a decrypting stream buffers: one frame normally; the whole body for non-framed
     * messages and for {@link PlaintextRelease#SIGNATURE_VERIFIED}. By default 64 MiB.
     *
     * @param maxBufferedBytes the most plaintext bytes a decrypting stream buffers
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 2147483000
     */
    public Builder maxBufferedBytes(long maxBufferedBytes) {
      this.maxBufferedBytes = Ranges.between("maxBufferedBytes", maxBufferedBytes, 1, 2_147_483_000L);
      return this;
    }

    /**
     * Whether frames of large messages and of streams are encrypted and decrypted on several threads. By
     * default {@link ParallelFrames#off()}; see {@link ParallelFrames} for the contract and memory.
     *
     * @param parallelFrames the setting
     * @return this builder
     */
    public Builder parallelFrames(ParallelFrames parallelFrames) {
      this.parallel = Objects.requireNonNull(parallelFrames, "parallelFrames");
      return this;
    }

    /**
     * The JCA providers for AES-GCM, HMAC (HKDF) and ECDSA, in preference order. Each family ({@code
     * AES/GCM/NoPadding}; {@code HmacSHA256/384/512}; {@code SHA384withECDSA}) comes whole from the first
     * listed provider that offers all of it, never from one not listed: a FIPS provider given alone is the
     * only one used. The JDK needs two: {@code provider(Security.getProvider("SunJCE"),
     * Security.getProvider("SunEC"))}. By default: the Amazon Corretto Crypto Provider (ACCP) if it is on
     * the class path (on the module path: in the module graph) and healthy, else the JDK's installed
     * providers; an unhealthy ACCP is reported once per JVM at WARN. The system property {@code
     * cirrus.crypto.provider} changes the default only: {@code auto} (unset), {@code jdk} (the JDK's
     * providers; ACCP is not loaded) or {@code accp} (ACCP required). One INFO line per JVM and choice
     * names the providers ({@link CirrusCrypto#providerName()}). Keyrings and the default materials
     * manager (raw AES key wrapping, signing key generation) are built apart from this instance and use the
     * default choice; message ids and IVs come from the JDK's DRBG. The last call wins.
     *
     * @param provider the preferred provider
     * @param more further providers, for the families {@code provider} lacks
     * @return this builder
     * @throws NullPointerException if {@code provider}, {@code more} or one of its elements is null
     */
    public Builder provider(Provider provider, Provider... more) {
      this.providers = JcaProviders.listOf(provider, more);
      return this;
    }

    /**
     * Builds the instance, obtaining one JCA object of every algorithm to check the providers.
     *
     * @return a new immutable {@link CirrusCrypto}
     * @throws IllegalStateException if neither a keyring nor a materials manager was set, or (default
     *     providers) {@code cirrus.crypto.provider} is unknown, or {@code accp} and ACCP unusable
     * @throws IllegalArgumentException if no provider given to {@link #provider} offers a family, naming
     *     each provider and the algorithm it lacks
     */
    public CirrusCrypto build() {
      if (materials == null) {
        throw new IllegalStateException("a keyring or a materialsManager is required");
      }
      return new CirrusCrypto(this, providers == null ? JcaProviders.defaults() : JcaProviders.of(providers));
    }
  }
}
