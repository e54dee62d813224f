// One self-contained page for a history audit: findings grouped by key, every commit, author, date
// and path where each key appears, a timeline of when keys entered history and whether they are still
// there, and what verification said. Inline CSS and SVG only: no scripts, no external resources.
import type { Finding, KeyStatus, ScanResult } from '../types.js';
import type { ReportContext, Reporter } from './types.js';
import { HELP_TEXT, RULES } from './rules.js';
import { plural } from '../words.js';
import { escapeMarkup } from './escape.js';
import { keysText, positionText } from './summary.js';
import path from 'node:path';

interface KeyGroup {
  fingerprint: string;
  redacted: string;
  findings: Finding[];
  /** Milliseconds since the epoch of the first and last appearance; undefined without dates. */
  first?: number;
  last?: number;
  presentAtTip: boolean;
  status?: KeyStatus;
  revocation?: Finding['revocation'];
}

export const htmlReporter: Reporter = (result, context) => {
  const groups = keyGroups(result.findings);
  const commits = new Set(result.findings.map((f) => f.commit).filter(Boolean));
  const authors = new Set(result.findings.map((f) => f.author).filter(Boolean));
  const present = groups.filter((g) => g.presentAtTip).length;
  const live = groups.filter((g) => g.status === 'live').length;
  const title = context.command === 'history' ? 'AIsa key history audit' : 'AIsa key audit';
  // "At a branch tip" means something only when commits were scanned (not for files on disk).
  const history = result.findings.some((f) => f.commit) || result.stats.commits !== undefined;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>aisa-guard: ${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="scope">${esc(scopeLine(context))}</p>
<p class="lede">${groups.length ? keysText(result.findings) : 'No AIsa keys found'}${commits.size ? `, introduced by ${plural(commits.size, 'commit')} from ${plural(authors.size, 'author')}` : ''}.</p>
<ul class="tiles">
${tile(groups.length, 'keys', groups.length ? 'bad' : 'good')}
${history ? tile(present, 'still present at a branch tip', present ? 'bad' : 'good') : ''}
${tile(live, 'verified live', live ? 'bad' : 'neutral')}
${tile(result.stats.suppressed ?? 0, 'suppressed', 'neutral')}
${result.stats.baselined !== undefined ? tile(result.stats.baselined, 'in baseline', 'neutral') : ''}
</ul>
</header>
<main>
${groups.length ? timeline(groups) : '<p class="clean">Nothing to report: no key was found.</p>'}
${groups.map(keySection).join('\n')}
${groups.length ? `<section class="fix"><h2>What to do</h2><p>${esc(HELP_TEXT)}</p></section>` : ''}
</main>
<footer>${esc(footer(result, context))}</footer>
</body>
</html>
`;
};

function keyGroups(findings: readonly Finding[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const f of findings) {
    let group = groups.get(f.fingerprint);
    if (!group) {
      group = { fingerprint: f.fingerprint, redacted: f.redacted, findings: [], presentAtTip: false };
      groups.set(f.fingerprint, group);
    }
    group.findings.push(f);
    group.presentAtTip ||= f.presentAtTip === true || f.commit === undefined;
    group.status ??= f.status;
    group.revocation ??= f.revocation;
    const time = timeOf(f);
    if (time !== undefined) {
      group.first = Math.min(group.first ?? time, time);
      group.last = Math.max(group.last ?? time, time);
    }
  }
  for (const group of groups.values()) {
    group.findings.sort((a, b) => (timeOf(a) ?? 0) - (timeOf(b) ?? 0) || compare(a.file, b.file) || a.line - b.line);
  }
  // Still-present keys first, then by when they entered history.
  return [...groups.values()].sort(
    (a, b) => Number(b.presentAtTip) - Number(a.presentAtTip) || (a.first ?? 0) - (b.first ?? 0) || compare(a.fingerprint, b.fingerprint),
  );
}

const ROW = 34;
const LABEL = 190;
const WIDTH = 960;
const PLOT = WIDTH - LABEL - 120;
const PAD = 12;

/** One row per key: a dot for each commit that introduced it, a bar from first to last appearance,
 * running on to "now" (the newest date in the report) while the key is still at a tip. */
function timeline(groups: readonly KeyGroup[]): string {
  const dated = groups.filter((g) => g.first !== undefined);
  if (!dated.length) {
    return '<section class="timeline"><h2>Timeline</h2><p class="note">No commit dates: run <code>aisa-guard history --format html</code> for a timeline.</p></section>';
  }
  // Reduced, not spread: Math.min(...list) overflows the call stack past ~100,000 keys.
  const start = dated.reduce((low, g) => Math.min(low, g.first!), Infinity);
  const newest = dated.reduce((high, g) => Math.max(high, g.last!), -Infinity);
  const end = newest > start ? newest : start + 86_400_000;
  const x = (time: number) => LABEL + PAD + ((time - start) / (end - start)) * (PLOT - PAD);
  const height = dated.length * ROW + 40;
  const ticks = tickTimes(start, end)
    .map(({ time, label }) => `<line class="grid" x1="${x(time).toFixed(1)}" y1="0" x2="${x(time).toFixed(1)}" y2="${height - 24}"/><text class="tick" x="${x(time).toFixed(1)}" y="${height - 8}" text-anchor="middle">${label}</text>`)
    .join('');
  const rows = dated
    .map((g, i) => {
      const y = i * ROW + ROW / 2 + 4;
      const x1 = x(g.first!);
      const x2 = g.presentAtTip ? LABEL + PLOT + 20 : x(g.last!);
      const state = g.presentAtTip ? 'present' : 'gone';
      const dots = g.findings
        .filter((f) => timeOf(f) !== undefined)
        .map((f) => `<circle class="dot ${state}" cx="${x(timeOf(f)!).toFixed(1)}" cy="${y}" r="6"><title>${esc(`${f.commit?.slice(0, 12) ?? ''} ${f.author ?? ''} ${f.date ?? ''} ${f.file}`)}</title></circle>`)
        .join('');
      const endMark = g.presentAtTip
        ? `<path class="arrow" d="M${x2} ${y} l-9 -6 v12 z"/><text class="end present" x="${x2 + 6}" y="${y + 4}">still present</text>`
        : `<text class="end gone" x="${(x2 + 12).toFixed(1)}" y="${y + 4}">removed later</text>`;
      return `<g class="row"><a href="#key-${g.fingerprint.slice(0, 16)}"><text class="label" x="${LABEL - 12}" y="${y + 4}" text-anchor="end">${esc(g.redacted)}</text></a><line class="bar ${state}" x1="${x1.toFixed(1)}" y1="${y}" x2="${x2.toFixed(1)}" y2="${y}"/>${dots}${endMark}</g>`;
    })
    .join('\n');
  return `<section class="timeline"><h2>Timeline</h2>
<svg role="img" aria-label="When each key entered the history" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${ticks}
${rows}
</svg>
<p class="note">Dots: commits that introduced the key. A bar that runs to the right edge means the key is still in the files at a branch tip.</p></section>`;
}

function keySection(g: KeyGroup): string {
  const rules = [...new Set(g.findings.map((f) => RULES[f.ruleId].title))].join(', ');
  const paths = new Set(g.findings.map((f) => f.file));
  const rows = g.findings
    .map(
      (f) => `<tr><td>${f.commit ? `<code>${esc(f.commit.slice(0, 12))}</code>` : '<span class="muted">working tree</span>'}</td><td>${esc(shortDate(f.date))}</td><td>${esc(f.author ?? '')}${f.email ? ` <span class="muted">&lt;${esc(f.email)}&gt;</span>` : ''}</td><td><code>${esc(f.location === 'path' ? `${f.file} (file name)` : `${f.file}${positionText(f)}`)}</code>${f.encoding ? ` <span class="pill">${esc(f.encoding)}</span>` : ''}${f.objectKind && f.objectKind !== 'blob' ? ` <span class="pill">${esc(f.objectKind)}</span>` : ''}</td><td>${esc((f.refs ?? []).join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<section class="key" id="key-${g.fingerprint.slice(0, 16)}">
<h2><code>${esc(g.redacted)}</code> ${statusBadge(g)} ${g.presentAtTip ? '<span class="badge bad">still present</span>' : '<span class="badge neutral">no longer at any tip</span>'}</h2>
<dl>
<dt>Fingerprint</dt><dd><code>${esc(g.fingerprint)}</code></dd>
<dt>Rule</dt><dd>${esc(rules)}</dd>
${g.first !== undefined ? `<dt>First seen</dt><dd>${day(g.first)}</dd><dt>Last introduced</dt><dd>${day(g.last!)}</dd>` : ''}
<dt>Appears</dt><dd>${plural(g.findings.length, 'time')} in ${plural(paths.size, 'path')}</dd>
</dl>
<table>
<thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>Path</th><th>Refs</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function statusBadge(g: KeyGroup): string {
  if (!g.status) return '<span class="badge neutral">not verified</span>';
  const tone = g.status === 'live' ? 'bad' : g.status === 'unknown' ? 'warn' : 'good';
  return `<span class="badge ${tone}">${esc(g.status)}${g.revocation ? `, ${esc(g.revocation)}` : ''}</span>`;
}

function tile(value: number, label: string, tone: string): string {
  return `<li class="tile ${tone}"><strong>${value}</strong><span>${esc(label)}</span></li>`;
}

/** What was audited, how and when: the repository (its folder), the command, the date (UTC). */
function scopeLine(context: ReportContext): string {
  const date = (context.date ?? new Date()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `Repository ${path.basename(context.root) || context.root} (${context.root}) · aisa-guard ${context.command} · ${date}`;
}

function footer(result: ScanResult, context: ReportContext): string {
  const { files, objects, commits, ms } = result.stats;
  const scanned = [commits ? `${commits} commits` : '', objects ? `${objects} objects` : '', `${files} files`].filter(Boolean).join(', ');
  return `aisa-guard ${context.version} · ${context.command} · scanned ${scanned} in ${ms} ms · keys are shown redacted; fingerprints are sha256 hashes`;
}

/** At most seven round ticks: days for short spans, else the first of every 1, 2, 3, 6, 12… months. */
function tickTimes(start: number, end: number): { time: number; label: string }[] {
  const DAY = 86_400_000;
  if (end - start <= 45 * DAY) {
    const step = [DAY, 2 * DAY, 7 * DAY, 14 * DAY].find((s) => (end - start) / s <= 7) ?? 14 * DAY;
    const ticks = [];
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push({ time: t, label: day(t) });
    return ticks;
  }
  const months = (end - start) / (30.44 * DAY);
  const every = [1, 2, 3, 6, 12, 24, 60].find((m) => months / m <= 7) ?? 120;
  const first = new Date(start);
  const ticks = [];
  for (let m = first.getUTCFullYear() * 12 + first.getUTCMonth() + 1; ; m++) {
    const time = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (time > end) break;
    if (m % every === 0) ticks.push({ time, label: every >= 12 ? String(Math.floor(m / 12)) : day(time).slice(0, 7) });
  }
  return ticks;
}

function timeOf(f: Finding): number | undefined {
  const time = f.date ? Date.parse(f.date) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/** `2024-03-01T12:00:00+01:00` → `2024-03-01 12:00`; anything else as given. */
function shortDate(date: string | undefined): string {
  if (!date) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(date);
  return m ? `${m[1]} ${m[2]}` : date;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every interpolated text goes through the shared markup escaper (control characters shown as `\x1b`). */
export const esc = escapeMarkup;

const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#6a7385;--line:#e3e6ec;--bad:#c62828;--bad-bg:#fdecea;--good:#2e7d32;--good-bg:#e8f5e9;--warn:#b26a00;--warn-bg:#fff4e0;--neutral-bg:#eef0f4}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:1040px;margin:0 auto;padding:0 24px}
header{padding-top:28px}
h1{margin:0 0 4px;font-size:26px}
h2{font-size:18px;margin:0 0 12px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.lede{margin:0 0 16px;color:var(--muted)}
.tiles{display:flex;gap:12px;list-style:none;padding:0;margin:0 0 20px;flex-wrap:wrap}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:140px;border-top:4px solid var(--line)}
.tile strong{display:block;font-size:26px}
.tile span{color:var(--muted);font-size:13px}
.tile.bad{border-top-color:var(--bad)}.tile.good{border-top-color:var(--good)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
svg{max-width:100%;height:auto;display:block}
.grid{stroke:var(--line)}
.tick{font-size:11px;fill:var(--muted)}
.label{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;fill:var(--ink)}
.bar{stroke-width:6;stroke-linecap:round}
.bar.present{stroke:var(--bad)}.bar.gone{stroke:#9aa3b2}
.dot{stroke:#fff;stroke-width:2}.dot.present{fill:var(--bad)}.dot.gone{fill:#5f6b7d}
.arrow{fill:var(--bad)}
.end{font-size:12px}.end.present{fill:var(--bad);font-weight:600}.end.gone{fill:var(--muted)}
.note{color:var(--muted);font-size:13px;margin:8px 0 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 12px}
dt{color:var(--muted)}dd{margin:0;word-break:break-all}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-top:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;border-top:none}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}
.badge{font-size:12px;font-weight:600;border-radius:999px;padding:2px 10px}
.badge.bad{background:var(--bad-bg);color:var(--bad)}.badge.good{background:var(--good-bg);color:var(--good)}
.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.neutral{background:var(--neutral-bg);color:var(--muted)}
.pill{font-size:11px;background:var(--neutral-bg);border-radius:4px;padding:1px 6px;color:var(--muted)}
.muted{color:var(--muted)}
.clean{color:var(--good);font-weight:600}
footer{color:var(--muted);font-size:12px;padding-bottom:28px}
`;
