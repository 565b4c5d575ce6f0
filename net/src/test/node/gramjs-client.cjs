// MTLab's driver for GramJS (npm "telegram", pinned in package-lock.json): its own low-level
// MTProtoSender against an MTLab server, with the server's RSA key added to GramJS's key table
// at run time. Prints one JSON line; exits non-zero on failure.
//
//   node gramjs-client.cjs --host 127.0.0.1 --port 4430 --transport full|abridged|obfuscated \
//       --n <modulus hex> --e <exponent decimal> [--pings 3] [--timeout-ms 20000]
//
// GramJS 2.26.22 speaks abridged (plain or inside obfuscated2) and full; it sends the legacy
// p_q_inner_data (no DC), so the server must accept legacy clients.
"use strict";
const crypto = require("node:crypto");
const bigInt = require("big-integer");
const { Api } = require("telegram");
const network = require("telegram/network");
const { PromisedNetSockets, Logger } = require("telegram/extensions");
const RSA = require("telegram/crypto/RSA");

function args() {
  const out = { pings: "3", "timeout-ms": "20000" };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, "")] = a[i + 1];
  for (const k of ["host", "port", "transport", "n", "e"]) {
    if (!out[k]) throw new Error("missing --" + k);
  }
  return out;
}

// TL "bytes": length prefix (1 byte, or 0xfe + 3 bytes), data, zero padding to 4.
function tlBytes(b) {
  const head = b.length < 254 ? Buffer.from([b.length])
    : Buffer.from([254, b.length & 255, (b.length >> 8) & 255, (b.length >> 16) & 255]);
  const pad = (4 - ((head.length + b.length) % 4)) % 4;
  return Buffer.concat([head, b, Buffer.alloc(pad)]);
}

function unsignedBytes(hex) {
  let h = hex.replace(/^0+/, "");
  if (h.length % 2) h = "0" + h;
  return Buffer.from(h, "hex");
}

// fingerprint = the low 64 bits of SHA1(rsa_public_key n:bytes e:bytes), as a signed long.
function fingerprint(nHex, eHex) {
  const sha = crypto.createHash("sha1")
    .update(Buffer.concat([tlBytes(unsignedBytes(nHex)), tlBytes(unsignedBytes(eHex))]))
    .digest();
  return sha.readBigInt64LE(12);
}

function withTimeout(promise, ms, what) {
  let t;
  const timer = new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(what + " timed out after " + ms + " ms")), ms);
  });
  return Promise.race([promise, timer]).finally(() => clearTimeout(t));
}

async function main() {
  const o = args();
  const eHex = BigInt(o.e).toString(16);
  const fp = fingerprint(o.n, eHex);
  RSA._serverKeys.set(fp.toString(), { n: bigInt(o.n, 16), e: Number(o.e) });

  const classes = {
    full: network.ConnectionTCPFull,
    abridged: network.ConnectionTCPAbridged,
    obfuscated: network.ConnectionTCPObfuscated,
  };
  const Conn = classes[o.transport];
  if (!Conn) throw new Error("unknown transport " + o.transport);
  const logger = new Logger("none");
  let lastError = null;
  const connection = new Conn({
    ip: o.host, port: Number(o.port), dcId: 1, loggers: logger,
    proxy: undefined, socket: PromisedNetSockets, testServers: false,
  });
  const sender = new network.MTProtoSender(undefined, {
    logger, retries: 1, delay: 0, autoReconnect: false, connectTimeout: 10,
    client: { _errorHandler: async (e) => { lastError = e; } }, isMainSender: true, dcId: 1,
    onConnectionBreak: () => {},
  });
  const timeout = Number(o["timeout-ms"]);
  const started = Date.now();
  const ok = await withTimeout(sender.connect(connection), timeout, "connect");
  const key = sender.authKey.getKey();
  if (!ok || !key) throw lastError || new Error("no auth key");
  const handshakeMs = Date.now() - started;
  const rtts = [];
  let pongs = 0;
  for (let i = 1; i <= Number(o.pings); i++) {
    const id = bigInt(1000 + i);
    const t0 = process.hrtime.bigint();
    const pong = await withTimeout(sender.send(new Api.Ping({ pingId: id })), timeout, "ping");
    rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (pong instanceof Api.Pong && pong.pingId.eq(id)) pongs++;
  }
  await sender.disconnect();
  const keyId = crypto.createHash("sha1").update(key).digest().subarray(12, 20);
  console.log(JSON.stringify({
    client: "gramjs", version: require("telegram/package.json").version,
    transport: o.transport, authKey: true, authKeyId: keyId.toString("hex"),
    handshakeMs, pings: Number(o.pings), pongs, rttMs: rtts,
  }));
}

main().then(() => process.exit(0), (e) => {
  console.log(JSON.stringify({ client: "gramjs", error: String(e && e.stack || e) }));
  process.exit(1);
});
