// contrib.test.mjs - the shipped systemd unit (contrib/bangfu.service)
// stays valid: systemd-analyze verify accepts it (with ExecStart pointed at
// the binary under test), every option it gives `bangfu serve` exists, and
// the hardening the README promises is in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, BIN, cli } from '../lib/harness.mjs';

const UNIT = readFileSync(join(ROOT, 'contrib/bangfu.service'), 'utf8');
const execStart = UNIT.replace(/\\\n\s*/g, ' ').match(/^ExecStart=(\S+) serve (.*)$/m);

test('the unit sets the hardening options', () => {
  for (const line of ['Restart=on-failure', 'User=bangfu', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/bangfu',
    'NoNewPrivileges=yes', 'PrivateTmp=yes', 'ProtectHome=yes', 'CapabilityBoundingSet=\n',
    'RestrictAddressFamilies=', 'SystemCallFilter=@system-service', 'KillSignal=SIGTERM'])
    assert.ok(UNIT.includes(line), line.trim());
});

test('every option of its ExecStart is one `bangfu serve` knows', () => {
  assert.ok(execStart, 'ExecStart=… serve …');
  const help = cli(['serve', '--help']).stdout;
  const flags = execStart[2].match(/--[a-z-]+/g);
  assert.ok(flags.includes('--trusted-proxy'));
  for (const f of flags) assert.match(help, new RegExp(`^  ${f} `, 'm'), f);
});

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
test('systemd-analyze verify accepts it', { skip: !analyze && 'systemd-analyze is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-unit-'));
  try {
    const unit = join(dir, 'bangfu.service');
    writeFileSync(unit, UNIT.replace(execStart[1], BIN));
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
