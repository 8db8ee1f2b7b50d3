// Preloaded into the server or the CLI by the privacy test (node --require).
// Records every attempt to open a network connection or resolve a name, and
// lets it fail, then writes the record to SYNOPTIC_NET_LOG on exit.
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');
const dgram = require('node:dgram');

const attempts = [];
const record = (what) => (...args) => {
  attempts.push({ what, target: String(args[0] && (args[0].host || args[0].hostname || args[0].port || args[0])) });
  throw new Error(`network access blocked in test: ${what}`);
};
net.Socket.prototype.connect = record('net.Socket.connect');
net.connect = net.createConnection = record('net.connect');
tls.connect = record('tls.connect');
http.request = http.get = record('http.request');
https.request = https.get = record('https.request');
dns.lookup = record('dns.lookup');
dns.resolve = record('dns.resolve');
dgram.createSocket = record('dgram.createSocket');
if (typeof globalThis.fetch === 'function') globalThis.fetch = record('fetch');

process.on('exit', () => {
  if (process.env.SYNOPTIC_NET_LOG) fs.writeFileSync(process.env.SYNOPTIC_NET_LOG, JSON.stringify(attempts));
});
