// How an object holding a key is reached, worked out only for such objects after the one pass over every
// object (`history`, full scan): from a ref (attributed to the commit that introduced it), only from a
// reflog (an older stash entry, an amended or reset commit), or from nothing (dangling) until git gc
// prunes it. Each answer costs a git walk, so each is started only when a hit needs it, and once.
import { gitError, type Git } from '../../git/index.js';
import { stagedBlobs, type Reachable } from './unreachable.js';

export type { Reachable };

export class Reachability {
  private reachableCommits?: Promise<Set<string>>;
  private reflog?: Promise<Map<string, string>>;
  private reachableBlobs?: Promise<Set<string>>;
  private staged?: Promise<Set<string>>;

  /** `commits`: every commit the repository holds; `tags`: every tag object → what it names. */
  constructor(
    private readonly git: Git,
    private readonly commits: readonly string[],
    private readonly tags: ReadonlyMap<string, string>,
  ) {}

  /** The commits no ref reaches: their introductions attribute blobs no reachable commit introduced. */
  async unreachableCommits(): Promise<string[]> {
    const reachable = await this.commitsFromRefs();
    return this.commits.filter((c) => !reachable.has(c));
  }

  async ofCommit(oid: string): Promise<Reachable | undefined> {
    return (await this.commitsFromRefs()).has(oid) ? undefined : this.outside(oid);
  }

  /** A tag object: reachable when a ref names it, or a reachable tag does (a tag of a tag). */
  async ofTag(oid: string, refTargets: ReadonlySet<string>): Promise<Reachable | undefined> {
    const reached = new Set<string>();
    for (const target of refTargets) {
      for (let at = target; this.tags.has(at) && !reached.has(at); at = this.tags.get(at)!) reached.add(at);
    }
    return reached.has(oid) ? undefined : this.outside(oid);
  }

  /**
   * A blob no reachable commit introduced (`namedByRef`: a ref names it directly): reachable, held only
   * by a reflog, staged only (then it is `staged`'s, not history's: git counts the index as a root, as
   * fsck and gc do), or dangling.
   */
  async ofBlob(oid: string, namedByRef: boolean): Promise<Reachable | 'reachable' | 'staged'> {
    if (namedByRef) return 'reachable';
    if ((await this.reflogObjects()).has(oid)) return 'reflog-only';
    if ((await this.blobsFromRefs()).has(oid)) return 'reachable';
    return (await this.stagedBlobs()).has(oid) ? 'staged' : 'dangling';
  }

  /** The path a reflog commit's tree gives an object, if any. */
  async reflogPath(oid: string): Promise<string | undefined> {
    return (await this.reflogObjects()).get(oid) || undefined;
  }

  private async outside(oid: string): Promise<Reachable> {
    return (await this.reflogObjects()).has(oid) ? 'reflog-only' : 'dangling';
  }

  private commitsFromRefs(): Promise<Set<string>> {
    return (this.reachableCommits ??= this.lines(['rev-list', '--missing=print', '--all']).then((lines) => new Set(lines)));
  }

  /** Objects a reflog holds that no ref does, with the paths reflog commits' trees give them. */
  private reflogObjects(): Promise<Map<string, string>> {
    return (this.reflog ??= this.lines(['rev-list', '--objects', '--missing=print', '--reflog', '--not', '--all']).then((lines) => {
      const paths = new Map<string, string>();
      for (const line of lines) {
        const space = line.indexOf(' ');
        const oid = space === -1 ? line : line.slice(0, space);
        if (!paths.has(oid)) paths.set(oid, space === -1 ? '' : line.slice(space + 1));
      }
      return paths;
    }));
  }

  /** Every blob a ref reaches: the one full walk, paid only for a blob neither introduced, named by a ref nor in a reflog. */
  private blobsFromRefs(): Promise<Set<string>> {
    return (this.reachableBlobs ??= this.lines(['rev-list', '--objects', '--missing=print', '--filter=object:type=blob', '--all']).then(
      (lines) => new Set(lines.map((line) => line.split(' ')[0])),
    ));
  }

  private stagedBlobs(): Promise<Set<string>> {
    return (this.staged ??= stagedBlobs(this.git));
  }

  private async lines(args: string[]): Promise<string[]> {
    const result = await this.git.run(args);
    if (result.code !== 0) throw gitError(this.git.cwd, args, result.stderr);
    return result.stdout.toString('utf8').split('\n').filter((line) => line && !line.startsWith('?'));
  }
}
