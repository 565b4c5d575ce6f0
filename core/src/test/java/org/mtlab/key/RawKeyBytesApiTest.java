package org.mtlab.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.SecretAccess;

/**
 * docs/security.md (secrets stay in their types): no public signature in an exported package takes
 * or returns raw bytes that could be key material, unless
 *
 * <ol>
 *   <li>it takes the {@link SecretAccess} token (every deliberate crossing is greppable), or
 *   <li>it is a constructor or static factory of a key type ({@link Destroyable}): bytes go into
 *       the type, which then owns them, or
 *   <li>it is listed below, with the reason why its bytes are public data.
 * </ol>
 *
 * <p>"Raw bytes" means a {@code byte[]}, a {@link ByteBuffer} or a {@link MessageDigest} (a digest
 * fed with key bytes carries them) as a parameter or the result. The scan covers every public and
 * protected member of every public type in every package that {@code module-info.java} exports, so
 * a new method has to pass review here. The list names members as {@code Type#member} (a
 * constructor is {@code Type#<init>}) or whole types as {@code Type} when all their bytes are
 * public.
 */
class RawKeyBytesApiTest {

  /** The explicit exceptions: bytes that are public data. */
  private static final Map<String, String> PUBLIC_BYTES =
      Map.ofEntries(
          // org.mtlab.bytes: generic byte strings, no key semantics
          Map.entry("org.mtlab.bytes.Bytes", "immutable public byte string"),
          Map.entry("org.mtlab.bytes.Hex", "encoding"),
          Map.entry("org.mtlab.bytes.LittleEndian", "encoding"),
          Map.entry("org.mtlab.bytes.ConstantTime", "compares what the caller already holds"),
          // org.mtlab.crypto: the data a cipher transforms, never its key
          Map.entry("org.mtlab.crypto.IgeCipher#process", "plaintext/ciphertext"),
          Map.entry("org.mtlab.crypto.AesIge", "plaintext/ciphertext; keys are typed"),
          Map.entry("org.mtlab.crypto.AesCtr", "plaintext/ciphertext; keys are typed"),
          Map.entry("org.mtlab.crypto.IgeReference", "plaintext/ciphertext; keys are typed"),
          // org.mtlab.key
          Map.entry("org.mtlab.key.AuthKey#auxHashBytes", "auth_key_aux_hash: sent as retry_id"),
          Map.entry("org.mtlab.key.AuthKeyId", "auth_key_id: on the wire in every frame"),
          // org.mtlab.kdf: msg_key is public (bytes 8..24 of every frame)
          Map.entry("org.mtlab.kdf.MsgKey", "msg_key: on the wire in every frame"),
          Map.entry("org.mtlab.kdf.MessageKdf#msgKeyInto", "writes msg_key (public)"),
          Map.entry(
              "org.mtlab.kdf.MessageKdf#msgKeyLargeInto",
              "msg_key_large: its bytes feed msg_key and the quick ack, both public"),
          Map.entry("org.mtlab.kdf.MessageKdf#msgKeyReference", "plaintext in, msg_key out"),
          Map.entry("org.mtlab.kdf.LegacyMessageKdf", "plaintext in, msg_key out; keys are typed"),
          Map.entry(
              "org.mtlab.kdf.HandshakeKdf#tmpAesKeyIv",
              "server_nonce in (sent in clear in resPQ); new_nonce is a NewNonce"),
          Map.entry(
              "org.mtlab.kdf.HandshakeKdf#serverSalt",
              "server_nonce in (sent in clear in resPQ); new_nonce is a NewNonce"),
          // org.mtlab.wire: ids and salts in wire order
          Map.entry("org.mtlab.wire.MessageId", "wire encoding"),
          Map.entry("org.mtlab.wire.ServerSalt", "wire encoding"),
          Map.entry("org.mtlab.wire.SessionId", "wire encoding"),
          // org.mtlab.tl: serialized TL
          Map.entry("org.mtlab.tl.TlReader", "TL input"),
          Map.entry("org.mtlab.tl.TlWriter", "TL output"),
          Map.entry("org.mtlab.tl.ServiceMessage", "TL input"),
          Map.entry("org.mtlab.tl.UnencryptedMessage", "handshake frames are unencrypted"),
          // org.mtlab.message: frames and plaintexts on caller buffers
          Map.entry("org.mtlab.message.MessageSealer", "message data in, frame out"),
          Map.entry("org.mtlab.message.MessageOpener", "frame in, message out"),
          Map.entry("org.mtlab.message.InnerMessage", "the plaintext layout"),
          Map.entry("org.mtlab.message.EncryptedFrame", "the frame layout"),
          Map.entry("org.mtlab.message.Session#receive", "frame in"),
          Map.entry("org.mtlab.message.ClientSession#receive", "frame in"),
          Map.entry("org.mtlab.message.ServerSession#receive", "frame in"),
          // org.mtlab.transport: bytes on the socket, already MTProto ciphertext or obfuscated
          Map.entry("org.mtlab.transport.FrameDecoder", "transport frames from the socket"),
          Map.entry("org.mtlab.transport.FrameEncoder", "transport frames to the socket"),
          Map.entry("org.mtlab.transport.TransportCodec", "transport frames, both ways"),
          Map.entry("org.mtlab.transport.TransportDetector", "a connection's first bytes"),
          Map.entry("org.mtlab.transport.TransportEvent$Frame", "a frame's payload, as received"),
          Map.entry("org.mtlab.transport.Obfuscated2#encrypt", "stream data; the keys stay inside"),
          Map.entry("org.mtlab.transport.Obfuscated2#decrypt", "stream data; the keys stay inside"),
          Map.entry(
              "org.mtlab.transport.Obfuscated2#clientWithInit",
              "the 64-byte init, sent in the clear (obfuscation, not secrecy)"),
          Map.entry("org.mtlab.transport.Obfuscated2#server", "the client's init, as received"),
          Map.entry("org.mtlab.transport.Obfuscated2#isForbiddenStart", "the init's first words"),
          // org.mtlab.e2e: what the server relays, and the decrypted layout
          Map.entry("org.mtlab.e2e.SecretChat#open", "a wire message in (the server relays it)"),
          Map.entry("org.mtlab.e2e.SecretChat#seal", "a wire message out (the server relays it)"),
          Map.entry("org.mtlab.e2e.SecretChat#startRekey", "a wire message out"),
          Map.entry("org.mtlab.e2e.KeyFingerprint#fromWire", "key_fingerprint: on the wire"),
          Map.entry(
              "org.mtlab.e2e.DecryptedMessageLayer#parse", "the plaintext layout, as InnerMessage"),
          Map.entry(
              "org.mtlab.e2e.DecryptedMessageLayer#toByteArray",
              "the plaintext layout, as InnerMessage"),
          // org.mtlab.keystore: what every data centre stores in the clear
          Map.entry(
              "org.mtlab.keystore.SplitManifest#encode",
              "per-share commitments and the key-check value, kept by every data centre"),
          Map.entry("org.mtlab.keystore.SplitManifest#decode", "the manifest, as stored"),
          Map.entry(
              "org.mtlab.keystore.AtRestCipher#seal", "plaintext in, row out; the key is inside"),
          Map.entry(
              "org.mtlab.keystore.AtRestCipher#open", "row in, plaintext out; the key is inside"),
          Map.entry("org.mtlab.tl.HandshakeMessage#parse", "TL input"),
          Map.entry(
              "org.mtlab.tl.HandshakeMessage#toByteArray",
              "TL output (the inner data types hold new_nonce as a NewNonce)"),
          // org.mtlab.handshake: handshake packets are unencrypted frames
          Map.entry("org.mtlab.handshake.ClientHandshake#receivePacket", "frame in"),
          Map.entry("org.mtlab.handshake.ServerHandshake#receivePacket", "frame in"));

