// Compiles src/*.sol with the solc pinned in package.json and writes build/<Contract>.json
// (abi, creation and runtime bytecode, compiler version, source sha256).
//   node compile.mjs          write the artifacts
//   node compile.mjs --check  compile in memory; exit 1 if a committed artifact differs from the source
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, "src");
const buildDir = join(here, "build");
const check = process.argv.includes("--check");
// Cancun is the newest fork both anvil 1.7.1 and the chains we target run; pinned so that the bytecode
// does not change with the compiler's default.
const EVM_VERSION = "cancun";

const sources = {};
for (const f of readdirSync(srcDir).filter((f) => f.endsWith(".sol")).sort()) {
  sources[f] = { content: readFileSync(join(srcDir, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors ?? []).filter((e) => e.severity === "error");
for (const e of out.errors ?? []) console.error(e.formattedMessage);
if (errors.length) process.exit(2);

let differ = 0;
if (!check) mkdirSync(buildDir, { recursive: true });
for (const [file, contracts] of Object.entries(out.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // interfaces
    const artifact = JSON.stringify({
      contractName: name,
      source: `src/${file}`,
      sourceSha256: createHash("sha256").update(sources[file].content).digest("hex"),
      compiler: solc.version(),
      evmVersion: EVM_VERSION,
      abi: c.abi,
      bytecode: "0x" + c.evm.bytecode.object,
      deployedBytecode: "0x" + c.evm.deployedBytecode.object,
    }, null, 1) + "\n";
    const path = join(buildDir, `${name}.json`);
    if (check) {
      const same = existsSync(path) && readFileSync(path, "utf8") === artifact;
      if (!same) { differ++; console.error(`build/${name}.json does not match ${file}; run: node compile.mjs`); }
    } else {
      writeFileSync(path, artifact);
      console.log(`build/${name}.json`);
    }
  }
}
if (check) {
  console.log(differ ? `${differ} artifact(s) out of date` : "artifacts match sources");
  process.exit(differ ? 1 : 0);
}
