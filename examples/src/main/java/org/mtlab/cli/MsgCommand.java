package org.mtlab.cli;

import java.security.SecureRandom;
import java.time.Instant;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.message.EncryptedFrame;
import org.mtlab.message.InnerMessage;
import org.mtlab.message.MessageOpener;
import org.mtlab.message.MessageSealer;
import org.mtlab.message.SessionPolicy;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code mtlab msg seal|open}: one MTProto 2.0 encrypted message. */
@Command(
    name = "msg",
    mixinStandardHelpOptions = true,
    header = "Seal or open one MTProto 2.0 encrypted message.",
    description = {
      "frame = auth_key_id (8) + msg_key (16) + AES-256-IGE(salt, session_id, msg_id, seq_no,",
      "  length, data, "
          + MessageSealer.MIN_PADDING
          + ".."
          + MessageSealer.MAX_PADDING
          + " bytes of padding), with msg_key and the AES key and IV derived",
      "  from the auth key and x = 0 (client) or 8 (server)."
    },
    subcommands = {MsgCommand.Seal.class, MsgCommand.Open.class},
    footerHeading = "%nExample:%n",
    footer = {"  mtlab msg seal --help", "  mtlab msg open --help"})
public final class MsgCommand extends CliCommand {
  @Override
  public Integer call() {
    return missingSubcommand();
  }

  /** Options both subcommands share. */
  abstract static class KeyAndSender extends ValueCommand {
    @Mixin AuthKeyOption authKey;

    @Mixin SenderOption senderOption;
  }

  /** {@code mtlab msg seal}. */
  @Command(
      name = "seal",
      mixinStandardHelpOptions = true,
      header = "Encrypt one message into a frame.",
      description = {
        "Builds the inner message (salt, session_id, msg_id, seq_no, length, data), pads it",
        "with --padding or with "
            + MessageSealer.MIN_PADDING
            + ".."
            + MessageSealer.MAX_PADDING
            + " random bytes, and encrypts it. A client's msg_id must",
        "be 0 mod 4, a server's 1 or 3 mod 4, and its low 32 bits must not be zero.",
        "JSON keys: frame."
      },
      footerHeading = "%nExample (a ping from the client, with explicit padding):%n",
      footer = {
        "  mtlab msg seal --sender client --auth-key \"$(printf '%%02x' $(seq 0 255))\" \\",
        "    --salt 0102030405060708 --session-id 1112131415161718 \\",
        "    --msg-id 7454730071002965948 --seq-no 1 --data ec77be7ac10b3b3b59f0c95b \\",
        "    --padding 000102030405060708090a0b0c0d0e0f10111213"
      })
  public static final class Seal extends KeyAndSender {
    @Option(
        names = "--salt",
        required = true,
        paramLabel = "HEX",
        description = "The server salt: 8 bytes, as on the wire (little-endian).")
    String salt;

    @Option(
        names = "--session-id",
        required = true,
        paramLabel = "HEX",
        description = "The session id: 8 bytes, as on the wire (little-endian).")
    String sessionId;

    @Option(
        names = "--msg-id",
        required = true,
        paramLabel = "N",
        description = "The msg_id, decimal (unsigned 64-bit).")
    String msgId;

    @Option(
        names = "--seq-no",
        required = true,
        paramLabel = "N",
        description = "The seq_no, decimal (0..2147483647).")
    String seqNo;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "HEX",
        description = "The message data: a multiple of 4 bytes (a TL object).")
    String data;

    @Option(
        names = "--padding",
        paramLabel = "HEX",
        description =
            "Explicit padding: "
                + MessageSealer.MIN_PADDING
                + ".."
                + MessageSealer.MAX_PADDING
                + " bytes making the plaintext whole 16-byte blocks"
                + " (default: random).")
    String padding;

