package org.mtlab.examples;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.ChatMessage;
import org.mtlab.e2e.ChatOutcome;
import org.mtlab.e2e.ChatRole;
import org.mtlab.e2e.DhConfig;
import org.mtlab.e2e.ExchangeInitiator;
import org.mtlab.e2e.ExchangeResponder;
import org.mtlab.e2e.SecretChat;

/**
 * A secret chat between two devices: the end-to-end key exchange (g_a, g_b, the fingerprint check),
 * the key visualization both users compare, and one message. Run it with {@code java -cp
 * examples/target/mtlab.jar org.mtlab.examples.SecretChatExample}.
 */
public final class SecretChatExample {
  private SecretChatExample() {}

  /** Prints the key picture's hex and what bob read. */
  public static void main(String[] args) throws CheckFailedException {
    System.out.println(run("only the two of us can read this"));
  }

  /**
   * alice starts a chat with bob and sends {@code text}; returns the key picture's hex (the same on
   * both phones) and what bob's phone read.
   */
  public static List<String> run(String text) throws CheckFailedException {
    SecureRandom random = new SecureRandom();
    InstantSource clock = InstantSource.system();
    DhConfig config = DhConfig.telegram(); // what the server would hand out

    ExchangeInitiator alice = ExchangeInitiator.start(config, random); // g_a
    ExchangeResponder.Accepted bob = ExchangeResponder.accept(config, alice.request(), random);
    ChatKey aliceKey = alice.complete(bob.reply()); // checks g_b and bob's fingerprint

    SecretChat a = SecretChat.create(ChatRole.ORIGINATOR, aliceKey, alice.group(), random, clock);
    SecretChat b = SecretChat.create(ChatRole.RESPONDER, bob.key(), bob.group(), random, clock);
    try {
      if (!a.visualization().equals(b.visualization())) {
        throw new IllegalStateException("the key pictures differ: a man in the middle");
      }
      byte[] wire = a.seal(text); // what the server relays and stores, opaque to it
      ChatOutcome got = b.open(wire);
      String read =
          got instanceof ChatOutcome.Delivered d
                  && d.messages().get(0) instanceof ChatMessage.Text t
              ? t.text()
              : got.toString();
      return List.of(a.visualization().toText(), read);
    } finally {
      a.destroy();
      b.destroy();
    }
  }
}
