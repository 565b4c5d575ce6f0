package org.mtlab.tl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.wire.MessageId;

/**
 * Jazzer target over the service-message reader (docs/security.md §3.5, B64): arbitrary bytes
 * either parse or give {@link CheckFailedException}; nothing else may escape. What parses must
 * write back to exactly the same bytes (the encoding is canonical), and each message inside a
 * container is parsed too. Seeds: {@code src/test/resources/org/mtlab/tl/
 * ServiceMessageFuzzTestInputs/parse/}.
 */
class ServiceMessageFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) {
    ServiceMessage m;
    try {
      m = ServiceMessage.parse(data);
    } catch (CheckFailedException expected) {
      return;
    }
    byte[] back = m.toBytes().toByteArray();
    if (!Arrays.equals(back, data)) {
      throw new AssertionError("parse then write changed the bytes");
    }
    if (m instanceof ServiceMessage.MsgContainer msgContainer) {
      for (ServiceMessage.Message inner : msgContainer.messages()) {
        try {
          ServiceMessage.parse(inner.body());
        } catch (CheckFailedException expected) {
          // bodies may be API objects this reader does not know
        }
      }
      try {
        msgContainer.checkIdsBelow(new MessageId(Long.MIN_VALUE));
      } catch (CheckFailedException expected) {
        // ids may be anything
      }
    }
  }
}