  /** Members seen by the scan that need the token (a positive control: the scan sees them). */
  private static final List<String> TOKEN_GATED =
      List.of(
          "org.mtlab.key.AuthKey#updateDigest",
          "org.mtlab.key.AuthKey#reveal",
          "org.mtlab.crypto.IgeCipher#rekey",
          "org.mtlab.kdf.MessageKdf#deriveInto",
          "org.mtlab.crypto.Aes256Key#reveal",
          "org.mtlab.crypto.IgeIv#reveal",
          "org.mtlab.key.NewNonce#reveal",
          "org.mtlab.handshake.RsaPad#encrypt",
          "org.mtlab.handshake.RsaPad#decrypt",
          "org.mtlab.handshake.RsaPad#decryptAndParse",
          "org.mtlab.handshake.RsaPad$Parser#parse");

  @Test
  void noPublicSignatureHandsOutRawKeyBytes() throws Exception {
    TreeSet<String> violations = new TreeSet<>();
    TreeSet<String> gated = new TreeSet<>();
    for (Class<?> type : exportedPublicTypes()) {
      for (Executable member : publicMembers(type)) {
        if (!movesRawBytes(member)) {
          continue;
        }
        String name = type.getName() + "#" + memberName(member);
        if (takesToken(member)) {
          gated.add(name);
        } else if (!isKeyTypeFactory(type, member) && !isListed(type, name)) {
          violations.add(name + signature(member));
        }
      }
    }
    assertThat(violations).as("public raw bytes outside the key types, not listed").isEmpty();
    assertThat(gated).containsAll(TOKEN_GATED);
  }

