#!/usr/bin/env node
// Asks a server what it serves through gRPC server reflection (grpc.reflection.v1alpha), as
// `grpcurl -plaintext <host:port> list` does, with grpc-js.
//
// Usage: node reflection.js <host:port> [symbol]
// Prints one line of JSON and exits 0:
//   {"ok":true,"services":["..."],"symbolFiles":["<FileDescriptorProto bytes as latin1 text>"]}
//   {"ok":false,"code":12,"codeName":"UNIMPLEMENTED","details":"..."}
// With a symbol (e.g. rush.kitchen.v1.OrderService) it also asks for the file that defines it.
'use strict';

const path = require('node:path');
const { grpc, load, codeName } = require('./shared');

const [address, symbol] = process.argv.slice(2);
if (!address) {
  process.stderr.write('usage: node reflection.js <host:port> [symbol]\n');
  process.exit(2);
}

const { ServerReflection } = load(path.join(__dirname, 'protos', 'grpc', 'reflection', 'v1alpha', 'reflection.proto'))
  .grpc.reflection.v1alpha;
const client = new ServerReflection(address, grpc.credentials.createInsecure());
const call = client.ServerReflectionInfo({ deadline: new Date(Date.now() + 10000) });
const result = { ok: true, services: [], symbolFiles: [], errors: [] };
let failed = null;

call.on('data', (response) => {
  if (response.list_services_response) {
    result.services.push(...response.list_services_response.service.map((s) => s.name));
  } else if (response.file_descriptor_response) {
    result.symbolFiles.push(...response.file_descriptor_response.file_descriptor_proto.map((b) => Buffer.from(b).toString('latin1')));
  } else if (response.error_response) {
    result.errors.push(response.error_response.error_message);
  }
});
call.on('error', (err) => { failed = err; });
call.on('close', () => {
  client.close();
  const line = failed
    ? { ok: false, code: failed.code, codeName: codeName(failed.code), details: failed.details }
    : result;
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
});

call.write({ host: '', list_services: '' });
if (symbol) {
  call.write({ host: '', file_containing_symbol: symbol });
}
call.end();
