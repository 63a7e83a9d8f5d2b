#!/usr/bin/env node
// Calls the standard grpc.health.v1.Health/Check with grpc-js.
//
// Usage: node health.js <host:port> [service]   (service defaults to "", the whole server)
// Prints one line of JSON and exits 0: {"ok":true,"status":"SERVING"} or {"ok":false,"code":5,"codeName":"NOT_FOUND","details":"..."}
'use strict';

const path = require('node:path');
const { grpc, load, printCallResult } = require('./shared');

const [address, service = ''] = process.argv.slice(2);
if (!address) {
  process.stderr.write('usage: node health.js <host:port> [service]\n');
  process.exit(2);
}

const { Health } = load(path.join(__dirname, 'protos', 'grpc', 'health', 'v1', 'health.proto')).grpc.health.v1;
const client = new Health(address, grpc.credentials.createInsecure());
client.Check({ service }, { deadline: new Date(Date.now() + 10000) }, (err, response) => {
  client.close();
  printCallResult(err, response && { status: response.status });
});
