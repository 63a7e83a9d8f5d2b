'use strict';
// What the small grpc-js scripts beside this file share: proto loading and the one-line JSON answer.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const codeNames = Object.fromEntries(Object.entries(grpc.status).map(([name, code]) => [code, name]));

function codeName(code) {
  return codeNames[code] || 'UNKNOWN';
}

function load(protoPath) {
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [path.dirname(protoPath)],
  });
  return grpc.loadPackageDefinition(definition);
}

function printCallResult(err, fields) {
  const line = err
    ? { ok: false, code: err.code, codeName: codeName(err.code), details: err.details !== undefined ? err.details : String(err.message) }
    : { ok: true, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
}

module.exports = { grpc, load, codeName, printCallResult };
