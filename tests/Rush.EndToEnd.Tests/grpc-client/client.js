#!/usr/bin/env node
// Calls rush.kitchen.v1.OrderService.CreateOrder with grpc-js, an independent gRPC implementation,
// so the end-to-end tests check Rush's gRPC service against a real third-party client.
//
// Usage: node client.js <host:port> <path-to-orders.proto> <request-json> [deadlineMs]
//   deadlineMs defaults to 10000; 0 means no deadline.
//
// Prints exactly one line of JSON on stdout and exits 0:
//   {"ok":true,"response":{...}}                                  (fields with proto names, int64 as strings)
//   {"ok":false,"code":8,"codeName":"RESOURCE_EXHAUSTED","details":"..."}
// Exits 2 (with a message on stderr) only for usage errors: wrong arguments, unreadable proto, bad JSON.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const DEFAULT_DEADLINE_MS = 10000;

function usage(message) {
  process.stderr.write(`${message}\nusage: node client.js <host:port> <path-to-proto> <request-json> [deadlineMs]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length < 3 || args.length > 4) {
  usage('expected 3 or 4 arguments');
}
const [address, protoPath, requestJson, deadlineArg] = args;

let request;
try {
  request = JSON.parse(requestJson);
} catch (err) {
  usage(`request-json is not valid JSON: ${err.message}`);
}
if (request === null || typeof request !== 'object' || Array.isArray(request)) {
  usage('request-json must be a JSON object');
}

let deadlineMs = DEFAULT_DEADLINE_MS;
if (deadlineArg !== undefined) {
  if (!/^\d+$/.test(deadlineArg)) {
    usage(`deadlineMs must be a non-negative integer, got "${deadlineArg}"`);
  }
  deadlineMs = Number(deadlineArg);
}

let OrderService;
try {
  const definition = protoLoader.loadSync(path.resolve(protoPath), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [path.dirname(path.resolve(protoPath))],
  });
  const loaded = grpc.loadPackageDefinition(definition);
  OrderService = loaded.rush && loaded.rush.kitchen && loaded.rush.kitchen.v1 && loaded.rush.kitchen.v1.OrderService;
} catch (err) {
  usage(`cannot load ${protoPath}: ${err.message}`);
}
if (typeof OrderService !== 'function') {
  usage(`${protoPath} does not define rush.kitchen.v1.OrderService`);
}

const codeNames = Object.fromEntries(Object.entries(grpc.status).map(([name, code]) => [code, name]));

const client = new OrderService(address, grpc.credentials.createInsecure());
const options = deadlineMs > 0 ? { deadline: new Date(Date.now() + deadlineMs) } : {};

client.CreateOrder(request, options, (err, response) => {
  let line;
  if (err) {
    line = {
      ok: false,
      code: err.code,
      codeName: codeNames[err.code] || 'UNKNOWN',
      details: err.details !== undefined ? err.details : String(err.message),
    };
  } else {
    line = { ok: true, response };
  }
  client.close();
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
});
