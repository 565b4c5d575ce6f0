// MTLab's driver for mtcute (npm "@mtcute/node", pinned in package-lock.json) against an MTLab
// server: its client with MTLab's RSA key added to mtcute's key table at run time (its own
// addPublicKey), a DC table naming the server, and a transport of our choosing built from
// mtcute's own packet codecs. It creates an auth key, then waits for its own pings
// (ping_delay_disconnect, at a short interval) to be answered, and makes one RPC that the
// server answers with rpc_error. Prints one JSON line; exits non-zero on failure.
//
//   node mtcute-client.mjs --host 127.0.0.1 --port 4430 \
//       --transport intermediate|padded|obfuscated-intermediate|obfuscated-padded|obfuscated-abridged \
//       --n <modulus hex> --e <exponent decimal> [--pings 3] [--legacy-rsa] [--timeout-ms 30000]
//
// --legacy-rsa registers the key as "old", which makes mtcute encrypt the inner data with the
// scheme before RSA_PAD (SHA-1 + data + padding, raw RSA).
import nodeCrypto from "node:crypto";
import { connectTcp } from "@fuman/node";
import {
  BaseTelegramClient, MemoryStorage, IntermediatePacketCodec, PaddedIntermediatePacketCodec,
  ObfuscatedPacketCodec,
} from "@mtcute/node";
import { addPublicKey } from "@mtcute/node/utils.js";

function args() {
  const out = { pings: "3", "timeout-ms": "30000" };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const k = a[i].replace(/^--/, "");
    if (k === "legacy-rsa") out[k] = true; else out[k] = a[++i];
  }
  for (const k of ["host", "port", "transport", "n", "e"]) {
    if (!out[k]) throw new Error("missing --" + k);
  }
  return out;
}

function b64url(hex) {
  let h = hex.replace(/^0+/, "");
  if (h.length % 2) h = "0" + h;
  return Buffer.from(h, "hex").toString("base64url");
}

// An abridged codec for inside obfuscation (mtcute ships intermediate and padded only).
class AbridgedPacketCodec {
  tag() { return new Uint8Array([0xef]); }
  decode(reader, eof) {
    if (eof || reader.available < 1) return null;
    const first = reader.readSync(1)[0];
    let words = first;
    let head = 1;
    if (first >= 0x7f) {
      if (reader.available < 3) { reader.rewind(1); return null; }
      const b = reader.readSync(3);
      words = b[0] | (b[1] << 8) | (b[2] << 16);
      head = 4;
    }
    const length = words * 4;
    if (reader.available < length) { reader.rewind(head); return null; }
    return new Uint8Array(reader.readSync(length));
  }
  encode(frame, into) {
    const words = frame.length / 4;
    const head = words < 0x7f ? new Uint8Array([words])
      : new Uint8Array([0x7f, words & 255, (words >> 8) & 255, (words >> 16) & 255]);
    const out = into.writeSync(head.length + frame.length);
    out.set(head, 0);
    out.set(frame, head.length);
    into.disposeWriteSync();
  }
  reset() {}
}

function codecFor(name) {
  switch (name) {
    case "intermediate": return () => new IntermediatePacketCodec();
    case "padded": return () => new PaddedIntermediatePacketCodec();
    case "obfuscated-intermediate":
      return () => new ObfuscatedPacketCodec(new IntermediatePacketCodec());
    case "obfuscated-padded":
      return () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec());
    case "obfuscated-abridged":
      return () => new ObfuscatedPacketCodec(new AbridgedPacketCodec());
    default: throw new Error("unknown transport " + name);
  }
}

async function main() {
  const o = args();
  const pem = nodeCrypto.createPublicKey({
    key: { kty: "RSA", n: b64url(o.n), e: b64url(BigInt(o.e).toString(16)) }, format: "jwk",
  }).export({ type: "pkcs1", format: "pem" });
  const sha1 = (d) => new Uint8Array(nodeCrypto.createHash("sha1").update(d).digest());
  addPublicKey({ sha1 }, pem, Boolean(o["legacy-rsa"]));

  const wanted = Number(o.pings);
  const rtts = [];
  let done;
  const enoughPongs = new Promise((resolve) => { done = resolve; });
  const makeCodec = codecFor(o.transport);
  const dc = { id: 1, ipAddress: o.host, port: Number(o.port) };
  const tg = new BaseTelegramClient({
    apiId: 1, apiHash: "00000000000000000000000000000000",
    storage: new MemoryStorage(),
    defaultDcs: { main: dc, media: dc },
    transport: {
      connect: async (d) => {
        const c = await connectTcp({ address: d.ipAddress, port: d.port });
        c.setNoDelay(true);
        return c;
      },
      packetCodec: makeCodec,
    },
    network: { pingInterval: 50 },
    logLevel: 5,
  });
  const errors = [];
  tg.log.mgr.handler = (color, level, tag, fmt, fargs) => {
    if (fmt.includes("received pong")) {
      rtts.push(Number(fargs[2]));
      if (rtts.length >= wanted) done();
    } else if (level <= 1) {
      errors.push(fmt.replace(/%[a-z]/g, () => String(fargs.shift())));
    }
  };
  const timeout = Number(o["timeout-ms"]);
  const timer = setTimeout(() => {
    console.log(JSON.stringify({ client: "mtcute", error: "timed out", errors, pongs: rtts.length }));
    process.exit(1);
  }, timeout);
  const started = Date.now();
  await tg.connect();
  let rpcError = null;
  try {
    await tg.call({ _: "help.getNearestDc" });
  } catch (e) {
    rpcError = { code: e.code, text: e.text };
  }
  const handshakeMs = Date.now() - started;
  await enoughPongs;
  const key = await tg.storage.provider.authKeys.get(1);
  if (!key) throw new Error("no auth key stored");
  const keyId = nodeCrypto.createHash("sha1").update(key).digest().subarray(12, 20);
  clearTimeout(timer);
  await tg.destroy();
  console.log(JSON.stringify({
    client: "mtcute", transport: o.transport, legacyRsa: Boolean(o["legacy-rsa"]),
    authKey: true, authKeyId: keyId.toString("hex"), handshakeMs,
    pings: wanted, pongs: Math.min(rtts.length, wanted), rttMs: rtts.slice(0, wanted), rpcError,
  }));
}

main().then(() => process.exit(0), (e) => {
  console.log(JSON.stringify({ client: "mtcute", error: String(e && e.stack || e) }));
  process.exit(1);
});
