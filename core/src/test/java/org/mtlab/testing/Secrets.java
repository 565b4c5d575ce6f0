package org.mtlab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mtlab.bytes.Hex;
import org.mtlab.internal.SecretBytes;

/**
 * Checks on how secret types keep their bytes: that a rendered string shows no piece of a secret,
 * and (by reflection, which works because the tests are patched into the org.mtlab.core module,
 * whose own classes may reflect on each other) that the array inside a {@link SecretBytes} is
 * zeroed by destroy.
 */
public final class Secrets {
  private Secrets() {}

  /**
   * Asserts that {@code text} contains no 8-byte window of {@code secret} as hex, in lower or upper
   * case (so no 16-digit run of the secret's hex appears).
   */
  public static void assertNoHexWindow(String text, byte[] secret) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i + 8 <= secret.length; i++) {
      String window = Hex.encode(secret, i, 8);
      assertThat(lower)
          .as("rendered text must not contain the secret's bytes [%d, %d)", i, i + 8)
          .doesNotContain(window);
    }
  }

  /** The live array inside the (single) {@link SecretBytes} field of {@code owner}. */
  public static byte[] internalArray(Object owner) {
    List<Field> fields = new ArrayList<>();
    for (Field f : owner.getClass().getDeclaredFields()) {
      if (f.getType() == SecretBytes.class) {
        fields.add(f);
      }
    }
    assertThat(fields).as("SecretBytes fields of %s", owner.getClass()).hasSize(1);
    try {
      Field holder = fields.get(0);
      holder.setAccessible(true);
      SecretBytes secret = (SecretBytes) holder.get(owner);
      Field array = SecretBytes.class.getDeclaredField("bytes");
      array.setAccessible(true);
      return (byte[]) array.get(secret);
    } catch (ReflectiveOperationException e) {
      throw new LinkageError("cannot reach the secret array of " + owner.getClass(), e);
    }
  }
}
