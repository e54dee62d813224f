// Small views of findings so the detector tests read as tables of exact positions.
import type { Finding } from '../../src/types.js';

export interface Spot {
  line: number;
  column: number;
  endColumn: number;
  ruleId: string;
  confidence: string;
  encoding?: string;
}

export function spots(findings: readonly Finding[]): Spot[] {
  return findings.map((f) => ({
    line: f.line,
    column: f.column,
    endColumn: f.endColumn,
    ruleId: f.ruleId,
    confidence: f.confidence,
    ...(f.encoding && { encoding: f.encoding }),
  }));
}

/** The text a single-line finding points at, read back from the original text by line and column. */
export function spanAt(text: string, f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (f.endLine !== f.line) throw new Error(`finding spans lines ${f.line}-${f.endLine}`);
  return lines[f.line - 1].slice(f.column - 1, f.endColumn - 1);
}

/** 1-based line and column (UTF-16 units) of an offset, counting \r\n, \r and \n as line ends. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export const percentDashes = (key: string) => key.replaceAll('-', '%2D');
export const percentAll = (key: string, lower = false) =>
  [...key].map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')[lower ? 'toLowerCase' : 'toUpperCase']()).join('');
