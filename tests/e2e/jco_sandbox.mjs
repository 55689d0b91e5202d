// `jco run --jco-import jco_sandbox.mjs`: gives the component the sandbox `stratus run` would,
// since jco run has no --dir or --env. It does what jco's own (unexposed) --sandbox setup
// does: the environment is exactly STRATUS_JCO_SANDBOX's `env`, the preopens exactly its
// `preopens` ([[guest, host], ...]), no initial cwd, no network.
//   STRATUS_JCO_SANDBOX='{"env": {"K": "V"}, "preopens": [[".", "/tmp/box"]]}'
import { _setCwd, _setEnv } from '@bytecodealliance/preview2-shim/cli';
import { _addPreopen, _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { _denyDnsLookup, _denyTcp, _denyUdp } from '@bytecodealliance/preview2-shim/sockets';
import { env as hostEnv } from 'node:process';

const sandbox = JSON.parse(hostEnv.STRATUS_JCO_SANDBOX ?? '{}');
_setEnv(sandbox.env ?? {});
_setCwd(undefined);
_setPreopens({});
for (const [guest, host] of sandbox.preopens ?? []) _addPreopen(guest, host);
_denyDnsLookup();
_denyTcp();
_denyUdp();
