// JUnit XML for GitLab, Jenkins and other CI test-report views: one failing test case per finding,
// one passing case when clean (an empty suite reads as "no tests ran").
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { plural } from '../words.js';
import { HELP_TEXT, RULES, findingMessage, safeSnippet } from './rules.js';

export const junitReporter: Reporter = (result, context) => {
  const count = result.findings.length;
  const seconds = (result.stats.ms / 1000).toFixed(3);
  const suite = `aisa-guard ${context.command}`;
  const cases = count
    ? result.findings.map(failingCase)
    : [`    <testcase classname="aisa-guard" name="no AIsa keys in ${plural(result.stats.files, 'file')}" time="${seconds}"/>`];
  const tests = Math.max(count, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aisa-guard" tests="${tests}" failures="${count}" errors="0" time="${seconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${tests}" failures="${count}" errors="0" skipped="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

function failingCase(f: Finding): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const details = [
    findingMessage(f),
    `${where}  ${safeSnippet(f) ?? '(snippet withheld: it holds the key)'}`,
    ...(f.commit ? [`commit ${f.commit}${f.author ? ` by ${f.author}` : ''}${f.date ? ` on ${f.date}` : ''}`] : []),
    '',
    HELP_TEXT,
  ].join('\n');
  return [
    `    <testcase classname="${xml(f.file)}" name="${xml(`${where} ${f.ruleId}`)}" file="${xml(f.file)}" line="${f.line}">`,
    `      <failure type="${f.ruleId}" message="${xml(`${RULES[f.ruleId].title} ${f.redacted} at ${where}`)}">${xml(details)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Escapes markup and drops characters XML 1.0 cannot hold at all (control characters, lone surrogates). */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
