package dev.cirrus.crypto;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory branch key source for tests: fixed keys per (id, version), a settable active version, call
 * counters per operation and key, an optional gate that holds loads until opened, an "unavailable" switch,
 * and a record of every materials object handed out (to check that the keyring destroys them).
 */
final class StaticBranchKeySource implements BranchKeySource {
  private final Map<String, Map<String, byte[]>> keys = new ConcurrentHashMap<>();
  private final Map<String, String> active = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<BranchKeyMaterials> handedOut = new CopyOnWriteArrayList<>();
  private final AtomicInteger asyncCalls = new AtomicInteger();
  private volatile boolean unavailable;
  private volatile CountDownLatch gate;
  private volatile Executor asyncExecutor;

  /** A source holding one key whose bytes come from {@code seed}, active. */
  static StaticBranchKeySource withKey(String id, String version, long seed) {
    StaticBranchKeySource s = new StaticBranchKeySource();
    s.addVersion(id, version, seed);
    s.activate(id, version);
    return s;
  }

  StaticBranchKeySource addVersion(String id, String version, long seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return addVersion(id, version, k);
  }

  StaticBranchKeySource addVersion(String id, String version, byte[] key) {
    keys.computeIfAbsent(id, x -> new ConcurrentHashMap<>()).put(version, key.clone());
    return this;
  }

  StaticBranchKeySource activate(String id, String version) {
    active.put(id, version);
    return this;
  }

  void unavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** Holds every load until {@link #open()}. */
  void closeGate() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** Runs the async methods on {@code executor} (by default they run on the calling thread). */
  void asyncOn(Executor executor) {
    this.asyncExecutor = executor;
  }

  /** Calls of {@link #activeBranchKey} (sync or async) for {@code id}. */
  int activeCalls(String id) {
    return count("active/" + id);
  }

  /** Calls of {@link #branchKeyVersion} (sync or async) for (id, version). */
  int versionCalls(String id, String version) {
    return count("version/" + id + "/" + version);
  }

  int asyncCalls() {
    return asyncCalls.get();
  }

  int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private int count(String k) {
    AtomicInteger c = calls.get(k);
    return c == null ? 0 : c.get();
  }

  @Override
  public String logicalKeyStoreName() {
    return "static-test-store";
  }

  @Override
  public BranchKeyMaterials activeBranchKey(String branchKeyId) {
    calls.computeIfAbsent("active/" + branchKeyId, x -> new AtomicInteger()).incrementAndGet();
    await(branchKeyId, null);
    String v = active.get(branchKeyId);
    if (v == null) {
      throw new BranchKeyException(BranchKeyException.Reason.NOT_FOUND, branchKeyId, null, "no active version", null);
    }
    return materials(branchKeyId, v);
  }

  @Override
  public BranchKeyMaterials branchKeyVersion(String branchKeyId, String version) {
    calls.computeIfAbsent("version/" + branchKeyId + "/" + version, x -> new AtomicInteger()).incrementAndGet();
    await(branchKeyId, version);
    return materials(branchKeyId, version);
  }

  @Override
  public CompletableFuture<BranchKeyMaterials> activeBranchKeyAsync(String branchKeyId) {
    asyncCalls.incrementAndGet();
    Executor e = asyncExecutor;
    return e == null
        ? BranchKeySource.super.activeBranchKeyAsync(branchKeyId)
        : CompletableFuture.supplyAsync(() -> activeBranchKey(branchKeyId), e);
  }

  @Override
  public CompletableFuture<BranchKeyMaterials> branchKeyVersionAsync(String branchKeyId, String version) {
    asyncCalls.incrementAndGet();
    Executor e = asyncExecutor;
    return e == null
        ? BranchKeySource.super.branchKeyVersionAsync(branchKeyId, version)
        : CompletableFuture.supplyAsync(() -> branchKeyVersion(branchKeyId, version), e);
  }

  private void await(String id, String version) {
    if (unavailable) {
      throw new BranchKeyException(BranchKeyException.Reason.UNAVAILABLE, id, version, "store timed out", null);
    }
    CountDownLatch g = gate;
    if (g != null) {
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private BranchKeyMaterials materials(String id, String version) {
    Map<String, byte[]> versions = keys.get(id);
    byte[] k = versions == null ? null : versions.get(version);
    if (k == null) {
      throw new BranchKeyException(BranchKeyException.Reason.NOT_FOUND, id, version, "no such item", null);
    }
    BranchKeyMaterials m = BranchKeyMaterials.of(id, version, Map.of("department", "test"), k);
    handedOut.add(m);
    return m;
  }
}
