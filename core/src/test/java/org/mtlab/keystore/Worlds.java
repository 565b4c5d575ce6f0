package org.mtlab.keystore;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mtlab.testing.MutableClock;

/** Shared fixtures for the world's tests: seeded randomness, a clock, SQLite worlds. */
final class Worlds {
  static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z
  static final UserId ALICE = UserId.of("alice");
  static final UserId BOB = UserId.of("bob");
  static final UserId CAROL = UserId.of("carol");
  static final Jurisdiction NL = Jurisdiction.of("NL");
  static final Jurisdiction CH = Jurisdiction.of("CH");
  static final Jurisdiction SG = Jurisdiction.of("SG");
  static final Jurisdiction BR = Jurisdiction.of("BR");
  static final Jurisdiction IS = Jurisdiction.of("IS");

  /** Storage in NL; custodians CH, SG, BR, IS; threshold 3. */
  static final WorldConfig CONFIG = WorldConfig.of("NL", List.of("CH", "SG", "BR", "IS"), 3);

  private Worlds() {}

  static SecureRandom random(String stream) {
    return org.mtlab.testing.Seeds.secureRandom(42, stream);
  }

  static MutableClock clock() {
    return new MutableClock(T0);
  }

  static Instant now(MutableClock clock) {
    return clock.instant();
  }

  /** A fresh world with SQLite files in {@code dir}, devices in {@code dir/devices}. */
  static World sqlite(Path dir, WorldConfig config, MutableClock clock) throws Exception {
    WorldStores stores = WorldStores.inFolder(dir, config, Map.of());
    stores.save(dir);
    return World.create(
        config, stores, DeviceStore.inFolder(dir.resolve("devices")), random("world"), clock);
  }

  /** Opens the world in {@code dir} again (sealed). */
  static World reopen(Path dir, MutableClock clock) throws Exception {
    return World.open(
        WorldStores.load(dir),
        DeviceStore.inFolder(dir.resolve("devices")),
        random("reopen"),
        clock);
  }

  /** The reason of the check {@code call} fails; fails the test if it does not throw one. */
  static org.mtlab.CheckReason reasonOf(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    org.assertj.core.api.Assertions.assertThat(t)
        .isInstanceOf(org.mtlab.CheckFailedException.class);
    return ((org.mtlab.CheckFailedException) t).reason();
  }

  /** Orders for {@code chat} from each jurisdiction, served on its own data centre. */
  static List<LegalOrder> orders(ChatId chat, Instant at, String ref, Jurisdiction... from) {
    return java.util.Arrays.stream(from)
        .map(j -> LegalOrder.of(j, chat, ref + "-" + j.code(), at))
        .toList();
  }
}
