// Builds real git repositories in temp dirs for tests: a fixed identity and clock, no user config.
import { afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An environment that makes git deterministic and blind to the machine's own configuration. */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.com',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** Runs git in `cwd` and returns its trimmed stdout; throws (with stderr) when git fails. */
export function git(cwd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync('git', args, {
    cwd,
    env: gitEnv(options.env),
    input: options.input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  }).trimEnd();
}

/** A temp dir that `cleanup()` removes; tests call it in afterEach/afterAll. */
export function tempDir(prefix = 'aisa-guard-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export class TestRepo {
  /** Each commit gets a date one minute after the previous one, so order and dates are exact. */
  private clock = Date.UTC(2024, 0, 1, 12, 0, 0) / 1000;

  constructor(readonly dir: string) {}

  /** `git init -b main` in a fresh temp dir (or `dir`), optionally bare. */
  static init(options: { dir?: string; bare?: boolean; branch?: string } = {}): TestRepo {
    const dir = options.dir ?? tempDir();
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '-b', options.branch ?? 'main', ...(options.bare ? ['--bare'] : [])]);
    return new TestRepo(dir);
  }

  git(...args: string[]): string {
    return git(this.dir, args, { env: this.dateEnv() });
  }

  /** Writes files (creating folders); `null` deletes a file. Does not stage. */
  write(files: Record<string, string | Buffer | null>): void {
    for (const [name, content] of Object.entries(files)) {
      const full = path.join(this.dir, name);
      if (content === null) rmSync(full, { force: true });
      else {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
  }

  /** Writes `files`, stages everything (`git add -A`) and commits; returns the new commit's sha. */
  commit(message: string, files: Record<string, string | Buffer | null> = {}): string {
    this.write(files);
    this.git('add', '-A');
    this.tick();
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Merges `branch` into the current branch; `files` (written before committing) resolve or amend it. */
  merge(branch: string, message: string, files: Record<string, string | Buffer | null> = {}): string {
    this.tick();
    try {
      this.git('merge', '-q', '--no-ff', '--no-commit', branch);
    } catch {
      // A conflict: the caller's files resolve it.
    }
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  private tick(): void {
    this.clock += 60;
  }

  private dateEnv(): NodeJS.ProcessEnv {
    const stamp = `${this.clock} +0000`;
    return { GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp };
  }
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Temp dirs and repos that are removed after each test of the suite that calls this. */
export function perTestTemp(): { track(dir: string): string; repo(): TestRepo } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) cleanup(dir);
  });
  const track = (dir: string) => {
    dirs.push(dir);
    return dir;
  };
  const repo = () => {
    const r = TestRepo.init();
    track(r.dir);
    return r;
  };
  return { track, repo };
}
