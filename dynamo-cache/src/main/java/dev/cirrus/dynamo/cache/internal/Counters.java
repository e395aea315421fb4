package dev.cirrus.dynamo.cache.internal;

import java.util.concurrent.atomic.LongAdder;

/** The cache's counters; LongAdder, so the hit path contends on nothing. */
final class Counters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder passThroughs = new LongAdder();
  final LongAdder queryHits = new LongAdder();
  final LongAdder queryMisses = new LongAdder();
}