  /** The scan must see through the list: every listed type or member exists. */
  @Test
  void everyListedExceptionExists() throws Exception {
    for (String entry : new TreeSet<>(PUBLIC_BYTES.keySet())) {
      List<String> parts = Splitter.on('#').splitToList(entry);
      Class<?> type = Class.forName(parts.get(0));
      if (parts.size() == 2) {
        boolean found =
            Stream.of(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(parts.get(1)));
        assertThat(found).as(entry).isTrue();
      }
    }
  }

  private static boolean isListed(Class<?> type, String member) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (PUBLIC_BYTES.containsKey(t.getName())) {
        return true;
      }
    }
    return PUBLIC_BYTES.containsKey(member);
  }

  private static boolean isKeyTypeFactory(Class<?> type, Executable member) {
    if (!Destroyable.class.isAssignableFrom(type)) {
      return false;
    }
    if (!(member instanceof Method m)) {
      return true;
    }

    return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type;
  }

  private static boolean movesRawBytes(Executable member) {
    List<Class<?>> types = new ArrayList<>(List.of(member.getParameterTypes()));
    if (member instanceof Method method) {
      types.add(method.getReturnType());
    }
    return types.stream()
        .anyMatch(
            t ->
                t == byte[].class
                    || ByteBuffer.class.isAssignableFrom(t)
                    || MessageDigest.class.isAssignableFrom(t));
  }

  private static boolean takesToken(Executable member) {
    return List.of(member.getParameterTypes()).contains(SecretAccess.class);
  }

  private static String memberName(Executable member) {
    return member instanceof Method ? member.getName() : "<init>";
  }

  private static String signature(Executable member) {
    StringBuilder s = new StringBuilder("(");
    for (Class<?> p : member.getParameterTypes()) {
      s.append(s.length() > 1 ? ", " : "").append(p.getSimpleName());
    }
    return s.append(")").toString();
  }

  private static List<Executable> publicMembers(Class<?> type) {
    List<Executable> out = new ArrayList<>();
    Stream.concat(Stream.of(type.getDeclaredMethods()), Stream.of(type.getDeclaredConstructors()))
        .filter(m -> !m.isSynthetic())
        .filter(m -> Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()))
        .forEach(out::add);
    return out;
  }

  /** Public top-level and nested types of every exported package. */
  static List<Class<?>> exportedPublicTypes() throws IOException, ClassNotFoundException {
    String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
    Matcher m = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;").matcher(moduleInfo);
    Path classes = Path.of("target/classes");
    List<Class<?>> out = new ArrayList<>();
    int packages = 0;
    while (m.find()) {
      packages++;
      Path dir = classes.resolve(m.group(1).replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String file = f.getFileName().toString();
          if (!file.endsWith(".class") || file.equals("package-info.class")) {
            continue;
          }
          Class<?> c = Class.forName(m.group(1) + "." + file.substring(0, file.length() - 6));
          if (isPublicAllTheWay(c)) {
            out.add(c);
          }
        }
      }
    }
    assertThat(packages).as("exported packages found").isGreaterThanOrEqualTo(9);
    return out;
  }

  private static boolean isPublicAllTheWay(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass()) {
        return false;
      }
    }
    return true;
  }
}
