#!/usr/bin/env node
// Makes a unary grpc-js call to any method path with a raw request message, without a .proto: for
// methods a server does not have (UNIMPLEMENTED) and bytes that are not a valid message.
//
// Usage: node raw-call.js <host:port> </package.Service/Method> <request-bytes-as-hex>
// Prints one line of JSON and exits 0: {"ok":true,"responseHex":"..."} or {"ok":false,"code":12,...}
'use strict';

const { grpc, printCallResult } = require('./shared');

const [address, method, hex] = process.argv.slice(2);
if (!address || !method || hex === undefined || !/^([0-9a-fA-F]{2})*$/.test(hex)) {
  process.stderr.write('usage: node raw-call.js <host:port> </package.Service/Method> <request-bytes-as-hex>\n');
  process.exit(2);
}

const client = new grpc.Client(address, grpc.credentials.createInsecure());
const identity = (bytes) => bytes;
client.makeUnaryRequest(method, identity, identity, Buffer.from(hex, 'hex'), { deadline: new Date(Date.now() + 10000) },
  (err, response) => {
    client.close();
    printCallResult(err, response && { responseHex: Buffer.from(response).toString('hex') });
  });
