package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Secrets;

/**
 * What the derivations leave behind: a failed fast derivation leaves its reused digest clean, and
 * the paths that copy slices of auth_key out (the readable reference path and the legacy 1.0
 * derivation) zero those copies and their intermediate hashes before they return.
 */
class KdfHygieneTest {
  /** Key bytes 1, 2, ..., 255, 1: no zero byte, so a zeroed copy never looks like the key. */
  private static byte[] keyBytes() {
    byte[] k = new byte[AuthKey.LENGTH];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i == k.length - 1 ? 1 : i + 1);
    }
    return k;
  }

  @Test
  void aDerivationThatFailsOnADestroyedKeyLeavesTheInstanceDerivingCorrectly() {
    AuthKey live = AuthKey.copyOf(keyBytes());
    AuthKey dead = AuthKey.copyOf(keyBytes());
    dead.destroy();
    byte[] msgKey = new byte[16];
    java.util.Arrays.fill(msgKey, (byte) 7);
    byte[] expected = new byte[64];
    MessageKdf.create()
        .deriveInto(SecretAccess.explicitly(), live, Sender.CLIENT, msgKey, 0, expected, 0);

    MessageKdf kdf = MessageKdf.create();
    byte[] out = new byte[64];
    assertThatThrownBy(
            () -> kdf.deriveInto(SecretAccess.explicitly(), dead, Sender.CLIENT, msgKey, 0, out, 0))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThat(out).containsOnly((byte) 0);
    kdf.deriveInto(SecretAccess.explicitly(), live, Sender.CLIENT, msgKey, 0, out, 0);
    assertThat(out).isEqualTo(expected);
  }

  /** The fast path's two digest buffers hold key material only while a call runs. */
  @Test
  void theFastPathZeroesItsDigestBuffersAfterEachCall() {
    AuthKey key = AuthKey.copyOf(keyBytes());
    MessageKdf kdf = MessageKdf.create();
    byte[] msgKey = new byte[16];
    java.util.Arrays.fill(msgKey, (byte) 7);
    byte[] out = new byte[64];
    kdf.deriveInto(SecretAccess.explicitly(), key, Sender.SERVER, msgKey, 0, out, 0);
    assertThat(out).isNotEqualTo(new byte[64]);
    assertThat(kdf.a).containsOnly((byte) 0);
    assertThat(kdf.b).containsOnly((byte) 0);
    byte[] mk = new byte[16];
    kdf.msgKeyInto(key, Sender.CLIENT, new byte[48], 0, 48, mk, 0);
    assertThat(mk).isNotEqualTo(new byte[16]);
    assertThat(kdf.a).containsOnly((byte) 0);
  }

  @Test
  void theLegacyDerivationZeroesEveryCopyOfTheKeyItHashed() {
    AuthKey key = AuthKey.copyOf(keyBytes());
    MsgKey msgKey = MsgKey.copyOf(new byte[16]);
    List<byte[]> fed =
        recordDigestInputs(() -> LegacyMessageKdf.derive(key, msgKey, Sender.SERVER));
    assertLeftNoKeyBehind(fed, "SHA-1");
  }

  @Test
  void theReferenceDerivationZeroesEveryCopyOfTheKeyItHashed() {
    AuthKey key = AuthKey.copyOf(keyBytes());
    MsgKey msgKey = MsgKey.copyOf(new byte[16]);
    List<byte[]> fed =
        recordDigestInputs(() -> MessageKdf.deriveReference(key, msgKey, Sender.CLIENT));
    assertLeftNoKeyBehind(fed, "SHA-256");
  }

  @Test
  void theReferenceMsgKeyZeroesTheCopyOfTheKeyItHashed() {
    AuthKey key = AuthKey.copyOf(keyBytes());
    List<byte[]> fed =
        recordDigestInputs(() -> MessageKdf.msgKeyReference(key, Sender.SERVER, new byte[48]));
    assertLeftNoKeyBehind(fed, "SHA-256");
  }

  private static void assertLeftNoKeyBehind(List<byte[]> fed, String digest) {
    assertThat(fed).as("arrays fed to %s", digest).isNotEmpty();
    for (byte[] input : fed) {
      Secrets.assertNoHexWindow(org.mtlab.bytes.Hex.encode(input), keyBytes());
    }
  }

  // --- a digest provider that records what it is fed --------------------------------------

  private static final List<byte[]> FED = new ArrayList<>();

  /**
   * Runs {@code action} with a provider first in line for SHA-1 and SHA-256 whose digests record
   * every array they are fed (the array itself, not a copy: what is left in it after the call is
   * what the test inspects).
   */
  private static synchronized List<byte[]> recordDigestInputs(Supplier<?> action) {
    Provider spy = new Provider("MtlabDigestSpy", "1", "records digest inputs (test only)") {};
    spy.put("MessageDigest.SHA-1", Sha1Spy.class.getName());
    spy.put("MessageDigest.SHA-256", Sha256Spy.class.getName());
    FED.clear();
    Security.insertProviderAt(spy, 1);
    try {
      var unused = action.get();
    } finally {
      Security.removeProvider(spy.getName());
    }
    List<byte[]> fed = new ArrayList<>(FED);
    FED.clear();
    return fed;
  }

  /** Records its inputs and delegates to the JDK's own digest. */
  abstract static class RecordingSpi extends MessageDigestSpi {
    private final MessageDigest real;

    RecordingSpi(String algorithm) {
      try {
        real = MessageDigest.getInstance(algorithm, "SUN");
      } catch (GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    protected void engineUpdate(byte input) {
      real.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      FED.add(input);
      real.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      return real.digest();
    }

    @Override
    protected void engineReset() {
      real.reset();
    }

    @Override
    protected int engineGetDigestLength() {
      return real.getDigestLength();
    }
  }

  /** SHA-1 spy (public with a public constructor: the JCA instantiates it by name). */
  public static final class Sha1Spy extends RecordingSpi {
    public Sha1Spy() {
      super("SHA-1");
    }
  }

  /** SHA-256 spy. */
  public static final class Sha256Spy extends RecordingSpi {
    public Sha256Spy() {
      super("SHA-256");
    }
  }
}
