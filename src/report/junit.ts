// JUnit XML for GitLab, Jenkins and other CI test-report views: one failing test case per finding,
// one passing case when clean (an empty suite reads as "no tests ran").
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { positionText, scopeText } from './summary.js';
import { HELP_TEXT, RULES, findingMessage, safeSnippet } from './rules.js';
import { escapeControl as e, escapeMarkup, markupEntities } from './escape.js';

export const junitReporter: Reporter = (result, context) => {
  const count = result.findings.length;
  const seconds = (result.stats.ms / 1000).toFixed(3);
  const suite = `aisa-guard ${context.command}`;
  const cases = count
    ? result.findings.map(failingCase)
    : [`    <testcase classname="aisa-guard" name="no AIsa keys in ${scopeText(result)}" time="${seconds}"/>`];
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
  const where = f.location === 'path' ? `${f.file} (file name)` : `${f.file}${positionText(f)}`;
  const details = [
    findingMessage(f),
    `${e(where)}  ${safeSnippet(f)}`,
    ...(f.commit ? [`commit ${f.commit}${f.author ? ` by ${e(f.author)}` : ''}${f.date ? ` on ${e(f.date)}` : ''}`] : []),
    '',
    HELP_TEXT,
  ].join('\n');
  return [
    `    <testcase classname="${xml(f.file)}" name="${xml(`${where} ${f.ruleId}`)}" file="${xml(f.file)}" line="${f.line}">`,
    `      <failure type="${f.ruleId}" message="${xml(`${RULES[f.ruleId].title} ${f.redacted} at ${where}`)}">${markupEntities(details)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** One field: markup and control characters escaped (see escape.ts). */
export const xml = escapeMarkup;
