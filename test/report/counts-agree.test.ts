// Issue 22: one count of keys and places in every format, through the CLI; the HTML page names the
// repository, the command and the date; a scan of files on disk says nothing about branch tips.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const A = fakeKey('counts-a');
const B = fakeKey('counts-b');

describe('reports agree', () => {
  it('text, github, html: "2 AIsa keys in 3 places" for one run; HTML names repository, command, date', () => {
    const r = temp.repo();
    r.commit('keys', { 'a.env': `K=${A}\n`, 'b.env': `K=${A}\n`, 'c.env': `K=${B}\n` });
    r.write({ 'untracked.env': 'nothing\n' });
    const text = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    const github = runCli(['scan', '.', '--format', 'github'], { cwd: r.dir, env: gitEnv() });
    const html = runCli(['scan', '.', '--format', 'html'], { cwd: r.dir, env: gitEnv() });
    for (const run of [text, github, html]) expect(run.code).toBe(1);
    expect(text.stdout).toMatch(/^✖ 2 AIsa keys in 3 places found in 4 files /m);
    expect(github.stdout).toMatch(/^aisa-guard: 2 AIsa keys in 3 places found in 4 files\. /m);
    expect(html.stdout).toContain('<p class="lede">2 AIsa keys in 3 places.</p>');
    const today = new Date().toISOString().slice(0, 10);
    expect(html.stdout).toMatch(new RegExp(`<p class="scope">Repository ${path.basename(r.dir)} \\(${r.dir}\\) · aisa-guard scan · ${today} \\d\\d:\\d\\d:\\d\\d UTC</p>`));
    expect(html.stdout).not.toContain('branch tip');
  });

  it('history: the same count, and branch tips named', () => {
    const r = temp.repo();
    r.commit('keys', { 'a.env': `K=${A}\n`, 'b.env': `K=${A}\n`, 'c.env': `K=${B}\n` });
    const text = runCli(['history', '--repo', r.dir], { cwd: r.dir, env: gitEnv() });
    const html = runCli(['history', '--repo', r.dir, '--format', 'html'], { cwd: r.dir, env: gitEnv() });
    expect(text.stdout).toMatch(/^✖ 2 AIsa keys in 3 places found in /m);
    expect(html.stdout).toContain('<p class="lede">2 AIsa keys in 3 places, introduced by 1 commit from 1 author.</p>');
    expect(html.stdout).toContain('aisa-guard history');
    expect(html.stdout).toContain('still present at a branch tip');
  });
});
