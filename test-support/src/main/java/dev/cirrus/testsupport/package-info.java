/**
 * Test harness for Cirrus: starts a real AWS-compatible server (moto) on loopback, builds real AWS SDK v2
 * clients against it, and injects throttling and faults at the HTTP level with {@link
 * dev.cirrus.testsupport.FaultProxy}.
 *
 * <p>Entry point: {@link dev.cirrus.testsupport.LocalAws}, a JUnit 5 extension. Not published; test scope only.
 */
package dev.cirrus.testsupport;
