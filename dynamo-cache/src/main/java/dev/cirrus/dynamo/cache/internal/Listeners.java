package dev.cirrus.dynamo.cache.internal;

import dev.cirrus.dynamo.cache.ItemCacheListener;
import dev.cirrus.dynamo.cache.ItemRemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener; its exceptions are logged and dropped, never seen by the caller. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final ItemCacheListener listener;

  Listeners(ItemCacheListener listener) {
    this.listener = listener;
  }

  void loaded(ItemKey key, Entry e) {
    try {
      listener.onLoad(key.attributes(), e.isFound(), e.weight());
    } catch (RuntimeException ex) {
      LOG.warn("item cache listener failed in onLoad", ex);
    }
  }

  void loadFailed(ItemKey key, RuntimeException failure) {
    try {
      listener.onLoadFailure(key.attributes(), failure);
    } catch (RuntimeException ex) {
      LOG.warn("item cache listener failed in onLoadFailure", ex);
    }
  }

  void removed(ItemKey key, ItemRemovalCause cause) {
    try {
      listener.onRemoval(key.attributes(), cause);
    } catch (RuntimeException ex) {
      LOG.warn("item cache listener failed in onRemoval", ex);
    }
  }
}
