#!/bin/sh
':' //; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"
// npm run build:cli puts these lines at the top of dist/cli.js. sh runs line 2; Node reads it as a
// string and a comment. Node 20 parses every certificate named by NODE_EXTRA_CA_CERTS while it
// starts (about 50 ms on a 2-core machine, more than a whole window export takes), and npyview
// never opens a TLS connection, so the launcher drops the variable. `node dist/cli.js` also works.
