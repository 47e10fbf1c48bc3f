// The same work as ProofVerificationBenchmark.accountAndTwoSlots, done by @ethereumjs/mpt:
// verify the first fixture contract's account proof and two of its storage proofs, keys hashed
// on every operation. Prints operations per second on one core (Node runs one thread).
// Usage: node bench-proofs.mjs [fixtures.json] [seconds]
import fs from "fs";
import { verifyMerkleProof } from "@ethereumjs/mpt";
import { hexToBytes, setLengthLeft } from "@ethereumjs/util";

const file = process.argv[2] ?? "../../../shared/fixtures/state-proofs.json";
const seconds = Number(process.argv[3] ?? 10);
const d = JSON.parse(fs.readFileSync(file, "utf8"));
const c = d.cases[0];
const stateRoot = hexToBytes(d.stateRoot);
const address = hexToBytes(c.address.toLowerCase());
const accountProof = c.proof.accountProof.map(hexToBytes);
const storageRoot = hexToBytes(c.proof.storageHash);
const slots = c.proof.storageProof.slice(0, 2).map((s) => ({
  key: setLengthLeft(hexToBytes(s.key), 32),
  proof: s.proof.map(hexToBytes),
}));

async function once() {
  const account = await verifyMerkleProof(address, accountProof, { root: stateRoot, useKeyHashing: true });
  if (account === null) throw new Error("account proof failed");
  for (const s of slots) {
    const v = await verifyMerkleProof(s.key, s.proof, { root: storageRoot, useKeyHashing: true });
    if (v === null) throw new Error("storage proof failed");
  }
}

for (let i = 0; i < 2000; i++) await once(); // warm-up
const until = performance.now() + seconds * 1000;
let ops = 0;
const start = performance.now();
while (performance.now() < until) {
  for (let i = 0; i < 100; i++) await once();
  ops += 100;
}
const rate = ops / ((performance.now() - start) / 1000);
console.log(`@ethereumjs/mpt: ${Math.round(rate)} accountAndTwoSlots/s (${ops} in ${seconds} s, node ${process.version})`);