    @Override
    protected Report compute() {
      ServerSalt s = ServerSalt.fromWire(HexArg.exactly("--salt", salt, ServerSalt.LENGTH));
      SessionId session =
          SessionId.fromWire(HexArg.exactly("--session-id", sessionId, SessionId.LENGTH));
      MessageId id = new MessageId(Numbers.unsignedLong("--msg-id", msgId));
      Sender sender = senderOption.get();
      // The library's own rules decide; the CLI only names the option that broke one.
      try {
        MessageSealer.checkMsgId(sender, id);
      } catch (IllegalArgumentException e) {
        throw UsageException.of("--msg-id", e.getMessage());
      }
      int seq = Numbers.nonNegativeInt("--seq-no", seqNo);
      byte[] body = HexArg.any("--data", data);
      InnerMessage message;
      try {
        message = new InnerMessage(s, session, id, seq, Bytes.copyOf(body));
      } catch (IllegalArgumentException e) {
        throw UsageException.of("--data", e.getMessage());
      }
      AuthKey key = authKey.authKey();
      try {
        MessageSealer sealer = new MessageSealer(key, sender, new SecureRandom());
        byte[] frame;
        if (padding == null) {
          frame = sealer.seal(message);
        } else {
          byte[] pad = HexArg.any("--padding", padding);
          try {
            MessageSealer.frameLength(body.length, pad.length);
          } catch (IllegalArgumentException e) {
            throw UsageException.of("--padding", e.getMessage());
          }
          frame = sealer.seal(message, Bytes.copyOf(pad));
        }
        return new Report().hex("frame", frame);
      } finally {
        key.destroy();
      }
    }
  }

  /** {@code mtlab msg open}. */
  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      modelTransformer = Open.Window.class,
      header = "Decrypt and check one frame.",
      description = {
        "Runs every receiver check in the protocol's order: framing and auth_key_id, then",
        "decryption and the msg_key check over the whole plaintext, then length, padding",
        MessageSealer.MIN_PADDING
            + ".."
            + MessageSealer.MAX_PADDING
            + " and msg_id parity; with --now also the msg_id time window "
            + Open.WINDOW
            + ".",
        "A rejected frame exits with 3 and one line naming the check. No session or replay",
        "state is kept between runs.",
        "JSON keys: auth_key_id, msg_key, server_salt, session_id, msg_id, seq_no,",
        "message_data."
      },
      footerHeading = "%nExample (open what the msg seal example made):%n",
      footer = {
        "  mtlab msg open --sender client --auth-key \"$(printf '%%02x' $(seq 0 255))\" \\",
        "    --frame \"$(mtlab msg seal ... --json | jq -r .frame)\""
      })
  public static final class Open extends KeyAndSender {
    /** Where the help names the time window; {@link Window} writes the policy's figures. */
    static final String WINDOW = "(time window)";

    @Option(
        names = "--frame",
        required = true,
        paramLabel = "HEX",
        description = "The whole frame: auth_key_id + msg_key + ciphertext.")
    String frame;

    @Option(
        names = "--now",
        paramLabel = "EPOCH_SECONDS",
        description = "Current time in Unix seconds: turns on the msg_id time window.")
    String now;

    @Override
    protected Report compute() throws CheckFailedException {
      byte[] bytes = HexArg.any("--frame", frame);
      Instant instant =
          now == null ? null : Instant.ofEpochSecond(Numbers.epochSeconds("--now", now));
      AuthKey key = authKey.authKey();
      try {
        InnerMessage m =
            instant == null
                ? MessageOpener.openStateless(key, senderOption.get(), bytes)
                : MessageOpener.openStateless(key, senderOption.get(), bytes, instant);
        EncryptedFrame f = EncryptedFrame.parse(bytes);
        return new Report()
            .put("auth_key_id", f.authKeyId().hex())
            .put("msg_key", f.msgKey().hex())
            .put("server_salt", m.salt().hex())
            .put("session_id", m.sessionId().hex())
            .put("msg_id", Long.toUnsignedString(m.msgId().value()))
            .put("seq_no", m.seqNo())
            .put("message_data", m.data().hex());
      } finally {
        key.destroy();
      }
    }

    /** The time window {@code --now} turns on, as the help prints it: "(-300 s/+30 s)". */
    static String windowText(SessionPolicy policy) {
      return "(-" + policy.maxPast().toSeconds() + " s/+" + policy.maxFuture().toSeconds() + " s)";
    }

    /**
     * Puts the window of {@link SessionPolicy#standard()}, the policy {@link
     * MessageOpener#openStateless} checks, where the description says {@link #WINDOW}, so the help
     * prints what the library decides. Stateless and thread-safe.
     */
    static final class Window implements CommandLine.IModelTransformer {
      @Override
      public CommandSpec transform(CommandSpec spec) {
        String window = windowText(SessionPolicy.standard());
        String[] lines = spec.usageMessage().description().clone();
        for (int i = 0; i < lines.length; i++) {
          lines[i] = lines[i].replace(WINDOW, window);
        }
        spec.usageMessage().description(lines);
        return spec;
      }
    }
  }
}
