/**
 * MTLab core: AES-256-IGE and CTR, MTProto 2.0 (and legacy 1.0) key derivation, encrypted messages
 * with every receiver check, and the auth-key handshake.
 *
 * <p>Packages, in reading order: {@link org.mtlab} (the failure vocabulary), {@code bytes}, {@code
 * crypto}, {@code key}, {@code kdf}, {@code wire}, {@code tl}, {@code message}, {@code handshake}.
 * {@code org.mtlab.internal} is not exported.
 */
module org.mtlab.core {
  requires org.bouncycastle.provider;
  requires com.google.common;
  // The world's data centres are JDBC databases (org.mtlab.keystore); drivers come from users.
  requires java.sql;
  // Optional: the fast IGE path's vector kernels (org.mtlab.internal.Simd), used only when the
  // JVM resolves this incubating module (--add-modules jdk.incubator.vector).
  requires static jdk.incubator.vector;

  exports org.mtlab;
  exports org.mtlab.bytes;
  exports org.mtlab.crypto;
  exports org.mtlab.key;
  exports org.mtlab.kdf;
  exports org.mtlab.wire;
  exports org.mtlab.tl;
  exports org.mtlab.message;
  exports org.mtlab.handshake;
  exports org.mtlab.transport;
  exports org.mtlab.e2e;
  exports org.mtlab.keystore;
}
