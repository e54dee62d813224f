// The git layer: every git process aisa-guard starts goes through here (see command.ts).
export { gitCommand, gitArgs, gitEnv, GIT_CONFIG_FLAGS } from './command.js';
export { Git, runGit, gitText, type GitOutput } from './spawn.js';
export { gitError, gitStartError, firstLine } from './errors.js';
export { batchObjects, readBlobs, CatFile, type GitObject, type BatchItem, type BatchOptions } from './catfile.js';
export { revArgs, resolveRev, hasObject, type RevSelection } from './revs.js';
export { openRepo, findWorkTree, type RepoInfo } from './repo.js';
