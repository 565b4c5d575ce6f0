package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Hex;

/** {@code mtlab ctr}: the NIST vector, Bouncy Castle's CTR as an oracle, the counter wrap. */
class CtrCommandTest {
  private static final String NIST_KEY =
      "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
  private static final String NIST_IV = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

  /** NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt), all four blocks; and F.5.6 back. */
  @Test
  void nistVector_bothWays() {
    String plain =
        "6bc1bee22e409f96e93d7e117393172a"
            + "ae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52ef"
            + "f69f2445df4f9b17ad2b417be66c3710";
    String cipher =
        "601ec313775789a5b7a7f504bbf3d228"
            + "f443e3ca4d62b59aca84e990cacaf5c5"
            + "2b0930daa23de94ce87017ba2d84988d"
            + "dfc9c58db67aada613c2dd08457941a6";
    assertThat(
            Cli.runWithInput(plain + "\n", "ctr", "--hex", "--key", NIST_KEY, "--iv", NIST_IV)
                .assertOk()
                .stdout())
        .isEqualTo(cipher + "\n");
    assertThat(
            Cli.run("ctr", "--json", "--key", NIST_KEY, "--iv", NIST_IV)
                .assertOk()
                .json()
                .get("output")
                .getAsString())
        .isEmpty();
    Cli.Result back =
        Cli.runWithInput(Hex.decode(cipher), "ctr", "--json", "--key", NIST_KEY, "--iv", NIST_IV)
            .assertOk();
    assertThat(back.json().get("output").getAsString()).isEqualTo(plain);
  }

  /** Odd lengths and a counter that wraps past 2^128 - 1, against Bouncy Castle's SIC. */
  @Test
  void anyLength_andTheCounterWrap_matchBouncyCastle() {
    SplittableRandom random = new SplittableRandom(0xC7L);
    for (int len : new int[] {1, 15, 17, 31, 100, 1000}) {
      byte[] key = new byte[32];
      byte[] iv = new byte[16];
      byte[] data = new byte[len];
      random.nextBytes(key);
      random.nextBytes(data);
      java.util.Arrays.fill(iv, (byte) 0xff); // all ones: the second block's counter is 0
      iv[15] = (byte) 0xfe;
      byte[] expected = new byte[len];
      CTRModeCipher bc = SICBlockCipher.newInstance(AESEngine.newInstance());
      bc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
      bc.processBytes(data, 0, len, expected, 0);

      Cli.Result r =
          Cli.runWithInput(data, "ctr", "--key", Hex.encode(key), "--iv", Hex.encode(iv))
              .assertOk();
      assertThat(r.stdoutBytes()).as("length %d", len).isEqualTo(expected);
    }
  }

  @Test
  void wrongIvLength_exit2_namingTheOption() {
    Cli.runWithInput(
            "00".getBytes(StandardCharsets.US_ASCII),
            "ctr",
            "--key",
            NIST_KEY,
            "--iv",
            NIST_IV + "00")
        .assertUsageError("--iv");
  }
}
