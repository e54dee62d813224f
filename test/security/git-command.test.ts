// The one git command line: every hardening setting present, and the two opt-outs narrow exactly one each.
import { describe, expect, it } from 'vitest';
import { gitArgs, gitEnv } from '../../src/git/index.js';

describe('gitArgs / gitEnv', () => {
  it('puts --no-pager and every -c setting before the subcommand', () => {
    const args = gitArgs(['ls-files', '-z']);
    expect(args[0]).toBe('--no-pager');
    expect(args.slice(-2)).toEqual(['ls-files', '-z']);
    const settings = args.filter((_, i) => args[i - 1] === '-c');
    expect(settings).toEqual([
      'core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.pager=cat', 'diff.external=', 'core.askPass=',
      'credential.helper=', 'core.sshCommand=', 'protocol.allow=never', 'log.showSignature=false', 'gpg.program=false',
    ]);
  });

  it('keepHooksPath drops only core.hooksPath; network drops only protocol.allow', () => {
    const all = gitArgs(['x']);
    expect(all.length - gitArgs(['x'], { keepHooksPath: true }).length).toBe(2);
    expect(gitArgs(['x'], { keepHooksPath: true })).not.toContain('core.hooksPath=/dev/null');
    expect(gitArgs(['x'], { network: true })).not.toContain('protocol.allow=never');
    expect(gitArgs(['x'], { network: true })).toContain('core.fsmonitor=false');
  });

  it('the environment turns replace objects, pagers and prompts off and drops program variables', () => {
    const env = gitEnv({ PATH: '/bin', GIT_EXTERNAL_DIFF: 'evil', GIT_SSH_COMMAND: 'evil', GIT_PAGER: 'less' });
    expect(env).toMatchObject({ PATH: '/bin', GIT_NO_REPLACE_OBJECTS: '1', GIT_PAGER: 'cat', PAGER: 'cat', GIT_ASKPASS: '', SSH_ASKPASS: '', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });
    expect(env.GIT_EXTERNAL_DIFF).toBeUndefined();
    expect(env.GIT_SSH_COMMAND).toBeUndefined();
  });
});
