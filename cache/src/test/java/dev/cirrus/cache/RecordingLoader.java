package dev.cirrus.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loader that hands out a new {@link TestSecret} per call and remembers each. */
final class RecordingLoader implements SecretLoader<String, TestSecret> {
  final Ticker ticker;
  final AtomicInteger calls = new AtomicInteger();
  final List<TestSecret> loaded = new CopyOnWriteArrayList<>();

  RecordingLoader(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public TestSecret load(String key) {
    TestSecret secret = new TestSecret(key, calls.incrementAndGet(), ticker.read());
    loaded.add(secret);
    return secret;
  }
}
