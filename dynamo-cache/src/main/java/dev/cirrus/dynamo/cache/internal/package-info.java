/** Implementation of the item cache; not API. */
package dev.cirrus.dynamo.cache.internal;
