// The PouchDB side of `peer_pouchdb_ratio` (bench/pouch.rs): a pouchdb-server
// (express-pouchdb on in-memory PouchDB) holding the same rows as sotay's server, and
// a PouchDB client (in memory) replicating them. Run by the bench with NODE_PATH set
// to the node_modules it installed under target/.
//
//   node pouch.js serve DOCS.json   loads the docs (untimed), prints "port N"
//   node pouch.js pull URL          replicates URL into a new local db, prints
//                                   "secs S" and "docs N"
'use strict';

const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'));

async function serve(file) {
  const fs = require('fs');
  const express = require('express');
  const Mem = PouchDB.defaults({ adapter: 'memory' });
  const docs = JSON.parse(fs.readFileSync(file, 'utf8'));
  const db = new Mem('docs');
  for (let i = 0; i < docs.length; i += 5000) {
    await db.bulkDocs(docs.slice(i, i + 5000));
  }
  const app = express();
  app.use('/', require('express-pouchdb')(Mem, { mode: 'minimumForPouchDB', logPath: '/dev/null' }));
  const server = app.listen(0, '127.0.0.1', () => {
    console.log('port ' + server.address().port);
  });
}

async function pull(url) {
  const local = new PouchDB('local', { adapter: 'memory' });
  const start = process.hrtime.bigint();
  // batch_size 1000 (PouchDB's default is 100): fewer, larger round trips, closer to
  // sotay's 5,000-row pages; both sides then write what they received.
  const result = await local.replicate.from(url, { batch_size: 1000 });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const info = await local.info();
  if (!result.ok) throw new Error('replication did not finish: ' + JSON.stringify(result.errors));
  console.log('secs ' + secs);
  console.log('docs ' + info.doc_count);
}

const [mode, arg] = process.argv.slice(2);
const run = mode === 'serve' ? serve(arg) : mode === 'pull' ? pull(arg) : Promise.reject(new Error('usage: pouch.js serve|pull'));
run.catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
